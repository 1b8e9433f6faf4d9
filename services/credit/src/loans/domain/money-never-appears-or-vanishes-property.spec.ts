import { Money, sumMoney } from '@tf/core';
import * as fc from 'fast-check';
import { REPAYMENT_METHODS } from '@tf/contracts/vocabulary';
import { allocateRepayment, payable, type LoanPosition } from './repayment';
import { buildSchedule } from './schedule';

/**
 * Properties over random loans and random repayments (fast-check): every schedule's principal
 * column sums to the principal; every repayment is allocated to the cent (penalty + interest +
 * principal = amount) and the outstanding principal falls by exactly the principal paid, which
 * also equals what the installments record as paid and what they still ask for.
 */
const cents = fc.integer({ min: 1_000_000, max: 5_000_000_000 }).map((n) => (n / 100).toFixed(2));
const rate = fc.integer({ min: 0, max: 2000 }).map((bp) => (bp / 10000).toFixed(4));
const method = fc.constantFrom(...REPAYMENT_METHODS);
const term = fc.integer({ min: 1, max: 120 });

describe('money never appears or vanishes', () => {
  it('the principal column sums exactly to the principal, whatever the method, rate and term', () => {
    fc.assert(
      fc.property(cents, rate, term, method, (principal, annualRate, termMonths, m) => {
        const schedule = buildSchedule({
          principal,
          annualRate,
          termMonths,
          method: m,
          disbursedOn: '2026-03-31',
        });
        expect(schedule).toHaveLength(termMonths);
        expect(sumMoney(schedule.map((l) => l.principal)).toFixed(2)).toBe(
          new Money(principal).toFixed(2),
        );
        expect(
          schedule.every((l) => new Money(l.principal).gte(0) && new Money(l.interest).gte(0)),
        ).toBe(true);
      }),
    );
  });

  it('repayments on random days are allocated to the cent, and the books agree after each', () => {
    fc.assert(
      fc.property(
        cents,
        rate,
        fc.integer({ min: 2, max: 48 }),
        method,
        fc.array(
          fc.tuple(
            fc.integer({ min: 1, max: 1500 }),
            fc.double({ min: 0.01, max: 1.2, noNaN: true }),
          ),
          {
            maxLength: 12,
          },
        ),
        (principal, annualRate, termMonths, m, payments) => {
          const terms = { annualRate, method: m };
          let position: LoanPosition = {
            outstandingPrincipal: principal,
            penaltyDue: '0.00',
            startedOn: '2026-01-15',
            installments: buildSchedule({
              ...terms,
              principal,
              termMonths,
              disbursedOn: '2026-01-15',
            }).map((l) => ({ ...l, principalPaid: '0.00', interestPaid: '0.00' })),
          };
          let repaid = new Money(0);
          let day = 0;
          for (const [gap, share] of payments) {
            day += gap;
            const paidOn = new Date(Date.UTC(2026, 0, 15 + day)).toISOString().slice(0, 10);
            const most = new Money(payable(position, paidOn));
            if (most.isZero()) break;
            const amount = Money.max(Money.min(most.times(share), most), '0.01').toDecimalPlaces(
              2,
              Money.ROUND_DOWN,
            );
            const outcome = allocateRepayment(position, amount.toFixed(2), paidOn, terms);
            if (outcome.kind !== 'allocated')
              throw new Error(`refused ${amount.toFixed(2)} of ${most.toFixed(2)}`);
            const a = outcome.allocation;
            const allocated = sumMoney([
              a.penalty,
              a.overdueInterest,
              a.overduePrincipal,
              a.currentInterest,
              a.currentPrincipal,
              a.prepaidPrincipal,
            ]);
            expect(allocated.toFixed(2)).toBe(amount.toFixed(2));
            expect(
              new Money(position.outstandingPrincipal).minus(outcome.principalPaid).toFixed(2),
            ).toBe(outcome.outstandingPrincipal);
            repaid = repaid.plus(outcome.principalPaid);
            position = {
              ...position,
              outstandingPrincipal: outcome.outstandingPrincipal,
              installments: outcome.installments,
            };
            // What the installments still ask for is what is outstanding.
            const owed = sumMoney(
              position.installments.map((i) => new Money(i.principal).minus(i.principalPaid)),
            );
            expect(owed.toFixed(2)).toBe(position.outstandingPrincipal);
            if (outcome.cleared) break;
          }
          expect(repaid.plus(position.outstandingPrincipal).toFixed(2)).toBe(
            new Money(principal).toFixed(2),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
