import { formatMoney, Money, sumMoney, type Money as Decimal } from '@tf/core';
import type { FundFlowKind } from '@tf/contracts/vocabulary';
import { holdingAt, type InvestmentEntry } from './holding';
import { xirr } from './xirr';

export interface FundFlow {
  kind: FundFlowKind;
  on: string;
  amount: string;
}

export interface FundMetrics {
  asOf: string;
  paidIn: string;
  distributed: string;
  nav: string;
  dpi: string | null;
  rvpi: string | null;
  tvpi: string | null;
  irr: string | null;
  /** Why a ratio or the rate is missing. */
  notes: string[];
}

/** Multiples to 4 places ("1.2500"), the IRR to 6 ("0.373363"), each rounded from the exact value. */
export const MULTIPLE_PLACES = 4;
export const IRR_PLACES = 6;

/**
 * A fund's returns to its partners on `asOf` (DOMAIN.md "Investment"): paid-in is the capital
 * called, distributed what was paid out, NAV the holdings at their latest marks. DPI =
 * distributed / paid-in, RVPI = NAV / paid-in, TVPI = DPI + RVPI, and the IRR is the XIRR of the
 * calls (out of the partners' pockets), the distributions (back in) and the NAV as a final inflow
 * on `asOf`. Without paid-in capital there are no multiples; without a rate, a note says why.
 */
export function fundMetrics(
  flows: readonly FundFlow[],
  holdings: readonly (readonly InvestmentEntry[])[],
  asOf: string,
): FundMetrics {
  const upToDate = flows.filter((f) => f.on <= asOf);
  const total = (kind: FundFlowKind) =>
    sumMoney(upToDate.filter((f) => f.kind === kind).map((f) => f.amount));
  const paidIn = total('capital_call');
  const distributed = total('distribution');
  // NAV is printed to the cent; the multiples and the rate use the same cents.
  const nav = new Money(formatMoney(sumMoney(holdings.map((h) => holdingAt(h, asOf).value))));
  const notes: string[] = [];

  const multiple = (part: Decimal) =>
    paidIn.isZero() ? null : part.dividedBy(paidIn).toFixed(MULTIPLE_PLACES, Money.ROUND_HALF_UP);
  if (paidIn.isZero()) notes.push('no capital has been called: the multiples need paid-in capital');

  const rate = xirr([
    ...upToDate.map((f) => ({
      on: f.on,
      amount: f.kind === 'capital_call' ? new Money(f.amount).negated() : f.amount,
    })),
    { on: asOf, amount: nav },
  ]);
  if (rate.rate === null) notes.push(`irr: ${rate.reason}`);

  return {
    asOf,
    paidIn: formatMoney(paidIn),
    distributed: formatMoney(distributed),
    nav: formatMoney(nav),
    dpi: multiple(distributed),
    rvpi: multiple(nav),
    tvpi: multiple(distributed.plus(nav)),
    irr: rate.rate === null ? null : new Money(rate.rate).toFixed(IRR_PLACES, Money.ROUND_HALF_UP),
    notes,
  };
}
