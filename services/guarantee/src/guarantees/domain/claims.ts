import { Money } from '@tf/core';
import { shareByPolicy } from './risk-shares';
import type { GuaranteePolicy, Share } from './types';

/** A claim (代偿) on a defaulted loan, shared by the split. */
export interface ClaimAllocation {
  /** The guaranteed part of the loss: (defaulted principal + interest) × coverageRatio. */
  claim: string;
  /** What the institution pays the bank: the claim less the bank's own share. */
  payout: string;
  shares: Share[];
  /** What the institution then recovers from the re-guarantor and the government pool. */
  receivables: Share[];
}

/**
 * The claim when a guaranteed loan defaults (DOMAIN.md): the bank keeps its own share of the
 * guaranteed loss and is paid the rest by the institution, which books what the re-guarantee
 * and the government pool owe it by the same split. Shares add up to the claim to the cent.
 */
export function claimAllocation(
  defaultedPrincipal: string,
  defaultedInterest: string,
  coverageRatio: string,
  policy: GuaranteePolicy,
): ClaimAllocation {
  const claim = new Money(defaultedPrincipal)
    .plus(defaultedInterest)
    .times(coverageRatio)
    .toDecimalPlaces(2, Money.ROUND_HALF_UP)
    .toFixed(2);
  const shares = shareByPolicy(claim, policy);
  const bank = shares.find((s) => s.party === 'bank')?.amount ?? '0.00';
  return {
    claim,
    payout: new Money(claim).minus(bank).toFixed(2),
    shares,
    receivables: shares.filter((s) => s.party === 're_guarantee' || s.party === 'government'),
  };
}

/**
 * Proceeds recovered after a claim (a pledged patent sold), shared back by the claim's split: each
 * party gets back its part, never more in total than the claim less what was recovered before.
 * Returns the shares of what counts, and what is left over for the borrower.
 */
export function recoveryAllocation(
  proceeds: string,
  claim: string,
  recoveredBefore: string,
  policy: GuaranteePolicy,
): { shares: Share[]; counted: string; surplus: string } {
  const open = Money.max(new Money(claim).minus(recoveredBefore), 0);
  const counted = Money.min(new Money(proceeds), open);
  return {
    shares: shareByPolicy(counted.toFixed(2), policy),
    counted: counted.toFixed(2),
    surplus: new Money(proceeds).minus(counted).toFixed(2),
  };
}
