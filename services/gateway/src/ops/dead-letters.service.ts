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

  /**
   * A replay by the letter's id alone (the service not named): every service is asked to replay
   * it, and only the one that parked it has it (ids are UUIDs; the others answer 404). Its answer
   * wins, a replay failure (422/409) included; a service that could not be asked (5xx) is said
   * before "not found", since the letter may be its.
   */
  async replayAnywhere(id: string, request: HttpRequest): Promise<JsonObject> {
    const outcomes = await Promise.allSettled(
      KNOWN_SERVICES.map((service) =>
        this.forward.json(deadLetterRpc(service).replay, { id }, request),
      ),
    );
    const replayed = outcomes.find((o) => o.status === 'fulfilled');
    if (replayed) return replayed.value;
    const failures = outcomes.map((o) => (o as PromiseRejectedResult).reason as unknown);
    const status = (error: unknown) => (error instanceof DomainError ? error.status : 500);
    const owner = failures.find((e) => status(e) !== 404 && status(e) < 500);
    if (owner) throw owner;
    const unreachable = failures.find((e) => status(e) >= 500);
    if (unreachable) throw unreachable;
    throw notFound(OpsErrors.DEAD_LETTER_NOT_FOUND, `dead letter ${id}`);
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
