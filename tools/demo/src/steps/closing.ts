import { money, type Center } from '../context';
import { addDays } from '../dates';
import { ApiError } from '../http';

export const closingSteps = (center: Center): number => (center.code === 'jinan' ? 3 : 1);

interface ClassificationResult {
  asOf: string;
  repeated?: boolean;
  counts?: Record<string, number>;
  defaulted?: number;
  [field: string]: unknown;
}

/**
 * The day's classification run (an analyst): the five categories of the book and any loan past
 * 90 days defaulted, which is where the default chain would begin.
 */
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

/**
 * The default chain (loan-defaulted → guarantee claim → disposal auction → collateral-sold →
 * recoveries) needs a loan 90 days past due, and a loan both pledged and guaranteed for one sale
 * to recover on the loan and the guarantee. The demo asks the public API for what it would take
 * and keeps each answer for the report: a disbursement dated 120 days back (tried in the lending
 * phase), a classification run dated in the future, and a guaranteed loan that also pledges.
 */
export async function probeDefaultChain(center: Center): Promise<void> {
  const { api, progress, today } = center.run;
  progress.phase(center.code, 'default chain');
  const asOf = addDays(today, 120);
  center.state.notes['futureRun'] = await answer(
    `POST /api/v1/credit/classification-runs {"asOf":"${asOf}"}`,
    () =>
      api.post('/credit/classification-runs', {
        as: center.analyst(0).as,
        idempotencyKey: center.key('classification-probe', asOf),
        body: { asOf },
      }),
  );
  progress.tick();
  const guarantee = center.plan.guarantees[0];
  const valuationOwner = guarantee?.enterprise;
  const enterprise = valuationOwner === undefined ? undefined : center.enterprise(valuationOwner);
  const guaranteeId =
    valuationOwner === undefined ? undefined : center.state.guarantees[String(valuationOwner)];
  if (guarantee && enterprise && guaranteeId) {
    const valuations = await api.get<{ items: { id: string; status: string }[] }>('/valuations', {
      as: center.centerAdmin.as,
      query: { enterpriseId: enterprise.id, status: 'approved' },
    });
    const valuationId = valuations.items[0]?.id ?? '00000000-0000-7000-8000-000000000000';
    const body = {
      enterpriseId: enterprise.id,
      productCode: 'guaranteed',
      principal: money(guarantee.principal),
      termMonths: guarantee.termMonths,
      repaymentMethod: 'equal_installment',
      guaranteeId,
      collateral: [{ valuationId }],
    };
    center.state.notes['pledgedAndGuaranteed'] = await answer(
      `POST /api/v1/loan-applications ${JSON.stringify(body)}`,
      () =>
        api.post('/loan-applications', {
          as: center.bank(guarantee.enterprise),
          idempotencyKey: center.key('loan-probe', 'pledged-and-guaranteed'),
          body,
        }),
    );
  }
  center.run.files.save();
  progress.tick();
}

async function answer(request: string, call: () => Promise<unknown>): Promise<string> {
  try {
    const reply = await call();
    return `${request}\n      → accepted: ${JSON.stringify(reply).slice(0, 300)}`;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return `${request}\n      → ${error.status} ${error.type}: ${error.detail}`;
  }
}
