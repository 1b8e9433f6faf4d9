import { known } from '../at';
import { passwordOf, subjectOf, type Center, type PartnerHandle, type StaffUser } from '../context';
import { ApiError } from '../http';
import { CREDIT_MAX_PRINCIPAL, type PartnerPlan } from '../plan';
import { formatYuan } from '../format';

interface Partner {
  id: string;
  name: string;
  kind: string;
}

/** Steps counted for the progress line. */
export const setupSteps = (center: Center): number =>
  center.plan.users.length +
  center.plan.partners.reduce((n, p) => n + 1 + p.keys, 0) +
  2; /* credit policy, the institution */

/**
 * The center's staff (a center admin, four analysts) and partners (the bank's tech branch, the
 * university, the broker, the fund manager), created by the platform admin when missing, and
 * their API keys: a key kept in the state file is used while the network accepts it, and
 * re-issued when refused with 401.
 */
export async function setUpCenter(center: Center): Promise<void> {
  const { api, progress } = center.run;
  progress.phase(center.code, 'staff');
  const users = await Promise.all(
    center.plan.users.map((u) => ensureUser(center, u.username, u.role)),
  );
  const [admin, ...analysts] = users;
  center.centerAdmin = known(admin, 'the center admin');
  center.analysts = analysts;

  progress.phase(center.code, 'partners');
  const existing = await api.all<Partner>('/partners', { as: center.platform });
  const bankExisted = existing.some((p) => p.kind === 'bank' && p.name === center.plan.spec.bank);
  center.fresh = !bankExisted;
  await Promise.all(
    center.plan.partners
      .filter((p) => p.kind !== 'enterprise')
      .map((p) => ensurePartner(center, p, existing)),
  );
}

/** The SME's own partner and key (its enterprise must be registered first). */
export async function setUpSmePartner(center: Center): Promise<void> {
  const plan = center.plan.partners.find((p) => p.kind === 'enterprise');
  if (!plan) return;
  const existing = center.fresh
    ? []
    : await center.api.all<Partner>('/partners', { as: center.platform });
  await ensurePartner(center, plan, existing);
}

