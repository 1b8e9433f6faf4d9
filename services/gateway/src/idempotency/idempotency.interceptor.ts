import {
  applyDecorators,
  HttpStatus,
  Injectable,
  Post,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { CommonErrors, conflict, DomainError, invalidInput } from '@tf/platform';
import { header, pathOf, type HttpReply, type HttpRequest } from '../http/http-types';
import { from, lastValueFrom, Observable, throwError } from 'rxjs';
import { principalOf } from '../auth/principal';
import { ReplayedProblem, toProblem, type Problem } from '../http/problem';
import { requestIdOf } from '../http/request-id';
import { GatewayConfig } from '../config';
import { IdempotencyStore, type AttemptKey } from './idempotency.store';
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
 * of @Post (a test walks the routes); reads go without the interceptor and its per-request cost.
 */
export const IdempotentPost = (path?: string, options: { keyRequired?: boolean } = {}) =>
  applyDecorators(
    Post(path),
    UseInterceptors(IdempotencyInterceptor),
    IdempotencyKeyHeader(options.keyRequired === true),
    ...(options.keyRequired ? [SetMetadata(IDEMPOTENCY_REQUIRED, true)] : []),
  );

/**
 * API.md "Idempotency-Key": on every POST that sends one, the same key with the same body within
 * 24 h replays the first response (header idempotent-replayed: true); another body is 409; a
 * second request while the first is running is 409, and the operation happens once. Client
 * errors are stored and replayed too; server errors release the key so a retry can succeed.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
    private readonly config: GatewayConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    if (request.method !== 'POST') return next.handle();
    const key = header(request, 'idempotency-key');
    if (!key) {
      if (this.reflector.get<boolean>(IDEMPOTENCY_REQUIRED, context.getHandler())) {
        return throwError(() =>
          invalidInput(
            'Idempotency-Key',
            'header is required on this operation',
            CommonErrors.IDEMPOTENCY_KEY_REQUIRED,
          ),
        );
      }
      return next.handle();
    }
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      return throwError(() =>
        invalidInput('Idempotency-Key', 'must be 1-255 characters: letters, digits, . _ : -'),
      );
    }
    const principal = principalOf(request);
    const id: AttemptKey = {
      tenant: principal?.tenant ?? '_platform',
      clientId: principal?.clientId ?? `ip:${request.ip}`,
      key,
    };
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      HttpStatus.CREATED;
    const reply = context.switchToHttp().getResponse<HttpReply>();
    return from(this.once(id, status, request, reply, next));
  }

  /**
   * The operation under its key: a replay of what is stored, or a run whose answer is stored.
   * One async function rather than a chain of rxjs operators: each operator is a few objects per
   * request, and under load rxjs objects (Nest's own, and this interceptor's) were half of what
   * the gateway promoted of a write (docs/performance.md, "Allocation-site pretenuring").
   */
  private async once(
    id: AttemptKey,
    status: number,
    request: HttpRequest,
    reply: HttpReply,
    next: CallHandler,
  ): Promise<unknown> {
    const replay = await this.begin(id, request, reply);
    if (replay) return replay.body;
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle());
    } catch (error) {
      const problem = toProblem(error, pathOf(request), requestIdOf(request));
      await (problem.status >= 500
        ? this.store.release(id)
        : this.store.complete(id, problem.status, problem));
      throw error;
    }
    await this.store.complete(id, status, body);
    return body;
  }

  private async begin(
    id: AttemptKey,
    request: HttpRequest,
    reply: HttpReply,
  ): Promise<{ body: unknown } | null> {
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    for (let attempt = 0; attempt < 2; attempt++) {
      const claim = await this.store.claim(id, fingerprint, request.method, request.url);
      if (claim === true) return null;
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
          if (decision.status >= 400) throw new ReplayedProblem(decision.body as Problem);
          return { body: decision.body };
      }
    }
    throw new DomainError(
      CommonErrors.IDEMPOTENCY_KEY_BUSY,
      'this Idempotency-Key keeps changing; retry later',
    );
  }
}
