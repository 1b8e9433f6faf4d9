// Load test of the valuation endpoints through the gateway (issue #3): POST /valuations of a
// 5-patent portfolio and GET /valuations/{id}, autocannon at concurrency 32 for 15 s each, with
// GET /health/live on the same gateway as the raw baseline (HTTP only: no NATS, no database).
// Usage, with `npm start` running (RATE_LIMIT_PER_MINUTE set high, or every call is a 429):
//   node tools/bench/valuation-load.mjs
import autocannon from 'autocannon';

const BASE = process.env.GATEWAY_URL ?? 'http://localhost:3000';
const API = `${BASE}/api/v1`;
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const DURATION = Number(process.env.DURATION ?? 15);

async function call(method, path, { token, tenant, apiKey, body } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (tenant) headers['x-tenant-id'] = tenant;
  if (apiKey) headers['x-api-key'] = apiKey;
  const response = await fetch(`${API}${path}`, {
    method,
    headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

function creditCode() {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let body = '91370100MA';
  while (body.length < 17) body += alphabet[Math.floor(Math.random() * 31)];
  const sum = [...body].reduce((acc, c, i) => acc + alphabet.indexOf(c) * weights[i], 0);
  return body + alphabet[(31 - (sum % 31)) % 31];
}

/** Five granted patents; numbers vary per request so each POST values a new set (no supersede contention). */
function portfolio(enterpriseId, seq) {
  const serial = String(seq).padStart(6, '0');
  const patent = (type, digit, i, filedOn) => ({
    kind: 'patent',
    number: `CN2021${digit}${serial}${i}.${i}`,
    title: `一种芯片封装方法 ${i}`,
    patentType: type,
    filedOn,
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
      patent('invention', '1', 1, '2021-01-12'),
      patent('invention', '1', 2, '2021-03-02'),
      patent('utility_model', '2', 3, '2021-05-20'),
      patent('utility_model', '2', 4, '2021-08-11'),
      patent('design', '3', 5, '2021-09-30'),
    ],
    income: {
      annualRevenue: ['3000000.00', '3600000.00', '4200000.00', '4500000.00', '4800000.00'],
    },
  };
}

function run(title, options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION, ...options }, (error, result) =>
      error ? reject(error) : resolve({ title, result }),
    );
  });
}

function line({ title, result }) {
  const ok = result['2xx'];
  return `${title.padEnd(34)} ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(5)} ms   2xx ${ok}/${result.requests.total}   errors ${result.errors + result.non2xx}`;
}

const admin = await call('POST', '/auth/token', {
  body: {
    username: process.env.ADMIN_USERNAME ?? 'admin',
    password: process.env.ADMIN_PASSWORD ?? 'admin-dev-password',
  },
});
const partner = await call('POST', '/partners', {
  token: admin.accessToken,
  tenant: 'jinan',
  body: { name: 'Bench Bank', kind: 'bank' },
});
const { key } = await call('POST', `/partners/${partner.id}/api-keys`, {
  token: admin.accessToken,
  tenant: 'jinan',
});
const enterprise = await call('POST', '/enterprises', {
  apiKey: key,
  body: {
    creditCode: creditCode(),
    name: '基准测试企业',
    industry: 'integrated-circuits',
    highTech: true,
  },
});
const sample = await call('POST', '/valuations', {
  apiKey: key,
  body: portfolio(enterprise.id, 0),
});

let seq = 1;
const results = [];
results.push(await run('baseline GET /health/live', { url: `${BASE}/health/live` }));
results.push(
  await run('POST /valuations (5 patents)', {
    url: `${API}/valuations`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify(portfolio(enterprise.id, seq++)),
        }),
      },
    ],
  }),
);
results.push(
  await run('GET /valuations/{id}', {
    url: `${API}/valuations/${sample.id}`,
    headers: { 'x-api-key': key },
  }),
);

console.log(`\nconcurrency ${CONNECTIONS}, ${DURATION} s each, against ${BASE}`);
for (const r of results) console.log(line(r));
const base = results[0].result.requests.average;
for (const r of results.slice(1))
  console.log(
    `${r.title}: ${(r.result.requests.average / base).toFixed(3)} of the baseline's throughput`,
  );
