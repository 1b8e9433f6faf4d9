import { newId } from '@tf/core';
import { validCreditCode, validPatentNumber } from '@tf/testing';
import { Client } from 'pg';
import { DEFAULT_GUARANTEE_POLICY } from '../../../services/guarantee/src/guarantees/domain/policy';
import { shareByPolicy } from '../../../services/guarantee/src/guarantees/domain/risk-shares';
import { institutionFor } from '../../../services/guarantee/src/institutions/seed-institutions';

/**
 * The fixed dataset every run measures against, generated once per bench database and reused:
 * 100,000 enterprises and 20,000 valuations across the three centers, each center with a bench
 * bank whose API key the scenarios use (the valuations are that bank's, so it may read them).
 * Enterprises are written straight into PostgreSQL; one valuation per center is computed by the
 * valuation service and cloned, each clone for another enterprise.
 */
export const DATASET_VERSION = 1;
export const ENTERPRISES: Record<string, number> = {
  jinan: 50_000,
  liaocheng: 30_000,
  beijing: 20_000,
};
export const VALUATIONS: Record<string, number> = {
  jinan: 10_000,
  liaocheng: 6_000,
  beijing: 4_000,
};

export interface BenchPartner {
  partnerId: string;
  apiKeyId: string;
  apiKey: string;
}

/** Guarantees of the Jinan bench bank, pending, for GET /guarantees/{id}. */
export const GUARANTEES = 10_000;
export const GUARANTEE_FIXTURE_VERSION = 2;

/** The Jinan analyst who approves the bench pledge and, in their scenario, guarantees. */
export const BENCH_ANALYST = { username: 'bench.analyst', password: 'bench analyst password' };

/** A staff token (POST /auth/token) and whom it names. */
export async function staffLogin(
  gateway: string,
  user: { username: string; password: string },
): Promise<{ token: string; userId: string }> {
  const token = await new Api(gateway).token(user);
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    sub: string;
  };
  return { token, userId: claims.sub };
}

/** Added to a dataset on the first run that has the guarantee service (fixture "guarantees"). */
export interface GuaranteeFixture {
  version: number;
  /** An approved pledge valuation of the Jinan bench bank: the counter-guarantee of POST /guarantees. */
  pledgeValuationId: string;
}

export interface Dataset {
  version: number;
  partners: Record<string, BenchPartner>;
}

interface Connection {
  gateway: string;
  admin: { username: string; password: string };
  ownerUrl: string;
  log: (line: string) => void;
}

