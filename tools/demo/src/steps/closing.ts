import { at } from '../at';
import type { Center, Loan } from '../context';
import { sleep } from '../http';

/** The classification run, and in Jinan the default chain's four stages. */
export const closingSteps = (center: Center): number => (center.code === 'jinan' ? 5 : 1);

interface ClassificationResult {
  asOf: string;
  repeated?: boolean;
  loans?: number;
  newlyDefaulted?: number;
}

/** The day's classification run (an analyst): the five categories, and loans past 90 days defaulted. */
export async function classify(center: Center): Promise<void> {
  const { api, progress, today } = center.run;
  progress.phase(center.code, 'classification');
  const result = await api.post<ClassificationResult>('/credit/classification-runs', {
    as: center.analyst(0).as,
    idempotencyKey: center.key('classification', today),
    body: { asOf: today },
  });
  center.state.notes['classification'] = JSON.stringify(result);
  center.run.files.save();
  progress.tick();
}

interface Guarantee {
  id: string;
  status: string;
  /** null until the loan defaults. */
  claim?: { claim: string; payout: string; recovered: string; defaultedOn: string } | null;
}

interface Listing {
  id: string;
  status: string;
  disposalGuaranteeId?: string;
  dealId?: string;
  pricing: { reservePrice?: string };
}

/** What the default chain came to, for the report (kept in the state file). */
export interface DefaultChain {
  loanId: string;
  disbursedOn?: string;
  defaultedOn?: string;
  daysPastDue: number;
  guaranteeId?: string;
  claim?: string;
  payout?: string;
  listingId?: string;
  reserve?: string;
  dealId?: string;
  price?: string;
  guaranteeRecovered?: string;
  guaranteeStatus?: string;
  loanRecovered?: string;
  loanOutstanding?: string;
  loanStatus?: string;
  /** Where it stopped, when it did not get to the recoveries. */
  stoppedAt?: string;
}

/** Events cross services in well under a second; a minute means something is stuck. */
const CHAIN_WAIT_MS = 60_000;

/**
 * The default chain (DOMAIN.md "The chain", 3), followed through the public API: the historical
 * loan the classification run defaulted → the guarantee's claim → the institution's disposal
 * auction of the counter-guaranteed patent → a bid at the reserve by the fund manager and the
 * analyst's hammer → collateral-sold → the recovery on the guarantee's claim and, the bank's
 * share, on the loan. Each stage waits for the event that makes it (poll with a deadline); a
 * re-run finds the sale made and only reads.
 */
export async function followDefaultChain(center: Center): Promise<void> {
  const { api, progress } = center.run;
  progress.phase(center.code, 'default chain');
  const loanId = center.state.notes['defaultChainLoan'];
  if (!loanId) {
    progress.tick(4);
    throw new Error('the plan has no historical loan to default (see plan.ts, DEFAULT_CHAIN_DAYS)');
  }
  const analyst = center.analyst(0).as;
  const chain: DefaultChain = { loanId, daysPastDue: 0 };
  const keep = () => {
    center.state.notes['defaultChain'] = JSON.stringify(chain);
    center.run.files.save();
  };
  const stop = (at: string): never => {
    chain.stoppedAt = at;
    keep();
    throw new Error(`the default chain stopped: ${at}`);
  };
  try {
    let loan = await api.get<Loan>(`/loans/${loanId}`, { as: analyst });
    Object.assign(chain, {
      disbursedOn: loan.disbursedOn,
      defaultedOn: loan.defaultedOn,
      daysPastDue: loan.daysPastDue,
      guaranteeId: loan.guaranteeId,
    });
    const guaranteeId =
      ['defaulted', 'closed'].includes(loan.status) && loan.guaranteeId
        ? loan.guaranteeId
        : stop(`loan ${loanId} is ${loan.status} after the classification run`);
    progress.tick();

    const claimed = await until(
      () => api.get<Guarantee>(`/guarantees/${guaranteeId}`, { as: analyst }),
      (g) => Boolean(g.claim),
    );
    const claim =
      claimed.claim ?? stop(`guarantee ${guaranteeId} has no claim a minute after the default`);
    Object.assign(chain, { claim: claim.claim, payout: claim.payout });
    progress.tick();

    const enterpriseId = loan.enterpriseId;
    const found = await until(
      async () =>
        (
          await api.all<Listing>('/listings', {
            as: analyst,
            query: { sellerEnterpriseId: enterpriseId },
          })
        ).find((l) => l.disposalGuaranteeId === guaranteeId),
      (l) => l !== undefined,
    );
    const disposal =
      found ?? stop(`no disposal auction of guarantee ${guaranteeId}'s counter-guarantees`);
    const reserve = disposal.pricing.reservePrice ?? stop(`disposal ${disposal.id} has no reserve`);
    Object.assign(chain, { listingId: disposal.id, reserve });
    if (disposal.status === 'listed') {
      await api.post(`/listings/${disposal.id}/bids`, {
        as: at(center.partner('fund').keys, 0, 'the fund manager key'),
        idempotencyKey: center.key('disposal', guaranteeId, 'bid'),
        body: { amount: reserve },
      });
      await api.post(`/listings/${disposal.id}/close`, {
        as: analyst,
        idempotencyKey: center.key('disposal', guaranteeId, 'close'),
      });
    }
    progress.tick();

    const sold = await api.get<Listing>(`/listings/${disposal.id}`, { as: analyst });
    const dealId =
      sold.dealId ?? stop(`the disposal auction ${disposal.id} is ${sold.status}, not sold`);
    const deal = await api.get<{ price: string }>(`/trade-deals/${dealId}`, { as: analyst });
    Object.assign(chain, { dealId, price: deal.price });
    const recovered = await until(
      () => api.get<Guarantee>(`/guarantees/${guaranteeId}`, { as: analyst }),
      (g) => Boolean(g.claim) && g.claim?.recovered !== '0.00',
    );
    loan = await until(
      () => api.get<Loan>(`/loans/${loanId}`, { as: analyst }),
      (l) => Number(l.principalRecovered) > Number(chain.payout),
    );
    Object.assign(chain, {
      guaranteeRecovered: recovered?.claim?.recovered,
      guaranteeStatus: recovered?.status,
      loanRecovered: loan.principalRecovered,
      loanOutstanding: loan.outstandingPrincipal,
      loanStatus: loan.status,
    });
    if (!recovered || Number(loan.principalRecovered) <= Number(chain.payout))
      stop(
        'the sale was not booked as a recovery on both the guarantee and the loan within a minute',
      );
    keep();
    progress.tick();
  } catch (error) {
    keep();
    throw error;
  }
}

/** Asks until the answer is ready or the chain's deadline passes (then the last answer). */
async function until<T>(ask: () => Promise<T>, ready: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + CHAIN_WAIT_MS;
  for (;;) {
    const value = await ask();
    if (ready(value) || Date.now() > deadline) return value;
    await sleep(250);
  }
}
