import type { JsonObject } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { deadLetterRpc, ops, OpsErrors } from '@tf/contracts';
import { DomainError, messageJson, notFound } from '@tf/platform';
import { principalOf } from '../auth/principal';
import { Forward } from '../http/forward';
import type { HttpRequest } from '../http/http-types';
import type { DeadLetterListQuery } from './dead-letter.dto';
import { KNOWN_SERVICES } from './known-services';

const DEFAULT_LIMIT = 50;

/**
 * The services' dead letters for ops staff: each service keeps and serves its own (the
 * platform's tf.<service>.dead-letter.*); the list asks every service in parallel, each within
 * DEAD_LETTER_LIST_DEADLINE_MS, and merges what came back, newest parked first. A service that is
 * down or late is named in `unavailable` instead of failing the list.
 */
@Injectable()
export class DeadLetters {
  constructor(private readonly forward: Forward) {}

  async list(query: DeadLetterListQuery, request: HttpRequest): Promise<JsonObject> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const message = {
      limit,
      ...(query.includeReplayed !== undefined ? { includeReplayed: query.includeReplayed } : {}),
      // A platform admin who names a center (X-Tenant-Id) sees that center's letters only.
      ...(principalOf(request)?.tenant ? { tenant: principalOf(request)?.tenant } : {}),
    };
    const services = query.service ? [query.service] : KNOWN_SERVICES;
    const unavailable: string[] = [];
    const answers = await Promise.all(
      services.map(async (service) => {
        try {
          const reply = await this.forward.call(deadLetterRpc(service).list, message, request);
          return reply.items;
        } catch (error) {
          if (!(error instanceof DomainError) || error.status < 500) throw error;
          unavailable.push(service);
          return [];
        }
      }),
    );
    const items = answers
      .flat()
      .sort((a, b) => compare(b.parkedAt, a.parkedAt) || compare(b.id, a.id))
      .slice(0, limit)
      .map((letter) => messageJson(ops.DeadLetterSchema, letter));
    return { items, unavailable: unavailable.sort() };
  }

  /** Hands the parked event to its service's handler again; a 422 with the error if it fails. */
  replay(service: string, id: string, request: HttpRequest): Promise<JsonObject> {
    if (!KNOWN_SERVICES.includes(service))
      throw notFound(OpsErrors.DEAD_LETTER_NOT_FOUND, `dead letter ${id} of service ${service}`);
    return this.forward.json(deadLetterRpc(service).replay, { id }, request);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
