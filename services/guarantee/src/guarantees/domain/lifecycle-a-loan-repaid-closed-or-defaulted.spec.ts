import {
  appliesTo,
  arrivedEarly,
  liabilityAfterRepayment,
  payableOn,
  statusAfterRecovery,
} from './lifecycle';

describe('a guaranteed ¥2,000,000 loan at 80 % as it is repaid, closed or defaults', () => {
  it('is active once disbursed, only from approved', () => {
    expect(appliesTo('disbursed', 'approved')).toBe(true);
    for (const status of ['pending', 'declined', 'active', 'released'] as const)
      expect(appliesTo('disbursed', status)).toBe(false);
  });

  it('carries 80 % of the outstanding principal after each repayment', () => {
    expect(liabilityAfterRepayment('1600000.00', '1500000.00', '0.8')).toBe('1200000.00');
    expect(liabilityAfterRepayment('1200000.00', '333333.33', '0.8')).toBe('266666.66');
    expect(liabilityAfterRepayment('266666.66', '0.00', '0.8')).toBe('0.00');
  });

  it('never takes liability back up when repayments arrive out of order', () => {
    expect(liabilityAfterRepayment('800000.00', '1500000.00', '0.8')).toBe('800000.00');
  });

  it('hears of repayments, closing and default only while active; of recoveries only after a claim', () => {
    for (const event of ['repaid', 'closed', 'defaulted'] as const) {
      expect(appliesTo(event, 'active')).toBe(true);
      expect(appliesTo(event, 'claimed')).toBe(false);
      expect(appliesTo(event, 'released')).toBe(false);
    }
    expect(appliesTo('collateral-sold', 'claimed')).toBe(true);
    expect(appliesTo('collateral-sold', 'recovering')).toBe(true);
    expect(appliesTo('collateral-sold', 'closed')).toBe(false);
  });

  it('waits for the disbursement it has not heard of yet, and for the default before a sale; ignores the rest', () => {
    for (const event of ['repaid', 'closed', 'defaulted'] as const) {
      expect(arrivedEarly(event, 'approved', null, 'loan-1')).toBe(true);
      expect(arrivedEarly(event, 'active', 'loan-1', 'loan-1')).toBe(false);
      expect(arrivedEarly(event, 'pending', null, 'loan-1')).toBe(false);
      expect(arrivedEarly(event, 'released', 'loan-1', 'loan-1')).toBe(false);
    }
    expect(arrivedEarly('collateral-sold', 'active', 'loan-1', 'loan-1')).toBe(true);
    expect(arrivedEarly('collateral-sold', 'active', 'loan-1', 'loan-2')).toBe(false);
    expect(arrivedEarly('collateral-sold', 'closed', 'loan-1', 'loan-1')).toBe(false);
    expect(arrivedEarly('disbursed', 'active', 'loan-1', 'loan-2')).toBe(false);
  });

  it('pays the claim after the waiting period, and closes once recoveries reach the claim', () => {
    expect(payableOn('2027-01-20', 30)).toBe('2027-02-19');
    expect(payableOn('2028-02-28', 1)).toBe('2028-02-29');
    expect(statusAfterRecovery('1224000.00', '1000000.00')).toBe('recovering');
    expect(statusAfterRecovery('1224000.00', '1224000.00')).toBe('closed');
  });
});
