import {
  Catch,
  Inject,
  NotFoundException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { LOGGER, logFields } from '@tf/platform';
import { requestContext } from '../auth/principal';
import type { Logger } from 'pino';
import { pathOf, type HttpReply, type HttpRequest } from './http-types';
import { methodNotAllowed, problemHeaders, toProblem } from './problem';
import { requestIdOf } from './request-id';
import { RouteTable } from './routes';
import { ReplayedAnswer } from '../idempotency/idempotent-answers';

/**
 * Every error, from anywhere in the gateway, leaves as application/problem+json; an idempotent
 * replay, thrown by the guard that found it, leaves as it was first answered.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly routes: RouteTable,
  ) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const reply = http.getResponse<HttpReply>();
    if (thrown instanceof ReplayedAnswer) return this.replay(thrown, reply);
    const path = pathOf(request);
    const error = this.withMethodNotAllowed(thrown, request.method, path);
    const problem = toProblem(error, path, requestIdOf(request));
    const about = Object.assign({}, logFields(requestContext(request)), {
      status: problem.status,
      path: request.url,
    });
    if (problem.status === 503) {
      // A dependency down is an operational condition, not a bug: no stack trace.
      this.logger.warn(about, problem.detail);
    } else if (problem.status >= 500) {
      this.logger.error({ err: error, ...about }, problem.detail);
    }
    if (reply.sent) return;
    void reply
      .headers(problemHeaders(error))
      .status(problem.status)
      .type('application/problem+json')
      .send(JSON.stringify(problem));
  }

  /** An idempotent replay (IdempotencyGuard): the stored answer, as it was first sent. */
  private replay(answer: ReplayedAnswer, reply: HttpReply): void {
    if (reply.sent) return;
    void reply
      .status(answer.status)
      .type(answer.status >= 400 ? 'application/problem+json' : 'application/json')
      .send(JSON.stringify(answer.body));
  }

  /** Nest's "no route" 404 for a path that exists with other methods is a 405. */
  private withMethodNotAllowed(error: unknown, method: string, path: string): unknown {
    if (!(error instanceof NotFoundException)) return error;
    const allowed = this.routes.allowedMethods(path);
    return allowed.length > 0 ? methodNotAllowed(method, path, allowed) : error;
  }
}
