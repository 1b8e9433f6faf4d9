import { TradingEvents, ValuationRpc } from '@tf/contracts';
import {
  addMonths,
  Clock,
  loadConfig,
  newId,
  PlatformConfig,
  ServiceClient,
  sumMoney,
  formatMoney,
} from '@tf/platform';
import { parsePdf, validCreditCode } from '@tf/testing';
import { Client } from 'pg';
import { Api, expectProblem } from './http-client';
import { publishEvents } from './events';
import { startNetwork, type Network } from './network';

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Three granted patents of a Jinan chip maker, as a bank would send them. */
function patents(overrides: Record<string, unknown>[] = []) {
  const base = [
    {
      kind: 'patent',
      number: 'CN202110123456.7',
      title: '一种量子芯片封装方法',
      patentType: 'invention',
      filedOn: '2021-01-12',
      grantedOn: '2023-04-18',
      legalStatus: 'granted',
      claims: 12,
      ipcClass: 'H01L 23/00',
      familyCountries: ['US', 'EP'],
      licenceStatus: 'non_exclusive',
      replacementCost: {
        rdSpend: '1800000.00',
        filingFees: '12000.00',
        maintenanceFees: '9000.00',
      },
      technical: { advancement: 5, substitutability: 4, maturity: 4, scope: 4 },
      economic: { marketSize: 4, marketShare: 3, competition: 3, policyFit: 5 },
    },
    {
      kind: 'patent',
      number: 'CN202220234567.5',
      title: '芯片散热结构',
      patentType: 'utility_model',
      filedOn: '2022-02-20',
      grantedOn: '2022-08-09',
      legalStatus: 'granted',
      ipcClass: 'H01L 23/36',
    },
    {
      kind: 'patent',
      number: 'CN202130345678.4',
      title: '芯片测试台外观',
      patentType: 'design',
      filedOn: '2021-07-01',
      grantedOn: '2021-12-10',
      legalStatus: 'granted',
    },
  ];
  return base.map((asset, i) => ({ ...asset, ...(overrides[i] ?? {}) }));
}

const INCOME = {
  annualRevenue: ['3000000.00', '3600000.00', '4200000.00', '4500000.00', '4800000.00'],
};

