import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { LOGGER } from '@tf/platform';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { toProblem } from './problem';
import { requestIdOf } from './request-id.middleware';

/** Every error, from anywhere in the gateway, leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = toProblem(
      error,
      request.originalUrl.split('?')[0] ?? request.originalUrl,
      requestIdOf(request),
    );
    if (problem.status === 503) {
      // A dependency down is an operational condition, not a bug: no stack trace.
      this.logger.warn({ status: problem.status, path: request.originalUrl }, problem.detail);
    } else if (problem.status >= 500) {
      this.logger.error(
        { err: error, status: problem.status, path: request.originalUrl },
        problem.detail,
      );
    }
    if (response.headersSent) return;
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
