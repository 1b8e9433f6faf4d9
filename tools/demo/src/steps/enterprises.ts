import type { Center } from '../context';
import { ApiError } from '../http';
import type { EnterprisePlan } from '../plan';

interface Enterprise {
  id: string;
  creditCode: string;
}

export const enterpriseSteps = (center: Center): number => center.plan.enterprises.length;

/**
 * The center's SMEs, registered by the tech branch by their unified social credit code (the
 * natural key): the center's list is read first unless the center is new to the demo, and a
 * 409 for a code registered meanwhile is looked up by the code.
 */
export async function registerEnterprises(center: Center): Promise<void> {
  const { api, progress } = center.run;
  progress.phase(center.code, 'enterprises');
  const known = new Map<string, string>();
  if (!center.fresh) {
    const all = await api.all<Enterprise>('/enterprises', { as: center.centerAdmin.as });
    for (const e of all) known.set(e.creditCode, e.id);
  }
  await Promise.all(
    center.plan.enterprises.map((e) =>
      center.attempt(`registering enterprise ${e.creditCode}`, async () => {
        const id = known.get(e.creditCode);
        center.enterprises.set(e.index, id ? { id, fresh: false } : await register(center, e));
        progress.tick();
      }),
    ),
  );
}

async function register(
  center: Center,
  e: EnterprisePlan,
): Promise<{ id: string; fresh: boolean }> {
  const as = center.bank(e.index);
  try {
    const reply = await center.api.call<Enterprise>('POST', '/enterprises', {
      as,
      idempotencyKey: center.key('enterprise', e.creditCode),
      body: {
        creditCode: e.creditCode,
        name: e.name,
        industry: e.industry.code,
        foundedOn: e.foundedOn,
        employees: e.employees,
        highTech: e.highTech,
        registeredCapital: e.registeredCapital,
      },
    });
    return { id: reply.body.id, fresh: !reply.replayed };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409) throw error;
    const found = await center.api.get<{ items: Enterprise[] }>('/enterprises', {
      as,
      query: { creditCode: e.creditCode },
    });
    const id = found.items[0]?.id;
    if (!id) throw error;
    return { id, fresh: false };
  }
}
