import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { common, TenancyErrors, ValuationErrors } from '@tf/contracts';
import {
  CommonErrors,
  conflict,
  defineErrors,
  DomainError,
  invalidInput,
  notFound,
  tooManyAttempts,
} from '@tf/core';
import { fromErrorMessage, toErrorMessage } from './error-codec';

/** Error → tf.common.v1.Error bytes → DomainError, as a caller on the other side of NATS sees it. */
function acrossNats(error: unknown): DomainError {
  const bytes = toBinary(common.ErrorSchema, toErrorMessage(error));
  return fromErrorMessage(fromBinary(common.ErrorSchema, bytes));
}

const ProbeErrors = defineErrors({
  GUARANTEE_LEVERAGE_LIMIT: { status: 422, type: 'leverage-limit', title: 'Leverage limit' },
});

describe('declared errors cross NATS as data', () => {
  it('keep their code, status, type, title, detail and fields', () => {
    const original = new DomainError(
      ProbeErrors.GUARANTEE_LEVERAGE_LIMIT,
      'would exceed 10x net assets',
      {
        fields: [
          { field: 'amount', message: 'is too large' },
          { field: 'institutionId', message: 'is at its limit' },
        ],
      },
    );
    const back = acrossNats(original);
    expect(back).toBeInstanceOf(DomainError);
    expect(back.declared).toEqual({
      code: 'GUARANTEE_LEVERAGE_LIMIT',
      status: 422,
      type: 'leverage-limit',
      title: 'Leverage limit',
    });
    expect(back.detail).toBe('would exceed 10x net assets');
    expect(back.options.fields).toEqual(original.options.fields);
  });

  it.each([
    [
      'invalidInput',
      invalidInput('creditCode', 'has a wrong check character'),
      'INVALID_INPUT',
      400,
      'invalid-input',
    ],
    [
      'notFound',
      notFound(ValuationErrors.VALUATION_NOT_FOUND, 'valuation v1'),
      'VALUATION_NOT_FOUND',
      404,
      'valuation-not-found',
    ],
    [
      'conflict',
      conflict(TenancyErrors.ENTERPRISE_CREDIT_CODE_TAKEN, 'taken', 'creditCode'),
      'ENTERPRISE_CREDIT_CODE_TAKEN',
      409,
      'enterprise-credit-code-taken',
    ],
    [
      'a rule',
      new DomainError(ValuationErrors.FOUR_EYES, 'not the preparer'),
      'FOUR_EYES',
      422,
      'four-eyes',
    ],
  ])('keep what %s builds', (_name, original, code, status, type) => {
    const back = acrossNats(original);
    expect([back.code, back.status, back.type, back.detail]).toEqual([
      code,
      status,
      type,
      original.detail,
    ]);
    expect(back.options.fields ?? []).toEqual(original.options.fields ?? []);
  });

  it('keep when a 429 may be retried, rounded up to whole seconds, and nothing for other errors', () => {
    const back = acrossNats(tooManyAttempts(TenancyErrors.LOGIN_LOCKED, 'locked', 29.2));
    expect([back.status, back.options.retryAfterSeconds, back.type]).toEqual([
      429,
      30,
      'login-locked',
    ]);
    expect(
      acrossNats(notFound(ValuationErrors.VALUATION_NOT_FOUND, 'x')).options.retryAfterSeconds,
    ).toBeUndefined();
  });

  it('turn an unexpected Error into a bare 500 INTERNAL that does not leak its message', () => {
    const leaky = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    const message = toErrorMessage(leaky);
    expect([message.code, message.status, message.type, message.detail]).toEqual([
      'INTERNAL',
      500,
      'internal-error',
      'An unexpected error occurred',
    ]);
    expect(Buffer.from(toBinary(common.ErrorSchema, message)).toString()).not.toContain('hunter2');
  });

  it.each([
    ['a string', 'oops: secret'],
    ['undefined', undefined],
    ['a plain object', { code: 'X', status: 400 }],
  ])('treat a thrown %s as 500 INTERNAL, never 400', (_label, thrown) => {
    const message = toErrorMessage(thrown);
    expect([message.code, message.status]).toEqual(['INTERNAL', 500]);
  });

  it('read a status it does not know, or an empty code, as 500 INTERNAL', () => {
    for (const wire of [
      { code: 'TEAPOT', status: 418, detail: 'teapot' },
      { code: '', status: 400, detail: 'nameless' },
    ]) {
      const back = fromErrorMessage(create(common.ErrorSchema, wire));
      expect(back.declared).toBe(CommonErrors.INTERNAL);
      expect(back.detail).toBe(wire.detail);
    }
  });

  it.each([
    [
      'the server shutting down (57P01)',
      Object.assign(new Error('terminating connection'), { code: '57P01' }),
    ],
    [
      'a connection exception (08006)',
      Object.assign(new Error('connection failure'), { code: '08006' }),
    ],
    [
      'a refused socket',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a connection cut between statements',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    [
      'TypeORM around it',
      { message: 'x', driverError: new Error('Connection terminated unexpectedly') },
    ],
  ])('send a database out of reach as a 503 to retry: %s', (_label, thrown) => {
    const message = toErrorMessage(thrown);
    expect([message.code, message.status]).toEqual(['DEPENDENCY_UNAVAILABLE', 503]);
  });

  it('keep a broken statement a 500: a bug is not retried into success', () => {
    const syntax = Object.assign(new Error('syntax error at or near'), { code: '42601' });
    expect(toErrorMessage(syntax).status).toBe(500);
  });
});
