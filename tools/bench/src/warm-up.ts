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
}

/**
 * Warm once the newest slice is no faster than the best before it (within the tolerance): a
 * path still being optimised shows as throughput rising slice after slice, while a dip is the
 * host's noise and says nothing more is to come.
 */
export function isWarm(rates: readonly number[], plan: WarmUpPlan): boolean {
  if (rates.length >= Math.floor(plan.maxSeconds / plan.sliceSeconds)) return true;
  if (rates.length < Math.max(plan.minSlices, 2)) return false;
  const latest = rates[rates.length - 1] ?? 0;
  const best = Math.max(...rates.slice(0, -1));
  return latest <= best * (1 + plan.tolerance);
}