describe('valuation (评) through the gateway', () => {
  let network: Network;
  let api: Api;
  let admin: string;
  let analystLi: string;
  let analystWang: string;
  let bankKey: string;
  let liaochengKey: string;
  let enterpriseId: string;
  let client: ServiceClient;

  beforeAll(async () => {
    network = await startNetwork('valuation', { VALUATION_EXPIRY_SWEEP_MS: '1000' });
    api = new Api(network.gateway);
    admin = await api.token(network.admin.username, network.admin.password);
    for (const username of ['jinan.li', 'jinan.wang']) {
      const created = await api.post('/api/v1/users', {
        token: admin,
        tenant: 'jinan',
        body: { username, password: 'analyst password 1', roles: ['analyst'] },
      });
      expect(created.status).toBe(201);
    }
    analystLi = await api.token('jinan.li', 'analyst password 1');
    analystWang = await api.token('jinan.wang', 'analyst password 1');
    bankKey = await partnerKey('jinan');
    liaochengKey = await partnerKey('liaocheng');
    const enterprise = await api.post('/api/v1/enterprises', {
      apiKey: bankKey,
      body: {
        creditCode: validCreditCode(),
        name: '济南量子芯片科技有限公司',
        industry: 'integrated-circuits',
        highTech: true,
      },
    });
    enterpriseId = enterprise.body.id;
    const policy = await api.patch('/api/v1/tenants/jinan/policy', {
      token: admin,
      body: { valuation: { royaltyRatesByIndustry: { 'integrated-circuits': '0.05' } } },
    });
    expect(policy.status).toBe(200);
    client = new ServiceClient(
      loadConfig(PlatformConfig, network.stack.env({ SERVICE_NAME: 'e2e-client' })),
    );
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await network?.stack.stop();
  });

  async function partnerKey(tenant: string): Promise<string> {
    const partner = await api.post('/api/v1/partners', {
      token: admin,
      tenant,
      body: { name: `${tenant} bank`, kind: 'bank' },
    });
    return (
      await api.post(`/api/v1/partners/${partner.body.id}/api-keys`, { token: admin, tenant })
    ).body.key;
  }

  async function valuationsOfEnterprise(): Promise<number> {
    return (
      await api.get(`/api/v1/valuations?enterpriseId=${enterpriseId}&limit=200`, {
        token: analystLi,
      })
    ).body.items.length;
  }

  describe('the bank asks, an analyst approves, the bank files the PDF', () => {
    let valuation: any;

    beforeAll(async () => {
      const reply = await api.post('/api/v1/valuations', {
        apiKey: bankKey,
        body: {
          enterpriseId,
          purpose: 'pledge',
          referenceDate: daysAgo(10),
          assets: patents(),
          income: INCOME,
        },
      });
      expect(reply.status).toBe(201);
      valuation = reply.body;
    });

    it('computes a conclusion with its methods, score and assumptions explained', () => {
      expect(valuation).toMatchObject({
        status: 'computed',
        purpose: 'pledge',
        conclusion: { currency: 'CNY' },
      });
      expect(Number(valuation.conclusion.value)).toBeGreaterThan(0);
      expect(valuation.conclusion.value).toMatch(/^\d+\.\d{2}$/);
      const byMethod = Object.fromEntries(valuation.methods.map((m: any) => [m.method, m]));
      expect(byMethod.income.status).toBe('applied');
      expect(byMethod.cost.status).toBe('applied');
      expect(byMethod.market).toMatchObject({ status: 'skipped' });
      expect(byMethod.market.reason).toMatch(/comparable/);
      // The industry rate set by the center and the high-tech tax rate were used.
      expect(valuation.parameters).toMatchObject({ royaltyRate: '0.05', incomeTaxRate: '0.15' });
      expect(valuation.score.overall).toBeGreaterThan(0);
      expect(valuation.assets).toHaveLength(3);
      expect(valuation.assumptions.length).toBeGreaterThan(0);
    });

    it('values each asset and the whole: the parts add up to the conclusion exactly', () => {
      const parts = sumMoney(valuation.assets.map((a: any) => a.value));
      expect(formatMoney(parts)).toBe(valuation.conclusion.value);
      expect(Number(valuation.conclusion.low)).toBeLessThan(Number(valuation.conclusion.value));
      expect(Number(valuation.conclusion.high)).toBeGreaterThan(Number(valuation.conclusion.value));
    });

    it('a bank key can never approve', async () => {
      expectProblem(
        await api.post(`/api/v1/valuations/${valuation.id}/approve`, { apiKey: bankKey }),
        403,
      );
    });

    it('an analyst who did not prepare it approves; valid for 12 months from the reference date', async () => {
      const approved = await api.post(`/api/v1/valuations/${valuation.id}/approve`, {
        token: analystLi,
      });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        validUntil: addMonths(valuation.referenceDate, 12),
      });
      expect(approved.body.approvedBy).toMatch(/^user:/);
      expectProblem(
        await api.post(`/api/v1/valuations/${valuation.id}/approve`, { token: analystWang }),
        409,
      );
    });

    it('the bank downloads the PDF report', async () => {
      const response = await fetch(`${network.gateway}/api/v1/valuations/${valuation.id}/report`, {
        headers: { 'x-api-key': bankKey },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const pdf = Buffer.from(await response.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.toString('latin1')).toContain('NotoSansSC');
      const text = (await parsePdf(pdf)).pages.join('\n');
      // People by name, not by id: the approving analyst and the requesting bank.
      expect(text).toContain('jinan.li');
      expect(text).toContain('jinan bank');
      expect(text).toContain('济南量子芯片科技有限公司');
      expect(text).toContain('一种量子芯片封装方法');
    });

    it('a Liaocheng key cannot see it, nor its report: 404', async () => {
      expectProblem(
        await api.get(`/api/v1/valuations/${valuation.id}`, { apiKey: liaochengKey }),
        404,
      );
      expectProblem(
        await api.get(`/api/v1/valuations/${valuation.id}/report`, { apiKey: liaochengKey }),
        404,
      );
    });

    it('credit and guarantee get its pledge value over NATS, in its center only', async () => {
      const jinan = await client.request(
        ValuationRpc.pledgeValue,
        { valuationIds: [valuation.id] },
        { requestId: 'pv-1', tenant: 'jinan' },
      );
      expect(jinan).toMatchObject({
        totalValue: valuation.conclusion.value,
        currency: 'CNY',
        missing: [],
      });
      expect(jinan.items.map((i) => i.assetNumber)).toEqual(patents().map((p) => p.number));
      expect(jinan.items.find((i) => i.assetNumber === 'CN202110123456.7')?.patentType).toBe(
        'invention',
      );
      const byAsset = await client.request(
        ValuationRpc.pledgeValue,
        { assetNumbers: ['CN202110123456.7', 'CN209999999999.8'] },
        { requestId: 'pv-2', tenant: 'jinan' },
      );
      expect(byAsset.missing).toEqual(['CN209999999999.8']);
      const liaocheng = await client.request(
        ValuationRpc.pledgeValue,
        { valuationIds: [valuation.id] },
        { requestId: 'pv-3', tenant: 'liaocheng' },
      );
      expect(liaocheng).toMatchObject({ totalValue: '0.00', missing: [valuation.id] });
    });

    it('expires after its validity: status, event and pledge value all follow', async () => {
      // The running sweep (every second here) sees the day after the validity ends.
      const clock = network.stack.app('valuation').get(Clock);
      clock.pin(nextDay(addMonths(valuation.referenceDate, 12)));
      try {
        let status = '';
        for (let attempt = 0; attempt < 50 && status !== 'expired'; attempt++) {
          await new Promise((r) => setTimeout(r, 200));
          status = (await api.get(`/api/v1/valuations/${valuation.id}`, { token: analystLi })).body
            .status;
        }
        expect(status).toBe('expired');
      } finally {
        clock.pin(undefined);
      }
      const owner = new Client({ connectionString: network.stack.db.ownerUrl });
      await owner.connect();
      try {
        const events = await owner.query(
          `SELECT type FROM valuation.outbox WHERE tenant_id = 'jinan' ORDER BY id`,
        );
        expect(events.rows.map((r) => r.type)).toEqual(
          expect.arrayContaining(['valuation-computed', 'valuation-approved', 'valuation-expired']),
        );
      } finally {
        await owner.end();
      }
      const pledge = await client.request(
        ValuationRpc.pledgeValue,
        { valuationIds: [valuation.id] },
        { requestId: 'pv-4', tenant: 'jinan' },
      );
      expect(pledge.missing).toEqual([valuation.id]);
    });
  });

  describe('four eyes', () => {
    it('an analyst cannot approve what she prepared; another analyst can', async () => {
      const mine = await api.post('/api/v1/valuations', {
        token: analystLi,
        body: {
          enterpriseId,
          purpose: 'transfer',
          referenceDate: daysAgo(5),
          assets: patents().slice(0, 1),
          income: INCOME,
        },
      });
      expect(mine.status).toBe(201);
      const self = expectProblem(
        await api.post(`/api/v1/valuations/${mine.body.id}/approve`, { token: analystLi }),
        422,
      );
      expect(self.type).toBe('/problems/four-eyes');
      expect(
        (await api.post(`/api/v1/valuations/${mine.body.id}/approve`, { token: analystWang }))
          .status,
      ).toBe(200);
    });
  });

  describe('revaluing the same assets supersedes the earlier valuation', () => {
    it('marks the older one superseded, pointing at the new one', async () => {
      const body = {
        enterpriseId,
        purpose: 'investment',
        referenceDate: daysAgo(3),
        assets: patents().slice(1, 2),
        income: INCOME,
      };
      const first = await api.post('/api/v1/valuations', { apiKey: bankKey, body });
      const second = await api.post('/api/v1/valuations', { apiKey: bankKey, body });
      const old = await api.get(`/api/v1/valuations/${first.body.id}`, { apiKey: bankKey });
      expect(old.body).toMatchObject({ status: 'superseded', supersededBy: second.body.id });
    });
  });

  describe('bad input: a problem naming the field or the rule, and nothing is stored', () => {
    const cases: [string, Record<string, unknown>, number, string][] = [
      [
        'negative revenue',
        { income: { annualRevenue: ['100.00', '-5.00'] } },
        400,
        'income.annualRevenue.1',
      ],
      [
        'a royalty rate outside (0, 1)',
        { income: { ...INCOME, royaltyRate: '1.2' } },
        400,
        'income.royaltyRate',
      ],
      [
        'a granted date before the filing date',
        { assets: patents([{ grantedOn: '2020-01-01' }]) },
        400,
        'assets.0.grantedOn',
      ],
      [
        'an expired patent valued for pledge',
        { assets: patents([{}, { filedOn: '2014-03-01', grantedOn: '2014-09-01' }]) },
        422,
        'assets.1',
      ],
      [
        'more than 200 assets',
        {
          assets: Array.from({ length: 201 }, (_, i) => ({
            ...patents()[0],
            number: `CN2021101${String(i).padStart(5, '0')}.1`,
          })),
        },
        400,
        'assets',
      ],
      [
        'revenue as a JSON number',
        { income: { annualRevenue: [3000000] } },
        400,
        'income.annualRevenue',
      ],
      [
        'a malformed patent number',
        { assets: patents([{ number: 'US1234567' }]) },
        400,
        'assets.0.number',
      ],
    ];

    it.each(cases)('%s', async (_name, change, status, field) => {
      const before = await valuationsOfEnterprise();
      const body = {
        enterpriseId,
        purpose: 'pledge',
        referenceDate: daysAgo(10),
        assets: patents(),
        income: INCOME,
        ...change,
      };
      const problem = expectProblem(
        await api.post('/api/v1/valuations', { apiKey: bankKey, body }),
        status,
      );
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await valuationsOfEnterprise()).toBe(before);
    });

    it('an expired patent for pledge names the rule in the problem type', async () => {
      const body = {
        enterpriseId,
        purpose: 'pledge',
        referenceDate: daysAgo(10),
        assets: patents([{}, { filedOn: '2014-03-01', grantedOn: '2014-09-01' }]),
        income: INCOME,
      };
      const problem = expectProblem(
        await api.post('/api/v1/valuations', { apiKey: bankKey, body }),
        422,
      );
      expect(problem.type).toBe('/problems/expired-patent-pledge');
    });

    it('an enterprise of another center is not found', async () => {
      const body = {
        enterpriseId: newId(),
        purpose: 'pledge',
        referenceDate: daysAgo(10),
        assets: patents(),
        income: INCOME,
      };
      const problem = expectProblem(
        await api.post('/api/v1/valuations', {
          apiKey: liaochengKey,
          body: { ...body, enterpriseId },
        }),
        404,
      );
      expect(problem.errors).toEqual([
        { field: 'enterpriseId', message: 'is not an enterprise of this center' },
      ]);
    });
  });

  describe('one transaction: a failure after the write leaves neither rows nor event', () => {
    it('when the outbox insert fails, the valuation and its assets are rolled back too', async () => {
      const owner = new Client({ connectionString: network.stack.db.ownerUrl });
      await owner.connect();
      const count = async () => {
        await owner.query('BEGIN');
        await owner.query(`SELECT set_config('app.tenant_id', 'jinan', true)`);
        const rows = await owner.query(
          `SELECT (SELECT count(*) FROM valuation.valuations)::int AS valuations, (SELECT count(*) FROM valuation.valuation_assets)::int AS assets,
                  (SELECT count(*) FROM valuation.outbox)::int AS events`,
        );
        await owner.query('COMMIT');
        return rows.rows[0];
      };
      try {
        const before = await count();
        // The event is the last thing a valuation request writes: make exactly that fail.
        await owner.query('REVOKE INSERT ON valuation.outbox FROM tf_runtime_valuation');
        const reply = await api.post('/api/v1/valuations', {
          apiKey: bankKey,
          body: {
            enterpriseId,
            purpose: 'reporting',
            referenceDate: daysAgo(2),
            assets: patents(),
            income: INCOME,
          },
        });
        expectProblem(reply, 500);
        expect(await count()).toEqual(before);
      } finally {
        await owner.query('GRANT INSERT ON valuation.outbox TO tf_runtime_valuation');
        await owner.end();
      }
    });
  });

  describe('row-level security on the valuation tables', () => {
    it('the runtime role in Liaocheng sees no Jinan valuation, asset or comparable', async () => {
      const app = new Client({ connectionString: network.stack.db.runtimeUrl('valuation') });
      await app.connect();
      try {
        await app.query('BEGIN');
        await app.query(`SELECT set_config('app.tenant_id', 'liaocheng', true)`);
        const { rows } = await app.query(
          `SELECT (SELECT count(*) FROM valuation.valuations)::int AS v, (SELECT count(*) FROM valuation.valuation_assets)::int AS a,
                  (SELECT count(*) FROM valuation.comparables)::int AS c`,
        );
        expect(rows[0]).toEqual({ v: 0, a: 0, c: 0 });
        await app.query('ROLLBACK');
        await app.query('BEGIN');
        await app.query(`SELECT set_config('app.tenant_id', 'jinan', true)`);
        const jinan = await app.query('SELECT count(*)::int AS v FROM valuation.valuations');
        expect(jinan.rows[0].v).toBeGreaterThan(0);
        await app.query('ROLLBACK');
      } finally {
        await app.end();
      }
    });
  });

  describe('market approach', () => {
    it('uses closed deals from the trading service as comparables once there are three', async () => {
      await publishEvents(
        network.stack.nats.url,
        'jinan',
        TradingEvents.tradeDealClosed,
        ['900000.00', '1200000.00', '1500000.00'].map((price, i) => ({
          payload: {
            dealId: `deal-${i}`,
            listingId: `listing-${i}`,
            closedOn: daysAgo(30 + i),
            price,
            assets: [
              {
                number: `CN20191012345${i}.X`,
                patentType: 'invention',
                ipcClass: 'H01L 21/00',
                price,
                remainingLifeYears: '12.00',
              },
            ],
          },
        })),
      );
      let market: any;
      for (let attempt = 0; attempt < 50 && market?.status !== 'applied'; attempt++) {
        const reply = await api.post('/api/v1/valuations', {
          apiKey: bankKey,
          body: {
            enterpriseId,
            purpose: 'transfer',
            referenceDate: daysAgo(1),
            assets: patents().slice(0, 1),
            income: INCOME,
          },
        });
        market = reply.body.methods.find((m: any) => m.method === 'market');
        if (market?.status !== 'applied') await new Promise((r) => setTimeout(r, 100));
      }
      expect(market).toMatchObject({ status: 'applied' });
      expect(Number(market.value)).toBeGreaterThan(0);
    });
  });
});

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
