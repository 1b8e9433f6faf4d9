import { Money } from '@tf/core';
import type { Vote } from '@tf/contracts/vocabulary';

/** The committee's rules, as the investment section of the center's policy states them. */
export interface CommitteeRules {
  committeeQuorum: number;
  committeeMajority: string;
}

export interface Tally {
  cast: number;
  for: number;
  against: number;
  abstain: number;
  quorum: number;
  passed: boolean;
}

/**
 * The committee's decision so far: it stands once the quorum has voted (abstentions count towards
 * it), and passes when the votes for are more than the policy's majority share of the votes cast.
 */
export function tally(votes: readonly Vote[], policy: CommitteeRules): Tally {
  const count = (vote: Vote) => votes.filter((v) => v === vote).length;
  const cast = votes.length;
  const inFavour = count('for');
  const passed =
    cast >= policy.committeeQuorum &&
    new Money(inFavour).greaterThan(new Money(policy.committeeMajority).times(cast));
  return {
    cast,
    for: inFavour,
    against: count('against'),
    abstain: count('abstain'),
    quorum: policy.committeeQuorum,
    passed,
  };
}
