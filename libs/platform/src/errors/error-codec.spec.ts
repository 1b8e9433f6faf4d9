import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { common } from '@tf/contracts';
import {
  conflict,
  DomainError,
  invalidInput,
  notFound,
  ruleViolation,
  tooManyAttempts,
} from './domain-error';
import { fromErrorMessage, toErrorMessage } from './error-codec';

/** Error → tf.common.v1.Error bytes → DomainError, as a caller on the other side of NATS sees it. */
function acrossNats(error: unknown): DomainError {
  const bytes = toBinary(common.ErrorSchema, toErrorMessage(error));
  return fromErrorMessage(fromBinary(common.ErrorSchema, bytes));
}

describe('domain errors cross NATS as data', () => {
  it('keeps code, status, detail, fields, rule and title of a DomainError', () => {
    const original = new DomainError(
      'GUARANTEE_LEVERAGE_LIMIT',
      422,
      'would exceed 10x net assets',
      {
        fields: [
          { field: 'amount', message: 'is too large' },
          { field: 'institutionId', message: 'is at its limit' },
        ],
        rule: 'leverage-limit',
        title: 'Leverage limit',
      },
    );
    const back = acrossNats(original);
    expect(back).toBeInstanceOf(DomainError);
    expect(back.code).toBe('GUARANTEE_LEVERAGE_LIMIT');
    expect(back.status).toBe(422);
    expect(back.detail).toBe('would exceed 10x net assets');
    expect(back.message).toBe('would exceed 10x net assets');
    expect(back.options).toEqual({
      fields: [
        { field: 'amount', message: 'is too large' },
        { field: 'institutionId', message: 'is at its limit' },
      ],
      rule: 'leverage-limit',
      title: 'Leverage limit',
    });
  });

  it.each([
    [
      'invalidInput',
      invalidInput('creditCode', 'has a wrong check character'),
      'INVALID_INPUT',
      400,
    ],
    ['notFound', notFound('loan application', 'abc'), 'LOAN_APPLICATION_NOT_FOUND', 404],
    [
      'conflict',
      conflict('ENTERPRISE_CREDIT_CODE_TAKEN', 'taken', 'creditCode'),
      'ENTERPRISE_CREDIT_CODE_TAKEN',
      409,
    ],
    [
      'ruleViolation',
      ruleViolation('concentration-limit', 'one client over 10%'),
      'CONCENTRATION_LIMIT',
      422,
    ],
  ])('keeps what %s builds', (_name, original, code, status) => {
    const back = acrossNats(original);
    expect(back.code).toBe(code);
    expect(back.status).toBe(status);
    expect(back.detail).toBe(original.detail);
    expect(back.options.fields).toEqual(original.options.fields ?? []);
    expect(back.options.rule).toBe(original.options.rule);
  });

  it('keeps when a 429 may be retried, rounded up to whole seconds, and nothing for other errors', () => {
    const back = acrossNats(tooManyAttempts('LOGIN_LOCKED', 'locked', 29.2, 'login-locked'));
    expect([back.status, back.options.retryAfterSeconds, back.options.rule]).toEqual([
      429,
      30,
      'login-locked',
    ]);
    expect(acrossNats(notFound('loan', 'x')).options.retryAfterSeconds).toBeUndefined();
  });

  it('turns an unexpected Error into a bare 500 INTERNAL that does not leak its message', () => {
    const leaky = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    const message = toErrorMessage(leaky);
    expect(message.code).toBe('INTERNAL');
    expect(message.status).toBe(500);
    expect(message.detail).toBe('An unexpected error occurred');
    expect(message.errors).toEqual([]);
    expect(message.rule).toBe('');
    expect(JSON.stringify(toBinary(common.ErrorSchema, message))).not.toContain('hunter2');

    const back = acrossNats(leaky);
    expect(back.code).toBe('INTERNAL');
    expect(back.status).toBe(500);
    expect(back.detail).toBe('An unexpected error occurred');
  });

  it.each([
    ['a string', 'oops: secret'],
    ['undefined', undefined],
    ['a plain object', { code: 'X', status: 400 }],
  ])('treats a thrown %s as 500 INTERNAL, never 400', (_label, thrown) => {
    const message = toErrorMessage(thrown);
    expect([message.code, message.status, message.detail]).toEqual([
      'INTERNAL',
      500,
      'An unexpected error occurred',
    ]);
  });

  it('reads a status it does not know as 500 and an empty code as INTERNAL', () => {
    const back = fromErrorMessage(
      create(common.ErrorSchema, { code: '', status: 418, detail: 'teapot' }),
    );
    expect(back.status).toBe(500);
    expect(back.code).toBe('INTERNAL');
    expect(back.detail).toBe('teapot');
    expect(back.options.rule).toBeUndefined();
    expect(back.options.title).toBeUndefined();
  });
});