export async function ensureDataset(connection: Connection): Promise<Dataset> {
  const owner = new Client({ connectionString: connection.ownerUrl });
  await owner.connect();
  try {
    await owner.query('CREATE SCHEMA IF NOT EXISTS bench');
    await owner.query(
      'CREATE TABLE IF NOT EXISTS bench.fixture (name text PRIMARY KEY, value jsonb NOT NULL)',
    );
    const { rows } = await owner.query<{ value: Dataset }>(
      `SELECT value FROM bench.fixture WHERE name = 'dataset'`,
    );
    const existing = rows[0]?.value;
    let dataset: Dataset;
    if (existing?.version === DATASET_VERSION) {
      connection.log('dataset: reused (100,000 enterprises, 20,000 valuations)');
      dataset = existing;
    } else {
      dataset = await generate(owner, connection);
      await owner.query(
        `INSERT INTO bench.fixture (name, value) VALUES ('dataset', $1)
         ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
        [JSON.stringify(dataset)],
      );
    }
    // Fresh statistics, so the planner sees the tables as they are (bulk loads outrun autovacuum).
    await owner.query(
      'ANALYZE tenancy.enterprises, valuation.valuations, valuation.valuation_assets, tenancy.outbox',
    );
    return dataset;
  } finally {
    await owner.end();
  }
}

/**
 * The guarantee part of the dataset: an analyst approves one of the Jinan bench bank's
 * valuations (its assets become live pledges), and that bank's pending guarantees are written
 * straight into PostgreSQL, each for another enterprise.
 */
export async function ensureGuarantees(
  connection: Connection,
  dataset: Dataset,
): Promise<GuaranteeFixture> {
  const owner = new Client({ connectionString: connection.ownerUrl });
  await owner.connect();
  try {
    const { rows } = await owner.query<{ value: GuaranteeFixture }>(
      `SELECT value FROM bench.fixture WHERE name = 'guarantees'`,
    );
    if (rows[0]?.value.version === GUARANTEE_FIXTURE_VERSION) return rows[0].value;
    const bank = dataset.partners['jinan'];
    if (!bank) throw new Error('no bench bank in jinan');
    const api = new Api(connection.gateway);
    const admin = await api.token(connection.admin);
    await api.analyst(admin, 'jinan', BENCH_ANALYST);
    const [pledgeValuationId] = await valuationIds(owner, 'jinan', bank.partnerId, 1);
    if (!pledgeValuationId) throw new Error('no bench valuation in jinan');
    await api.approveValuation(await api.token(BENCH_ANALYST), pledgeValuationId);
    const enterprises = await enterpriseIds(owner, 'jinan', GUARANTEES);
    // The guarantee service seeds its institutions from tenancy's tenant-created events, which the
    // bench's nats-server of this run never carried (the centers were created in an earlier run).
    const institution = institutionFor('jinan', 'Jinan');
    await asCenter(owner, 'jinan', () =>
      owner.query(
        `INSERT INTO guarantee.institutions (id, tenant_id, name, net_assets) VALUES ($1, 'jinan', $2, $3)
         ON CONFLICT (tenant_id) DO NOTHING`,
        [newId(), institution.name, institution.netAssets],
      ),
    );
    const inserted = await asCenter(owner, 'jinan', () =>
      owner.query(
        `INSERT INTO guarantee.guarantees (id, tenant_id, institution_id, enterprise_id, lender_partner_id,
           principal, term_months, coverage_ratio, guaranteed_amount, annual_fee_rate, fee, risk_shares,
           counter_guarantees, pledge_value, status, requested_by, requested_by_partner)
         SELECT n.id, i.tenant_id, i.id, n.enterprise_id, $1::uuid, 1000000, 12, 0.8, 800000, 0.01, 8000,
           $2::jsonb, '[]', 0, 'pending', 'partner:' || $1::text, $1::uuid
         FROM guarantee.institutions i, unnest($3::uuid[], $4::uuid[]) AS n(id, enterprise_id)`,
        [
          bank.partnerId,
          JSON.stringify(shareByPolicy('800000.00', DEFAULT_GUARANTEE_POLICY)),
          enterprises.map(() => newId()),
          enterprises,
        ],
      ),
    );
    if (inserted.rowCount !== enterprises.length)
      throw new Error(`wrote ${inserted.rowCount} of ${enterprises.length} bench guarantees`);
    const fixture = { version: GUARANTEE_FIXTURE_VERSION, pledgeValuationId };
    await owner.query(
      `INSERT INTO bench.fixture (name, value) VALUES ('guarantees', $1)
       ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
      [JSON.stringify(fixture)],
    );
    await owner.query('ANALYZE guarantee.guarantees, valuation.valuation_assets');
    connection.log(`dataset: jinan: ${inserted.rowCount} guarantees, a pledge approved`);
    return fixture;
  } finally {
    await owner.end();
  }
}

export async function guaranteeIds(
  owner: Client,
  partnerId: string,
  limit: number,
): Promise<string[]> {
  return asCenter(owner, 'jinan', async () => {
    const { rows } = await owner.query<{ id: string }>(
      `SELECT id FROM guarantee.guarantees WHERE lender_partner_id = $1 ORDER BY id LIMIT $2`,
      [partnerId, limit],
    );
    return rows.map((row) => row.id);
  });
}

async function generate(owner: Client, connection: Connection): Promise<Dataset> {
  const started = Date.now();
  const api = new Api(connection.gateway);
  const token = await api.token(connection.admin);
  const partners: Record<string, BenchPartner> = {};
  for (const center of Object.keys(ENTERPRISES)) {
    partners[center] = await api.benchBank(token, center);
    await insertEnterprises(owner, center, ENTERPRISES[center] ?? 0);
    connection.log(`dataset: ${center}: ${ENTERPRISES[center]} enterprises`);
    const [first, ...others] = await enterpriseIds(owner, center, (VALUATIONS[center] ?? 0) + 1);
    if (!first) throw new Error(`no enterprise in ${center}`);
    const template = await api.valuation(partners[center].apiKey, first);
    await cloneValuation(owner, center, template, others);
    connection.log(`dataset: ${center}: ${others.length + 1} valuations`);
  }
  connection.log(`dataset: generated in ${Math.round((Date.now() - started) / 1000)} s`);
  return { version: DATASET_VERSION, partners };
}

/** Work as one center: row-level security applies to the owner too (FORCE). */
export async function asCenter<T>(
  owner: Client,
  center: string,
  work: () => Promise<T>,
): Promise<T> {
  await owner.query('BEGIN');
  try {
    await owner.query(`SELECT set_config('app.tenant_id', $1, true)`, [center]);
    const result = await work();
    await owner.query('COMMIT');
    return result;
  } catch (error) {
    await owner.query('ROLLBACK');
    throw error;
  }
}

async function insertEnterprises(owner: Client, center: string, count: number): Promise<void> {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(validCreditCode());
  const all = [...codes];
  for (let start = 0; start < count; start += 10_000) {
    const batch = all.slice(start, start + 10_000);
    await asCenter(owner, center, () =>
      owner.query(
        `INSERT INTO tenancy.enterprises (id, tenant_id, credit_code, name, industry, high_tech)
         SELECT id, $1, code, 'Bench enterprise ' || code, 'integrated-circuits', false
         FROM unnest($2::uuid[], $3::text[]) AS e(id, code)`,
        [center, batch.map(() => newId()), batch],
      ),
    );
  }
}

export async function enterpriseIds(
  owner: Client,
  center: string,
  limit: number,
): Promise<string[]> {
  return asCenter(owner, center, async () => {
    const { rows } = await owner.query<{ id: string }>(
      `SELECT id FROM tenancy.enterprises WHERE name LIKE 'Bench enterprise %' ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  });
}

/** Copies of one computed valuation, each for another enterprise, with its assets. */
async function cloneValuation(
  owner: Client,
  center: string,
  template: string,
  enterprises: string[],
): Promise<void> {
  for (let start = 0; start < enterprises.length; start += 2_000) {
    const batch = enterprises.slice(start, start + 2_000);
    const ids = batch.map(() => newId());
    await asCenter(owner, center, async () => {
      await owner.query(
        `INSERT INTO valuation.valuations (id, tenant_id, enterprise_id, purpose, reference_date, status,
           currency, value, low, high, methods, score, assumptions, parameters, income, asset_key, holder,
           prepared_by, prepared_by_partner, prepared_at, updated_at)
         SELECT n.id, t.tenant_id, n.enterprise_id, t.purpose, t.reference_date, t.status, t.currency,
           t.value, t.low, t.high, t.methods, t.score, t.assumptions, t.parameters, t.income, t.asset_key,
           t.holder, t.prepared_by, t.prepared_by_partner, t.prepared_at, t.updated_at
         FROM valuation.valuations t, unnest($2::uuid[], $3::uuid[]) AS n(id, enterprise_id)
         WHERE t.id = $1`,
        [template, ids, batch],
      );
      await owner.query(
        `INSERT INTO valuation.valuation_assets (id, tenant_id, valuation_id, position, kind, number,
           identity, live_pledge, title, patent_type, input, remaining_legal_years, economic_life_years,
           value, methods, score)
         SELECT gen_random_uuid(), a.tenant_id, n.id, a.position, a.kind, a.number, a.identity,
           a.live_pledge, a.title, a.patent_type, a.input, a.remaining_legal_years,
           a.economic_life_years, a.value, a.methods, a.score
         FROM valuation.valuation_assets a, unnest($2::uuid[]) AS n(id)
         WHERE a.valuation_id = $1`,
        [template, ids],
      );
    });
  }
}

export async function valuationIds(
  owner: Client,
  center: string,
  partnerId: string,
  limit: number,
): Promise<string[]> {
  return asCenter(owner, center, async () => {
    const { rows } = await owner.query<{ id: string }>(
      `SELECT id FROM valuation.valuations WHERE prepared_by_partner = $1 ORDER BY id LIMIT $2`,
      [partnerId, limit],
    );
    return rows.map((row) => row.id);
  });
}

/** A 5-patent pledge portfolio, each patent numbered anew (valid CN check characters). */
export function fivePatents(enterpriseId: string): unknown {
  const patent = (patentType: 'invention' | 'utility_model' | 'design', i: number) => ({
    kind: 'patent',
    number: validPatentNumber(patentType),
    title: `一种芯片封装方法 ${i}`,
    patentType,
    filedOn: '2021-01-12',
    grantedOn: '2023-04-18',
    legalStatus: 'granted',
    claims: 10,
    ipcClass: 'H01L 23/00',
    replacementCost: { rdSpend: '800000.00', filingFees: '9000.00', maintenanceFees: '6000.00' },
    technical: { advancement: 4, substitutability: 4, maturity: 3, scope: 4 },
    economic: { marketSize: 4, marketShare: 3, competition: 3, policyFit: 4 },
  });
  return {
    enterpriseId,
    purpose: 'pledge',
    referenceDate: new Date().toISOString().slice(0, 10),
    assets: [
      patent('invention', 1),
      patent('invention', 2),
      patent('utility_model', 3),
      patent('utility_model', 4),
      patent('design', 5),
    ],
    income: {
      annualRevenue: ['3000000.00', '3600000.00', '4200000.00', '4500000.00', '4800000.00'],
    },
  };
}

/** The few API calls the dataset needs, as the platform admin and the bench banks. */
class Api {
  constructor(private readonly gateway: string) {}

  async token(admin: { username: string; password: string }): Promise<string> {
    const reply = await this.call('POST', '/auth/token', { body: admin });
    return (reply as { accessToken: string }).accessToken;
  }

  async benchBank(token: string, center: string): Promise<BenchPartner> {
    const headers = { authorization: `Bearer ${token}`, 'x-tenant-id': center };
    const partner = (await this.call('POST', '/partners', {
      headers,
      body: { name: `Bench Bank ${center}`, kind: 'bank' },
    })) as { id: string };
    const key = (await this.call('POST', `/partners/${partner.id}/api-keys`, { headers })) as {
      id: string;
      key: string;
    };
    return { partnerId: partner.id, apiKeyId: key.id, apiKey: key.key };
  }

  /** An analyst of the center (four eyes: the bench bank prepared the valuations). */
  async analyst(token: string, center: string, user: { username: string; password: string }) {
    const response = await fetch(`${this.gateway}/api/v1/users`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-tenant-id': center,
      },
      body: JSON.stringify({ ...user, roles: ['analyst'] }),
    });
    // 409: made by an earlier run whose fixture was not stored.
    if (!response.ok && response.status !== 409)
      throw new Error(`POST /users: ${response.status} ${await response.text()}`);
  }

  async approveValuation(token: string, id: string): Promise<void> {
    const response = await fetch(`${this.gateway}/api/v1/valuations/${id}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    // 409: approved by an earlier run whose fixture was not stored.
    if (!response.ok && response.status !== 409)
      throw new Error(`approving valuation ${id}: ${response.status} ${await response.text()}`);
  }

  async valuation(apiKey: string, enterpriseId: string): Promise<string> {
    const reply = await this.call('POST', '/valuations', {
      headers: { 'x-api-key': apiKey },
      body: fivePatents(enterpriseId),
    });
    return (reply as { id: string }).id;
  }

  private async call(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: unknown },
  ): Promise<unknown> {
    const response = await fetch(`${this.gateway}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...options.headers },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const json: unknown = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
}
