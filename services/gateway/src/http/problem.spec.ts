import { NotFoundException } from '@nestjs/common';
import { TenancyErrors, ValuationErrors } from '@tf/contracts';
import { CommonErrors, DomainError, notFound, tooManyAttempts } from '@tf/platform';
import { methodNotAllowed, problemHeaders, toProblem, unsupportedMediaType } from './problem';

describe('toProblem: every error as RFC 9457 problem details', () => {
  it('gives every 500 one type and a detail that reveals nothing, wherever it came from', () => {
    const fromService = toProblem(
      new DomainError(CommonErrors.INTERNAL, 'connect ECONNREFUSED 10.0.0.5:5432'),
      '/api/v1/x',
      'r1',
    );
    const fromGateway = toProblem(new TypeError('x is undefined'), '/api/v1/x', 'r1');
    expect(fromService).toEqual(fromGateway);
    expect(fromService).toMatchObject({ type: '/problems/internal-error', status: 500 });
    expect(fromService.detail).not.toContain('10.0.0.5');
  });

  it('takes status, type and title from the declaration, whatever crossed the wire', () => {
    const misdeclared = new DomainError(
      { code: 'FOUR_EYES', status: 400, type: 'something-else' },
      'the approver prepared it',
    );
    expect(toProblem(misdeclared, '/x', 'r6')).toMatchObject({
      type: '/problems/four-eyes',
      status: 422,
    });
  });

  it('keeps a domain error its status, type and fields', () => {
    expect(
      toProblem(
        notFound(ValuationErrors.VALUATION_NOT_FOUND, 'valuation v1'),
        '/api/v1/valuations/v1',
        'r2',
      ),
    ).toMatchObject({
      type: '/problems/valuation-not-found',
      status: 404,
      detail: 'valuation v1 was not found',
    });
  });

  it('says 405 with Allow, 415, and 429 with Retry-After', () => {
    const wrongMethod = methodNotAllowed('DELETE', '/api/v1/enterprises', ['GET', 'POST']);
    expect(toProblem(wrongMethod, '/api/v1/enterprises', 'r3')).toMatchObject({
      type: '/problems/method-not-allowed',
      status: 405,
      title: 'Method Not Allowed',
    });
    expect(problemHeaders(wrongMethod)).toEqual({ allow: 'GET, POST' });
    expect(toProblem(unsupportedMediaType('text/plain; charset=utf-8'), '/x', 'r4')).toMatchObject({
      status: 415,
      detail: 'the body must be application/json, not text/plain',
    });
    const locked = tooManyAttempts(TenancyErrors.LOGIN_LOCKED, 'locked', 30);
    expect(toProblem(locked, '/api/v1/auth/token', 'r5')).toMatchObject({
      type: '/problems/login-locked',
      status: 429,
    });
    expect(problemHeaders(locked)).toEqual({ 'retry-after': '30' });
    expect(problemHeaders(new NotFoundException())).toEqual({});
  });
});
