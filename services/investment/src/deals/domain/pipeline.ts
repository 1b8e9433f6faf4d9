import { DEAL_STAGES, FINAL_DEAL_STAGES, type DealStage } from '@tf/contracts/vocabulary';

/** Why a stage move is refused, in words a client can act on; null when the move may be made. */
export type StageMoveRefusal =
  | { rule: 'deal-closed'; detail: string }
  | { rule: 'not-forward'; detail: string }
  | { rule: 'close-by-closing'; detail: string }
  | { rule: 'committee-not-passed'; detail: string };

const position = (stage: DealStage) => DEAL_STAGES.indexOf(stage);

export function isFinal(stage: DealStage): boolean {
  return (FINAL_DEAL_STAGES as readonly DealStage[]).includes(stage);
}

/**
 * A deal moves only forward, or to `rejected` from any open stage (DOMAIN.md "Investment"). It may
 * skip early stages, but not the committee: reaching `term_sheet` needs the committee's passing
 * vote, and since votes are cast only in `committee`, a deal cannot get there without one.
 * `closed` is reached by closing (which records the investment), never by a bare move.
 */
export function stageMoveRefusal(
  from: DealStage,
  to: DealStage,
  committeePassed: boolean,
): StageMoveRefusal | null {
  if (isFinal(from)) return { rule: 'deal-closed', detail: `the deal is already ${from}` };
  if (to === 'rejected') return null;
  if (to === 'closed')
    return {
      rule: 'close-by-closing',
      detail: 'a deal is closed by POST /deals/{id}/close, which records the investment',
    };
  if (position(to) <= position(from))
    return {
      rule: 'not-forward',
      detail: `a deal moves only forward: it is in ${from} and cannot go to ${to}`,
    };
  if (to === 'term_sheet' && !committeePassed)
    return {
      rule: 'committee-not-passed',
      detail: 'a term sheet needs the investment committee to have passed the deal',
    };
  return null;
}

/** Closing needs a passing vote, so a deal closes from the committee or its term sheet. */
export function closableFrom(stage: DealStage): boolean {
  return stage === 'committee' || stage === 'term_sheet';
}
