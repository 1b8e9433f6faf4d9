import { approvalRefusal, decisionRefusal, holderOf, type Decider } from './workflow';

const analystLi: Decider = { kind: 'user', key: 'user:li', roles: ['analyst'] };
const analystWang: Decider = { kind: 'user', key: 'user:wang', roles: ['analyst', 'auditor'] };
const platformAdmin: Decider = { kind: 'user', key: 'user:root', roles: ['platform-admin'] };
const centerAdmin: Decider = { kind: 'user', key: 'user:boss', roles: ['center-admin'] };
const bankKey: Decider = { kind: 'partner', key: 'partner:qilu', roles: [] };

const preparedByLi = { status: 'computed' as const, preparedBy: 'user:li' };
const TODAY = '2026-11-26';

describe('approving a valuation: who decides, four eyes, validity', () => {
  it('an analyst who did not prepare it approves', () => {
    expect(approvalRefusal(analystWang, preparedByLi, '2027-11-20', TODAY)).toBeNull();
  });

  it.each([
    ['a platform admin', platformAdmin],
    ['a center admin without the analyst role', centerAdmin],
    ["a bank's key", bankKey],
  ])('%s never decides', (_label, decider) => {
    expect(approvalRefusal(decider, preparedByLi, '2027-11-20', TODAY)).toEqual({
      reason: 'not-an-analyst',
    });
    expect(decisionRefusal(decider, 'computed')).toEqual({ reason: 'not-an-analyst' });
  });

  it('the preparer cannot approve her own valuation', () => {
    expect(approvalRefusal(analystLi, preparedByLi, '2027-11-20', TODAY)).toEqual({
      reason: 'four-eyes',
    });
  });

  it.each(['approved', 'rejected', 'superseded', 'expired'] as const)(
    'a %s valuation cannot be decided again',
    (status) => {
      expect(
        approvalRefusal(analystWang, { status, preparedBy: 'user:li' }, '2027-11-20', TODAY),
      ).toEqual({ reason: 'not-computed', status });
    },
  );

  it('a valuation whose validity would already have ended is stale', () => {
    expect(approvalRefusal(analystWang, preparedByLi, '2026-11-25', TODAY)).toEqual({
      reason: 'stale',
      validUntil: '2026-11-25',
    });
    expect(approvalRefusal(analystWang, preparedByLi, TODAY, TODAY)).toBeNull();
  });

  it('a partner holds what its key asked for; staff requests are held by the center', () => {
    expect(holderOf({ kind: 'partner', id: 'qilu' })).toBe('partner:qilu');
    expect(holderOf({ kind: 'user', id: 'li' })).toBe('center');
    expect(holderOf(undefined)).toBe('center');
  });
});
