import { at } from '../at';
import { money, type Center } from '../context';
import { ApiError } from '../http';
import type { DealPlan } from '../plan';

interface Fund {
  id: string;
  name: string;
  called: string;
}

interface Investment {
  id: string;
  enterpriseId: string;
  entries: { kind: string }[];
}

interface Deal {
  id: string;
  enterpriseId: string;
  stage: string;
  votes: { userId?: string; voterId?: string }[];
  committee: { passed: boolean; cast: number };
  investmentId?: string;
}

/** The committee: the first three analysts; deals are worked by the fourth. */
const COMMITTEE = 3;

export const investingSteps = (center: Center): number =>
  1 +
  center.plan.fund.limitedPartners.length +
  center.plan.fund.capitalCalls.length +
  center.plan.deals.length * (3 + COMMITTEE) +
  center.plan.deals.filter((d) => d.mark).length;

/**
 * The center's fund: set up by the center admin with its committee and limited partners, its
 * capital called over three years; each deal opened by an analyst, taken to the committee, voted
 * on by its three members and closed on its day (spread over the three years).
 */
export async function invest(center: Center): Promise<string | undefined> {
  const { api, progress } = center.run;
  progress.phase(center.code, 'fund and deals');
  const plan = center.plan.fund;
  const admin = center.centerAdmin.as;
  const funds = center.fresh ? [] : await api.all<Fund>('/funds', { as: admin });
  let fund = funds.find((f) => f.name === plan.name);
  if (!fund) {
    fund = await api.post<Fund>('/funds', {
      as: admin,
      idempotencyKey: center.key('fund'),
      body: {
        name: plan.name,
        size: money(plan.size),
        vintageYear: plan.vintageYear,
        committee: center.analysts.slice(0, COMMITTEE).map((a) => a.id),
        managerPartnerId: center.partner('fund').id,
      },
    });
  }
  progress.tick();
  const fundId = fund.id;
  const partners = center.fresh
    ? []
    : await api.all<{ name: string }>(`/funds/${fundId}/limited-partners`, { as: admin });
  for (const [i, lp] of plan.limitedPartners.entries()) {
    if (!partners.some((p) => p.name === lp.name))
      await api.post(`/funds/${fundId}/limited-partners`, {
        as: admin,
        idempotencyKey: center.key('fund', 'lp', i),
        body: { name: lp.name, commitment: money(lp.commitment) },
      });
    progress.tick();
  }
  // Calls are made in order; what the fund has called says how many were made.
  let called = Number(fund.called ?? 0);
  for (const [i, call] of plan.capitalCalls.entries()) {
    if (called >= call.amount - 0.005) called -= call.amount;
    else
      await api.post(`/funds/${fundId}/flows`, {
        as: admin,
        idempotencyKey: center.key('fund', 'call', i),
        body: { kind: 'capital_call', amount: money(call.amount), on: call.on },
      });
    progress.tick();
  }
  const deals = new Map<string, Deal>();
  const holdings = new Map<string, Investment>();
  if (!center.fresh) {
    for (const d of await api.all<Deal>('/deals', { as: admin, query: { fundId } }))
      if (d.stage !== 'rejected') deals.set(d.enterpriseId, d);
    for (const i of await api.all<Investment>('/investments', { as: admin, query: { fundId } }))
      holdings.set(i.enterpriseId, i);
  }
  await Promise.all(
    center.plan.deals.map((plan) =>
      center.attempt(`the fund's deal with enterprise ${plan.enterprise}`, () =>
        closeDeal(center, fundId, plan, deals, holdings),
      ),
    ),
  );
  return fundId;
}

async function closeDeal(
  center: Center,
  fundId: string,
  plan: DealPlan,
  existing: Map<string, Deal>,
  holdings: Map<string, Investment>,
): Promise<void> {
  const { api, progress } = center.run;
  const enterprise = center.enterprise(plan.enterprise);
  if (!enterprise) throw new Error(`enterprise ${plan.enterprise} is not registered`);
  const worker = at(center.analysts, COMMITTEE, 'analyst').as;
  let deal = existing.get(enterprise.id);
  if (!deal)
    deal = await api.post<Deal>('/deals', {
      as: worker,
      idempotencyKey: center.key('deal', plan.enterprise),
      body: { fundId, enterpriseId: enterprise.id },
    });
  progress.tick();
  if (deal.stage !== 'committee' && deal.stage !== 'term_sheet' && deal.stage !== 'closed')
    deal = await api.post<Deal>(`/deals/${deal.id}/stage`, {
      as: worker,
      idempotencyKey: center.key('deal', plan.enterprise, 'committee'),
      body: { stage: 'committee' },
    });
  progress.tick();
  for (const [i, vote] of plan.votes.entries()) {
    if (deal.stage === 'committee' && !deal.committee.passed) {
      try {
        deal = await api.post<Deal>(`/deals/${deal.id}/votes`, {
          as: at(center.analysts, i, 'committee member').as,
          idempotencyKey: center.key('deal', plan.enterprise, 'vote', i),
          body: { vote },
        });
      } catch (error) {
        // Cast in an earlier run whose reply was lost: the tally already has it.
        if (!(error instanceof ApiError) || error.type !== 'already-voted') throw error;
      }
    }
    progress.tick();
  }
  let holding = holdings.get(enterprise.id);
  if (deal.stage !== 'closed')
    holding = await api.post<Investment>(`/deals/${deal.id}/close`, {
      as: worker,
      idempotencyKey: center.key('deal', plan.enterprise, 'close'),
      body: {
        amount: money(plan.amount),
        preMoneyValuation: money(plan.preMoneyValuation),
        closedOn: plan.closedOn,
      },
    });
  progress.tick();
  if (!plan.mark) return;
  if (!holding) throw new Error(`the deal ${deal.id} is closed but its investment is not listed`);
  if (!holding.entries.some((e) => e.kind === 'mark'))
    await api.post(`/investments/${holding.id}/marks`, {
      as: worker,
      idempotencyKey: center.key('deal', plan.enterprise, 'mark'),
      body: { fairValue: money(plan.mark.fairValue), markedOn: plan.mark.markedOn },
    });
  progress.tick();
}
