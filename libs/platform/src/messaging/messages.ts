import {
  create,
  isFieldSet,
  toJson,
  type DescMessage,
  type JsonObject,
  type MessageShape,
} from '@bufbuild/protobuf';
import { FeatureSet_FieldPresence } from '@bufbuild/protobuf/wkt';

/**
 * A row (or any plain object) as a message of `schema`: Date values become ISO 8601 timestamps,
 * null leaves a field unset (absent optional fields stay absent), and keys the schema does not
 * have are ignored. Where a field is renamed or computed, say so in the object given.
 */
export function messageOf<S extends DescMessage>(schema: S, values: object): MessageShape<S> {
  return create(schema, withIsoDates(values) as never);
}

function withIsoDates(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(withIsoDates);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withIsoDates(v)]));
  }
  return value;
}

/**
 * A message in protobuf-es's JSON form (camelCase names, decimal strings as they are), as the
 * REST API answers: every field present, an absent optional field or message as null.
 */
export function messageJson<S extends DescMessage>(
  schema: S,
  message: MessageShape<S>,
): JsonObject {
  const json = toJson(schema, message, { alwaysEmitImplicit: true }) as JsonObject;
  withNulls(schema, message as Record<string, unknown>, json);
  return json;
}

function withNulls(schema: DescMessage, message: Record<string, unknown>, json: JsonObject): void {
  for (const field of schema.fields) {
    const value = message[field.localName];
    if (
      field.presence === FeatureSet_FieldPresence.EXPLICIT &&
      !isFieldSet(message as never, field)
    ) {
      json[field.jsonName] = null;
    } else if (field.fieldKind === 'message' && value) {
      withNulls(
        field.message,
        value as Record<string, unknown>,
        json[field.jsonName] as JsonObject,
      );
    } else if (field.fieldKind === 'list' && field.listKind === 'message') {
      const items = json[field.jsonName] as JsonObject[];
      (value as Record<string, unknown>[]).forEach((item, i) => {
        const target = items[i];
        if (target) withNulls(field.message, item, target);
      });
    }
  }
}
