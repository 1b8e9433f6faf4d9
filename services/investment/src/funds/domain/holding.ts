import { Money, type Money as Decimal } from '@tf/core';
import { INVESTMENT_ENTRY_KINDS, type InvestmentEntryKind } from '@tf/contracts/vocabulary';

/** An amount as the domain takes it: exact, or its decimal string. */
type Amount = Decimal | string;

/**
 * One dated line of an investment's ledger: the closing and each follow-on put `amount` in at a
 * `preMoney` valuation, a mark states the holding's `fairValue`, an exit sells `fraction` of what
 * is held for `proceeds`.
 */
export interface InvestmentEntry {
  kind: InvestmentEntryKind;
  on: string;
  amount?: string | null;
  preMoney?: string | null;
  fairValue?: string | null;
  fraction?: string | null;
  proceeds?: string | null;
}

export interface Holding {
  /** What the fund paid in, closing and follow-ons. */
  invested: Decimal;
  /** The part of `invested` still held: what exits took away goes at its share. */
  cost: Decimal;
  /** The holding's value: its latest mark, or cost until marked, moved by later rounds and exits. */
  value: Decimal;
  /** The fund's share of the company. */
  ownership: Decimal;
  proceeds: Decimal;
  exited: boolean;
}

/** Ownership to 8 places, "0.16666667": a share of a company, not money. */
export const OWNERSHIP_PLACES = 8;

/** A round of `amount` at `preMoney` buys amount / (preMoney + amount) of the company. */
export function ownershipBought(amount: Amount, preMoney: Amount): Decimal {
  const post = new Money(preMoney).plus(amount);
  return new Money(amount).dividedBy(post);
}

/**
 * The holding on `asOf`, folded from its ledger in date order (on one day: the round, then its
 * mark, then any exit). A new round dilutes what was held by preMoney / postMoney and adds what it
 * bought; a mark replaces the value; an exit keeps (1 − fraction) of value, cost and ownership.
 */
export function holdingAt(entries: readonly InvestmentEntry[], asOf: string): Holding {
  const ordered = entries
    .filter((e) => e.on <= asOf)
    .map((entry, k) => ({ entry, k }))
    .sort(
      (a, b) =>
        a.entry.on.localeCompare(b.entry.on) ||
        KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind] ||
        a.k - b.k,
    );
  const zero = new Money(0);
  let holding: Holding = {
    invested: zero,
    cost: zero,
    value: zero,
    ownership: zero,
    proceeds: zero,
    exited: false,
  };
  for (const { entry } of ordered) holding = apply(holding, entry);
  return holding;
}

const KIND_ORDER = Object.fromEntries(INVESTMENT_ENTRY_KINDS.map((kind, k) => [kind, k])) as Record<
  InvestmentEntryKind,
  number
>;

function apply(holding: Holding, entry: InvestmentEntry): Holding {
  switch (entry.kind) {
    case 'close':
    case 'follow_on': {
      const amount = new Money(entry.amount ?? 0);
      const preMoney = new Money(entry.preMoney ?? 0);
      const diluted = holding.ownership.times(preMoney).dividedBy(preMoney.plus(amount));
      return Object.assign({}, holding, {
        invested: holding.invested.plus(amount),
        cost: holding.cost.plus(amount),
        value: holding.value.plus(amount),
        ownership: diluted.plus(ownershipBought(amount, preMoney)),
      });
    }
    case 'mark':
      return Object.assign({}, holding, { value: new Money(entry.fairValue ?? 0) });
    case 'exit': {
      const kept = new Money(1).minus(entry.fraction ?? 0);
      return Object.assign({}, holding, {
        cost: holding.cost.times(kept),
        value: holding.value.times(kept),
        ownership: holding.ownership.times(kept),
        proceeds: holding.proceeds.plus(entry.proceeds ?? 0),
        exited: kept.isZero(),
      });
    }
  }
}
