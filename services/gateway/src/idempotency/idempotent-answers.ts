import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LOGGER, logFields } from '@tf/platform';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { requestContext } from '../auth/principal';
import type { HttpReply, HttpRequest } from '../http/http-types';
import { IdempotencyStore, type AttemptKey } from './idempotency.store';

const CLAIM = Symbol('tf:idempotency-claim');

/** Marks the request as the owner of its Idempotency-Key (IdempotencyGuard, once claimed). */
export function claimFor(request: HttpRequest, id: AttemptKey): void {
  (request as unknown as Record<symbol, AttemptKey>)[CLAIM] = id;
}

function claimOf(request: HttpRequest): AttemptKey | undefined {
  return (request as unknown as Record<symbol, AttemptKey | undefined>)[CLAIM];
}

/**
 * Thrown by IdempotencyGuard to answer with what an earlier attempt of the same request was
 * answered: the ProblemFilter sends it again as it was stored, success or problem.
 */
export class ReplayedAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('an idempotent replay');
  }
}

/**
 * Settles each claimed Idempotency-Key with the answer Fastify is about to send (its onSend hook:
 * every answer passes it, the handler's and the ProblemFilter's, status set and JSON written),
 * before the client has it, so a retry that follows the answer finds it stored:
 * - a 2xx-4xx JSON answer is stored, to be replayed;
 * - a 5xx releases the key, so a retry can succeed;
 * - an answer that is not JSON releases it too: a retry reaches the service again, whose own
 *   record of the key (idempotent_commands) replays the command's reply rather than run it twice.
 *
 * If PostgreSQL fails the settlement, the client still gets its answer (the operation happened)
 * and the key stays in flight until IDEMPOTENCY_IN_FLIGHT_LEASE_MS, after which a retry takes it
 * over and the service replays.
 */
@Injectable()
export class IdempotentAnswers implements OnModuleInit {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // No HTTP server (a test that builds the module alone): nothing to settle.
    if (!http) return;
    http.addHook('onSend', (request, reply, payload, done) => {
      const id = claimOf(request);
      if (!id) return done(null, payload);
      void this.settle(id, request, reply, payload).then(() => done(null, payload));
    });
  }

  private async settle(
    id: AttemptKey,
    request: HttpRequest,
    reply: HttpReply,
    payload: unknown,
  ): Promise<void> {
    try {
      const answer = reply.statusCode < 500 ? jsonAnswer(reply, payload) : undefined;
      await (answer === undefined
        ? this.store.release(id)
        : this.store.complete(id, reply.statusCode, answer));
    } catch (error) {
      this.logger.warn(
        Object.assign({ err: error }, logFields(requestContext(request))),
        'the Idempotency-Key could not be settled: it stays in flight until its lease ends',
      );
    }
  }
}

/** The answer as JSON text, '' (no body) as null; undefined when it is not JSON. */
function jsonAnswer(reply: HttpReply, payload: unknown): string | undefined {
  if (payload === undefined || payload === null || payload === '') return 'null';
  const type = reply.getHeader('content-type');
  return typeof payload === 'string' && typeof type === 'string' && type.includes('json')
    ? payload
    : undefined;
}
