import { credit } from '@tf/contracts';
import { formatMoney, messageOf, Money } from '@tf/platform';
import type { InstallmentPosition } from './domain/types';
import type { InstallmentEntity, LoanEntity } from './loan.entity';

/** A numeric(12,10) read back ("0.0385000000") as the rate it is ("0.0385"). */
export const rate = (value: string | null) =>
  value === null ? undefined : new Money(value).toString();

export function loanMessage(loan: LoanEntity, extra: { payoffAmount?: string } = {}): credit.Loan {
  return messageOf(
    credit.LoanSchema,
    Object.assign(
      {},
      loan,
      {
        tenant: loan.tenantId,
        principal: formatMoney(loan.principal),
        outstandingPrincipal: formatMoney(loan.outstandingPrincipal),
        principalRepaid: formatMoney(loan.principalRepaid),
        principalRecovered: formatMoney(loan.principalRecovered),
        principalWrittenOff: formatMoney(loan.principalWrittenOff),
        interestPaid: formatMoney(loan.interestPaid),
        penaltyAccrued: formatMoney(loan.penaltyAccrued),
        penaltyPaid: formatMoney(loan.penaltyPaid),
        annualRate: rate(loan.annualRate),
        penaltyRate: rate(loan.penaltyRate),
        warrantCoverage: rate(loan.warrantCoverage),
        collateral: loan.collateral.map((c) =>
          Object.assign({}, c, {
            value: formatMoney(c.value),
            ltvCap: new Money(c.ltvCap).toString(),
            patentType: c.patentType ?? undefined,
          }),
        ),
      },
      extra,
    ),
  );
}

export function positionOf(i: InstallmentEntity): InstallmentPosition {
  return {
    number: i.number,
    dueOn: i.dueOn,
    principal: formatMoney(i.principal),
    interest: formatMoney(i.interest),
    principalPaid: formatMoney(i.principalPaid),
    interestPaid: formatMoney(i.interestPaid),
  };
}

/** How an installment stands on a day. */
export function installmentStatus(i: InstallmentPosition, today: string): string {
  const owed = new Money(i.principal).plus(i.interest);
  const paid = new Money(i.principalPaid).plus(i.interestPaid);
  if (paid.greaterThanOrEqualTo(owed)) return 'paid';
  if (i.dueOn < today) return 'overdue';
  return paid.isZero() ? 'pending' : 'partially_paid';
}
