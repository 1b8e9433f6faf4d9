import {
  applyDecorators,
  Injectable,
  Post,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { CommonErrors, conflict, DomainError, invalidInput } from '@tf/platform';
import { header, type HttpReply, type HttpRequest } from '../http/http-types';
import { principalOf } from '../auth/principal';
import { GatewayConfig } from '../config';
import { IdempotencyStore, type AttemptKey } from './idempotency.store';
import { claimFor, ReplayedAnswer } from './idempotent-answers';
import { decide, IDEMPOTENCY_KEY_PATTERN, requestFingerprint } from './request-fingerprint';

const IDEMPOTENCY_REQUIRED = 'tf:idempotency-required';

/** The header as the OpenAPI document declares it, so a partner's generated client sends it. */
const IdempotencyKeyHeader = (required: boolean) =>
  ApiHeader({
    name: 'Idempotency-Key',
    required,
    description: required
      ? 'Required: this operation moves money. The same key and body within 24 h replays the first answer (idempotent-replayed: true) and does the operation once; another body is 409.'
      : 'Optional: the same key and body within 24 h replays the first answer (idempotent-replayed: true) and does the operation once; another body is 409.',
    schema: { type: 'string', maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN.source },
  });

/**
 * A POST route: it honours an Idempotency-Key (API.md), and with `keyRequired` refuses to run
 * without one (money-moving operations). Every POST of the gateway is declared with it instead
 * of @Post (a test walks the routes); reads go without the guard and its per-request cost.
 */
export const IdempotentPost = (path?: string, options: { keyRequired?: boolean } = {}) =>
  applyDecorators(
    Post(path),
    UseGuards(IdempotencyGuard),
    IdempotencyKeyHeader(options.keyRequired === true),
    ...(options.keyRequired ? [SetMetadata(IDEMPOTENCY_REQUIRED, true)] : []),
  );

/**
 * API.md "Idempotency-Key": on every POST that sends one, the same key with the same body within
 * 24 h replays the first response (header idempotent-replayed: true); another body is 409; a
 * second request while the first is running is 409, and the operation happens once.
 *
 * The route's last guard, after the caller is known (the key is the caller's) and before the
 * pipes validate the body, so a validation 400 is stored and replayed like any client error. It
 * claims the key, or throws the stored answer (ReplayedAnswer, which the ProblemFilter sends as
 * it was); IdempotentAnswers stores the answer of a claimed request as Fastify sends it. A guard
 * rather than an interceptor: Nest runs a route with interceptors through a dozen rxjs objects
 * and a client-disconnect watch per request, 75 µs of the gateway's CPU a write
 * (docs/performance.md).
 */
@Injectable()
export class IdempotencyGuard implements CanActivate {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
    private readonly config: GatewayConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    if (request.method !== 'POST') return true;
    const key = header(request, 'idempotency-key');
    if (!key) {
      if (this.reflector.get<boolean>(IDEMPOTENCY_REQUIRED, context.getHandler()))
        throw invalidInput(
          'Idempotency-Key',
          'header is required on this operation',
          CommonErrors.IDEMPOTENCY_KEY_REQUIRED,
        );
      return true;
    }
    if (!IDEMPOTENCY_KEY_PATTERN.test(key))
      throw invalidInput('Idempotency-Key', 'must be 1-255 characters: letters, digits, . _ : -');
    const principal = principalOf(request);
    const id: AttemptKey = {
      tenant: principal?.tenant ?? '_platform',
      clientId: principal?.clientId ?? `ip:${request.ip}`,
      key,
    };
    await this.claim(id, request, context.switchToHttp().getResponse<HttpReply>());
    claimFor(request, id);
    return true;
  }

  /** Claims the key for this request, or throws what an earlier attempt decides. */
  private async claim(id: AttemptKey, request: HttpRequest, reply: HttpReply): Promise<void> {
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    for (let attempt = 0; attempt < 2; attempt++) {
      const claim = await this.store.claim(id, fingerprint, request.method, request.url);
      if (claim === true) return;
      const decision = decide(
        claim,
        fingerprint,
        new Date(),
        this.config.IDEMPOTENCY_IN_FLIGHT_LEASE_MS,
      );
      switch (decision.kind) {
        case 'expired':
          // Only the attempt that was seen: a retry racing this one may have claimed it anew.
          await this.store.release(id, claim.createdAt);
          continue;
        case 'conflict':
          throw decision.reason === 'in-flight'
            ? conflict(
                CommonErrors.IDEMPOTENCY_KEY_IN_FLIGHT,
                'a request with this Idempotency-Key is still being processed; retry later',
              )
            : conflict(
                CommonErrors.IDEMPOTENCY_KEY_REUSED,
                'this Idempotency-Key was used with a different request body',
              );
        case 'replay':
          reply.header('idempotent-replayed', 'true');
          throw new ReplayedAnswer(decision.status, decision.body);
      }
    }
    throw new DomainError(
      CommonErrors.IDEMPOTENCY_KEY_BUSY,
      'this Idempotency-Key keeps changing; retry later',
    );
  }
}
