/**
 * How long a side is loaded before it is measured. V8 optimises a request's path over seconds to
 * tens of seconds of load, and the network, with far more code on that path than the baseline,
 * takes the longer: a fixed 8 s left its first pair measured still warming (POST /enterprises,
 * one run: 0.63 of the baseline in the first pair, 0.80 in the second; after 40 s, 0.80 and
 * 0.79). So each side is loaded in slices until its throughput stops rising, within a cap.
 */
export interface WarmUpPlan {
  sliceSeconds: number;
  /** Slices run whatever they show. */
  minSlices: number;
  /** The cap: a side still rising then is measured anyway. */
  maxSeconds: number;
  /** A slice faster than every earlier one by more than this fraction is still warming. */
  tolerance: number;
  /**
   * Slices in a row, each no faster than the best before it, that make a side warm. One such
   * slice can be the host's noise on a side still warming: the network's loan applications read
   * 53 → 90 → 89 req/s, were called warm, and measured 136 right after.
   */
  patience: number;
}

/**
 * Warm once the newest `patience` slices were each no faster than the best before it (within the
 * tolerance): a path still being optimised shows as throughput rising slice after slice, while
 * slices that stay under an earlier best say nothing more is to come.
 */
export function isWarm(rates: readonly number[], plan: WarmUpPlan): boolean {
  if (rates.length >= Math.floor(plan.maxSeconds / plan.sliceSeconds)) return true;
  const patience = Math.max(plan.patience, 1);
  if (rates.length < Math.max(plan.minSlices, patience + 1)) return false;
  return rates
    .slice(-patience)
    .every(
      (rate, i) =>
        rate <= Math.max(...rates.slice(0, rates.length - patience + i)) * (1 + plan.tolerance),
    );
}