async function ensureUser(center: Center, username: string, role: string): Promise<StaffUser> {
  const { api, seed, progress } = center.run;
  const password = passwordOf(seed, username);
  const found = await api.get<{ items: { id: string }[] }>('/users', {
    as: center.platform,
    query: { username },
  });
  if (found.items.length === 0) {
    await api.post('/users', {
      as: center.platform,
      body: { username, password, roles: [role] },
      idempotencyKey: center.key('user', username),
    });
  }
  let token: string;
  try {
    ({ accessToken: token } = await api.post<{ accessToken: string }>('/auth/token', {
      body: { username, password },
    }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401)
      throw new Error(
        `${username} exists but does not take the demo's password for seed ${seed} (made by something else?)`,
      );
    throw error;
  }
  progress.tick();
  return { username, id: subjectOf(token), as: { token } };
}

async function ensurePartner(
  center: Center,
  plan: PartnerPlan,
  existing: Partner[],
): Promise<void> {
  const { api, progress } = center.run;
  let partner = existing.find((p) => p.kind === plan.kind && p.name === plan.name);
  if (!partner) {
    const enterpriseId =
      plan.enterprise === undefined ? undefined : center.enterprise(plan.enterprise)?.id;
    if (plan.enterprise !== undefined && !enterpriseId)
      throw new Error(`${center.code}: the SME of partner ${plan.name} is not registered`);
    partner = await api.post<Partner>('/partners', {
      as: center.platform,
      body: { name: plan.name, kind: plan.kind, ...(enterpriseId ? { enterpriseId } : {}) },
      idempotencyKey: center.key('partner', plan.ref),
    });
  }
  progress.tick();
  const handle: PartnerHandle = { id: partner.id, keys: [] };
  const stored = (center.state.keys[plan.ref] ??= []);
  for (let slot = 0; slot < plan.keys; slot++) {
    const kept = stored[slot];
    if (kept && (await accepted(center, kept.key))) {
      handle.keys.push({ apiKey: kept.key });
    } else {
      // No Idempotency-Key: a replay would keep the secret in the gateway's replay store.
      const issued = await api.post<{ id: string; key: string }>(
        `/partners/${partner.id}/api-keys`,
        {
          as: center.platform,
        },
      );
      stored[slot] = { id: issued.id, key: issued.key };
      center.run.files.save();
      handle.keys.push({ apiKey: issued.key });
      if (kept)
        center.note(`the ${plan.ref}'s stored API key ${slot + 1} was refused (401): re-issued`);
    }
    progress.tick();
  }
  center.partners[plan.ref] = handle;
}

/** A stored key the network still takes (401: revoked, or another network's). */
async function accepted(center: Center, key: string): Promise<boolean> {
  try {
    await center.api.get('/tenants', { as: { apiKey: key } });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return false;
    throw error;
  }
}

interface Product {
  code: string;
  maxPrincipal: string;
  annualRate?: unknown;
  [field: string]: unknown;
}

/**
 * The tech branch's credit loans are larger than the `credit` product's default ceiling (¥3M):
 * the center admin raises it to ¥50M, keeping every other product and field as they are.
 */
export async function raiseCreditCeiling(center: Center): Promise<void> {
  const { api, progress } = center.run;
  const path = `/tenants/${center.code}/policy`;
  const as = center.centerAdmin.as;
  const policy = await api.get<{ credit: { products: Product[] } }>(path, { as });
  const credit = policy.credit.products.find((p) => p.code === 'credit');
  const ceiling = Number(credit?.maxPrincipal ?? 0);
  if (credit && ceiling < CREDIT_MAX_PRINCIPAL) {
    const products = policy.credit.products.map(({ annualRate: _rate, ...product }) =>
      product.code === 'credit'
        ? { ...product, maxPrincipal: CREDIT_MAX_PRINCIPAL.toFixed(2) }
        : product,
    );
    await api.call('PATCH', path, { as, body: { credit: { products } } });
    center.note(
      `credit policy: the tech credit loan ceiling raised from ${formatYuan(ceiling)} to ${formatYuan(CREDIT_MAX_PRINCIPAL)} by ${center.centerAdmin.username} (PATCH ${path})`,
    );
  } else {
    center.note(`credit policy: tech credit loans up to ${formatYuan(ceiling)} (no change needed)`);
  }
  progress.tick();
}

interface Capacity {
  netAssets: string;
  outstanding: string;
  leverage: number;
  headroom: string;
  singleClientLimit: string;
}

/**
 * The guarantee institution must carry the plan's guarantees within its limits: leverage
 * (outstanding ≤ multiple × net assets) and one client (≤ 10 % of net assets). The center admin
 * raises its net assets (PATCH /guarantee-institution) only when the plan would not fit.
 */
export async function checkInstitution(center: Center): Promise<void> {
  const { api, progress } = center.run;
  const as = center.centerAdmin.as;
  const capacity = await api.get<Capacity>('/guarantee-capacity', { as });
  const planned = center.plan.guarantees.reduce((n, g) => n + g.guaranteedAmount, 0);
  const largest = Math.max(0, ...center.plan.guarantees.map((g) => g.guaranteedAmount));
  const netAssets = Number(capacity.netAssets);
  const clientRatio = Number(capacity.singleClientLimit) / netAssets || 0.1;
  const needed = Math.max(planned / capacity.leverage, largest / clientRatio);
  const fits = netAssets >= needed;
  const line =
    `guarantee institution: net assets ${formatYuan(netAssets)}, leverage ${capacity.leverage}× ` +
    `(room ${formatYuan(Number(capacity.headroom))} of ${formatYuan(netAssets * capacity.leverage)}), ` +
    `one client ≤ ${formatYuan(Number(capacity.singleClientLimit))}; the plan guarantees ` +
    `${formatYuan(planned)}, at most ${formatYuan(largest)} for one client`;
  if (fits) {
    center.note(`${line}: fits, no raise needed`);
  } else {
    const raised = Math.ceil(needed / 10_000_000) * 10_000_000;
    await api.call('PATCH', '/guarantee-institution', {
      as,
      body: { netAssets: raised.toFixed(2) },
    });
    center.note(
      `${line}: does not fit, so ${center.centerAdmin.username} raised its net assets to ${formatYuan(raised)} (PATCH /guarantee-institution)`,
    );
  }
  progress.tick();
}
