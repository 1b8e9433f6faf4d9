import { known } from '../at';
import { money, type Center, type Loan } from '../context';
import { addDays } from '../dates';
import { formatYuan } from '../format';
import { sleep } from '../http';
import { ECONOMIC_LIFE_YEARS } from '../valuation-math';
import type { GuaranteePlan, LoanPlan, ValuationPlan } from '../plan';

interface Valuation {
  id: string;
  enterpriseId: string;
  purpose: string;
  status: string;
  conclusion: { value: string };
}

interface Guarantee {
  id: string;
  status: string;
  enterpriseId: string;
  lenderPartnerId: string;
  principal: string;
}

interface Application {
  id: string;
  status: 'approved' | 'declined';
  loanId?: string;
  reasons: { code: string; message: string }[];
  lendable?: string;
}

/** Steps of the lending phase: value and approve; apply for and approve a guarantee; apply, disburse, repay. */
export function lendingSteps(center: Center): number {
  const loans = center.plan.loans.filter((l) => l.product !== 'linked');
  return (
    center.plan.valuations.length * 2 +
    center.plan.guarantees.length * 2 +
    loans.length * 2 +
    loans.filter((l) => l.repayment !== undefined).length
  );
}

export const linkedSteps = (center: Center): number =>
  center.plan.loans.filter((l) => l.product === 'linked').length * 2;

/**
 * Each enterprise's way through the center, one pipeline per enterprise, all at once through
 * the request pool: its pledge valuation (requested by the tech branch, approved by an analyst),
 * then either a guarantee counter-guaranteed by it and the guaranteed loan, or an IP-pledge loan
 * against it; and, beside those, its tech credit loan. What the network already holds (read
 * first when the center is not new to the demo) is not asked for again.
 */
export async function lend(center: Center): Promise<void> {
  const { api, progress } = center.run;
  progress.phase(center.code, 'valuations, guarantees, loans');
  const valuations = new Map<string, Valuation>();
  if (!center.fresh) {
    const as = center.centerAdmin.as;
    const [all, loans] = await Promise.all([
      // 25 a page: a page of 200 valuations of several patents is more than NATS carries (1 MB),
      // and the valuation service exits on it (GET /valuations?limit=200 → 503, network down).
      api.all<Valuation>('/valuations', { as, pageSize: 25 }),
      api.all<Loan>('/loans', { as }),
    ]);
    const rank = (v: Valuation) => ['approved', 'computed'].indexOf(v.status);
    for (const v of all) {
      if (v.purpose !== 'pledge' || rank(v) < 0) continue;
      const held = valuations.get(v.enterpriseId);
      if (!held || rank(v) < rank(held)) valuations.set(v.enterpriseId, v);
    }
    for (const loan of loans) center.loans.set(`${loan.enterpriseId}|${loan.productCode}`, loan);
  }
  const loansOf = new Map<number, LoanPlan[]>();
  for (const loan of center.plan.loans)
    if (loan.product !== 'linked')
      loansOf.set(loan.enterprise, [...(loansOf.get(loan.enterprise) ?? []), loan]);
  const guaranteeOf = new Map(center.plan.guarantees.map((g) => [g.enterprise, g]));

  await Promise.all(
    center.plan.valuations.map(async (plan) => {
      const enterprise = center.enterprise(plan.enterprise);
      const mine = loansOf.get(plan.enterprise) ?? [];
      const credit = mine.filter((l) => l.product === 'credit');
      const secured = mine.filter((l) => l.product !== 'credit');
      if (!enterprise) {
        progress.tick(2 + (guaranteeOf.has(plan.enterprise) ? 2 : 0) + stepsOf(mine));
        return;
      }
      await Promise.all([
        ...credit.map((loan) =>
          center.attempt(`${loan.ref} loan`, () => ensureLoan(center, loan, {})),
        ),
        (async () => {
          const valuation = await center.attempt(`valuation of enterprise ${plan.enterprise}`, () =>
            ensureValuation(center, plan, valuations.get(enterprise.id)),
          );
          const guarantee = guaranteeOf.get(plan.enterprise);
          if (!valuation) {
            progress.tick((guarantee ? 2 : 0) + stepsOf(secured));
            return;
          }
          for (const loan of secured) {
            if (loan.product === 'guaranteed' && guarantee) {
              await center.attempt(`${loan.ref} loan`, async () => {
                const guaranteeId = await ensureGuarantee(center, guarantee, valuation.id);
                if (guaranteeId) await ensureLoan(center, loan, { guaranteeId });
                else progress.tick(stepsOf([loan]));
              });
            } else if (loan.product === 'ip-pledge') {
              await center.attempt(`${loan.ref} loan`, () =>
                ensureLoan(center, loan, { collateral: [{ valuationId: valuation.id }] }),
              );
            }
          }
        })(),
      ]);
    }),
  );
}

