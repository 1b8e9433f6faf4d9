import { v7 as uuidv7, validate, version } from 'uuid';

/** Time-ordered ids: rows inserted together sit together in the index. */
export function newId(): string {
  return uuidv7();
}

/** Any RFC 4122 UUID; ids arriving from clients are checked before they reach a query. */
export function isUuid(value: string): boolean {
  return validate(value) && version(value) >= 1;
}