const stepsOf = (loans: LoanPlan[]): number =>
  loans.reduce((n, l) => n + 2 + (l.repayment !== undefined ? 1 : 0), 0);

/** The fund's companies borrow against what the fund put in (投贷联动), once credit has heard of it. */
export async function lendLinked(center: Center): Promise<void> {
  center.run.progress.phase(center.code, 'linked loans');
  await Promise.all(
    center.plan.loans
      .filter((l) => l.product === 'linked')
      .map((loan) => center.attempt(`${loan.ref} loan`, () => ensureLoan(center, loan, {}))),
  );
}

async function ensureValuation(
  center: Center,
  plan: ValuationPlan,
  existing: Valuation | undefined,
): Promise<{ id: string; value: string }> {
  const { api, progress } = center.run;
  let valuation = existing;
  if (!valuation) {
    valuation = await api.post<Valuation>('/valuations', {
      as: center.bank(plan.enterprise),
      idempotencyKey: center.key('valuation', plan.enterprise),
      body: valuationRequest(center, plan),
    });
  }
  progress.tick();
  if (valuation.status === 'computed') {
    valuation = await api.post<Valuation>(`/valuations/${valuation.id}/approve`, {
      as: center.analyst(plan.enterprise).as,
      idempotencyKey: center.key('valuation', plan.enterprise, 'approve'),
    });
  }
  progress.tick();
  return { id: valuation.id, value: valuation.conclusion.value };
}

export function valuationRequest(center: Center, plan: ValuationPlan) {
  return {
    enterpriseId: center.enterpriseId(plan.enterprise),
    purpose: 'pledge',
    referenceDate: plan.referenceDate,
    assets: plan.patents.map((p) => ({
      kind: 'patent',
      number: p.number,
      title: p.title,
      patentType: p.patentType,
      filedOn: p.filedOn,
      grantedOn: p.grantedOn,
      legalStatus: 'granted',
      ipcClass: p.ipcClass,
      economicLifeYears: String(ECONOMIC_LIFE_YEARS),
    })),
    income: { annualRevenue: plan.revenue },
  };
}

/**
 * The guarantee of an enterprise's loan, approved: its id is kept in the state file (the API
 * lists no guarantees); an enterprise this run did not create is looked for in its overview.
 */
async function ensureGuarantee(
  center: Center,
  plan: GuaranteePlan,
  valuationId: string,
): Promise<string | undefined> {
  const { api, progress } = center.run;
  const enterprise = known(center.enterprise(plan.enterprise), 'the enterprise');
  const bank = center.partner('bank');
  const as = center.bank(plan.enterprise);
  if (center.loans.has(`${enterprise.id}|guaranteed`)) {
    progress.tick(2);
    return 'in-use';
  }
  let guarantee: Guarantee | undefined;
  const kept = center.state.guarantees[String(plan.enterprise)];
  if (kept) guarantee = await api.get<Guarantee>(`/guarantees/${kept}`, { as });
  else if (!enterprise.fresh) guarantee = await fromOverview(center, enterprise.id, bank.id, plan);
  if (!guarantee) {
    guarantee = await api.post<Guarantee>('/guarantees', {
      as,
      idempotencyKey: center.key('guarantee', plan.enterprise),
      body: {
        enterpriseId: enterprise.id,
        lenderPartnerId: bank.id,
        principal: money(plan.principal),
        termMonths: plan.termMonths,
        coverageRatio: plan.coverageRatio,
        counterGuarantees: [{ kind: 'ip_pledge', valuationId }],
      },
    });
    center.state.guarantees[String(plan.enterprise)] = guarantee.id;
    center.run.files.save();
  }
  progress.tick();
  if (guarantee.status === 'pending') {
    guarantee = await api.post<Guarantee>(`/guarantees/${guarantee.id}/approve`, {
      as: center.analyst(plan.enterprise + 1).as,
      idempotencyKey: center.key('guarantee', plan.enterprise, 'approve'),
    });
  }
  progress.tick();
  if (!['approved', 'active'].includes(guarantee.status))
    throw new Error(
      `guarantee ${guarantee.id} of enterprise ${plan.enterprise} is ${guarantee.status}`,
    );
  return guarantee.id;
}

async function fromOverview(
  center: Center,
  enterpriseId: string,
  bankId: string,
  plan: GuaranteePlan,
): Promise<Guarantee | undefined> {
  const overview = await center.api.get<{ guarantees: { items?: Guarantee[] } }>(
    `/enterprises/${enterpriseId}/overview`,
    { as: center.centerAdmin.as },
  );
  return (overview.guarantees.items ?? []).find(
    (g) =>
      g.lenderPartnerId === bankId &&
      Number(g.principal) === plan.principal &&
      ['pending', 'approved', 'active'].includes(g.status),
  );
}

/**
 * A loan of the plan: applied for (Idempotency-Key), disbursed today, and repaid as planned;
 * a loan the center's book already holds for the enterprise and product is taken as it is. A
 * loan of the bank's historical book is applied for and disbursed on its day in the past.
 */
async function ensureLoan(
  center: Center,
  plan: LoanPlan,
  backing: { guaranteeId?: string; collateral?: { valuationId: string }[] },
): Promise<void> {
  const { api, progress, today } = center.run;
  const enterprise = known(center.enterprise(plan.enterprise), 'the enterprise');
  const as = center.bank(plan.enterprise);
  const existing = center.loans.get(`${enterprise.id}|${plan.product}`);
  const historical = plan.historicalDays
    ? addDays(center.run.anchor, -plan.historicalDays)
    : undefined;
  let loan: { id: string; status: string; principalRepaid: string } | undefined = existing;
  if (!loan) {
    const body = {
      enterpriseId: enterprise.id,
      productCode: plan.product,
      principal: money(plan.principal),
      termMonths: plan.termMonths,
      repaymentMethod: plan.method,
      ...(backing.guaranteeId && backing.guaranteeId !== 'in-use'
        ? { guaranteeId: backing.guaranteeId }
        : {}),
      ...(backing.collateral ? { collateral: backing.collateral } : {}),
      ...(historical ? { appliedOn: historical } : {}),
    };
    const application = await apply(center, plan, body);
    if (application.status !== 'approved' || !application.loanId) {
      progress.tick(stepsOf([plan]));
      throw new Error(
        `the ${plan.product} application for ${formatYuan(plan.principal)} was declined: ` +
          application.reasons.map((r) => `${r.code} (${r.message})`).join('; ') +
          (application.lendable ? `; lendable ${formatYuan(application.lendable)}` : ''),
      );
    }
    loan = { id: application.loanId, status: 'approved', principalRepaid: '0.00' };
  }
  progress.tick();
  if (historical) {
    center.state.notes['defaultChainLoan'] = loan.id;
    center.run.files.save();
  }
  if (loan.status === 'approved') {
    const day = historical ?? today;
    loan = await api.post<Loan>(`/loans/${loan.id}/disbursements`, {
      as,
      idempotencyKey: center.key('loan', plan.ref, 'disburse', day),
      body: { disbursedOn: day },
    });
  }
  progress.tick();
  if (plan.repayment === undefined) return;
  if (Number(loan.principalRepaid) === 0 && loan.status === 'active') {
    let amount = plan.repayment === 'payoff' ? undefined : money(plan.repayment);
    if (amount === undefined) {
      const current = await api.get<Loan>(`/loans/${loan.id}`, { as });
      amount = current.payoffAmount ?? current.outstandingPrincipal;
    }
    await api.post(`/loans/${loan.id}/repayments`, {
      as,
      idempotencyKey: center.key('loan', plan.ref, 'repay', today),
      body: { amount, paidOn: today },
    });
  }
  progress.tick();
}

/**
 * A linked loan needs credit to have heard of the fund's closing (investment-closed, an event):
 * declined for want of it, the application is made again a moment later under a new key.
 */
async function apply(center: Center, plan: LoanPlan, body: object): Promise<Application> {
  for (let attempt = 0; ; attempt++) {
    const application = await center.api.post<Application>('/loan-applications', {
      as: center.bank(plan.enterprise),
      idempotencyKey: center.key('loan', plan.ref, ...(attempt > 0 ? [`retry${attempt}`] : [])),
      body,
    });
    const waiting = application.reasons.some((r) => r.code === 'no-closed-investment');
    if (application.status === 'approved' || !waiting || attempt >= 10) return application;
    await sleep(1000);
  }
}
