import { CreditEvents, eventSubject } from '@tf/contracts';
import { partnerWithKey, registerEnterprise, staffToken } from '../http-client';
import { FaultNetwork } from './fault-network';
import { Tally, eventsOnStream } from './tally';

/**
 * NATS killed (SIGKILL) and started again, twice, while a bank sends 500 guaranteed loan
 * applications and disburses each loan, with an Idempotency-Key each, retrying on 503. Afterwards
 * every application exists once, every loan once, every event credit committed is in the stream
 * once, and the guarantee service, which learns of disbursements only from those events, has
 * each guarantee active on its loan.
 */
const LOANS = 500;
const CLIENTS = 16;
const ENTERPRISES = 50;
const DOWN_MS = 2_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const today = () => new Date().toISOString().slice(0, 10);

describe('faults: NATS dies during a stream of loan applications', () => {
  let network: FaultNetwork;
  const tally = new Tally('NATS killed twice during 500 loan applications + disbursements');

  beforeAll(async () => {
    network = await FaultNetwork.start('faultsnats');
  }, 120_000);

  afterAll(async () => {
    await network?.stop();
  });

  it('loses nothing and does nothing twice', async () => {
    const { api } = network;
    const admin = await api.token(network.admin.username, network.admin.password);
    const analyst = await staffToken(api, admin, 'jinan', {
      username: 'jinan.faults',
      password: 'analyst password 1',
      roles: ['analyst'],
    });
    const bank = await partnerWithKey(api, admin, 'jinan', 'bank');
    const enterprises: string[] = [];
    for (let i = 0; i < ENTERPRISES; i++) enterprises.push(await registerEnterprise(api, bank.key));

    // 500 approved guarantees of ¥100,000 at 80 %, ten per enterprise (within the client limit).
    const guarantees = await inParallel(LOANS, CLIENTS, async (i) => {
      const applied = await api.post('/api/v1/guarantees', {
        apiKey: bank.key,
        body: {
          enterpriseId: enterprises[i % ENTERPRISES],
          lenderPartnerId: bank.id,
          principal: '100000',
          termMonths: 12,
          coverageRatio: '0.8',
        },
      });
      expect(applied.status).toBe(201);
      const approved = await api.post(`/api/v1/guarantees/${applied.body.id}/approve`, {
        token: analyst,
      });
      expect(approved.status).toBe(200);
      return applied.body.id as string;
    });

    let done = 0;
    const chaos = (async () => {
      for (const at of [0.25, 0.65]) {
        while (done < LOANS * at) await pause(20);
        await network.nats.kill();
        await pause(DOWN_MS);
        await network.nats.start();
      }
    })();

    const loans = await inParallel(LOANS, CLIENTS, async (i) => {
      const applied = await tally.untilAnswered(
        () =>
          api.post('/api/v1/loan-applications', {
            apiKey: bank.key,
            headers: { 'idempotency-key': `faults-apply-${i}` },
            body: {
              enterpriseId: enterprises[i % ENTERPRISES],
              productCode: 'guaranteed',
              guaranteeId: guarantees[i],
              principal: '100000',
              termMonths: 12,
              repaymentMethod: 'equal_installment',
            },
          }),
        [201],
      );
      const loanId = applied.body.loanId as string;
      await tally.untilAnswered(
        () =>
          api.post(`/api/v1/loans/${loanId}/disbursements`, {
            apiKey: bank.key,
            headers: { 'idempotency-key': `faults-disburse-${i}` },
            body: { disbursedOn: today() },
          }),
        [200],
      );
      done++;
      return loanId;
    });
    await chaos;
    expect(tally.unexpected).toEqual([]);
    expect(tally.retried).toBeGreaterThan(0);

    // Each application and loan once, whatever the retries.
    const applications = await network.count(
      `SELECT count(*) AS n FROM credit.loan_applications WHERE guarantee_id = ANY($1)`,
      [guarantees],
    );
    const madeLoans = await network.count(
      `SELECT count(DISTINCT id) AS n FROM credit.loans WHERE id = ANY($1)`,
      [loans],
    );
    tally.duplicates += Math.max(0, applications - LOANS);
    tally.lost += Math.max(0, LOANS - applications) + (LOANS - madeLoans);

    // Every event credit committed reaches the stream once: the relay publishes with the event
    // id as the message id, and JetStream drops a second publish of it.
    const committed = await eventually(async () => {
      const unpublished = await network.count(
        `SELECT count(*) AS n FROM credit.outbox WHERE published_at IS NULL`,
      );
      return unpublished === 0;
    }, 30_000);
    expect(committed).toBe(true);
    const outbox = await outboxIds(network);
    const stream = await eventsOnStream(network.nats.url, 'tf.events.jinan.credit.>');
    for (const id of outbox) if (!stream.has(id)) tally.lost++;
    for (const count of stream.values()) tally.duplicates += count - 1;

    // The guarantee service saw each disbursement once: every guarantee active on its loan.
    const active = await eventually(
      async () =>
        (await network.count(
          `SELECT count(*) AS n FROM guarantee.guarantees
           WHERE id = ANY($1) AND status = 'active' AND loan_id IS NOT NULL`,
          [guarantees],
        )) === LOANS,
      60_000,
    );
    const activeCount = await network.count(
      `SELECT count(*) AS n FROM guarantee.guarantees WHERE id = ANY($1) AND status = 'active'`,
      [guarantees],
    );
    tally.lost += LOANS - activeCount;
    const liability = await network.count(
      `SELECT sum(outstanding_liability) AS n FROM guarantee.guarantees WHERE id = ANY($1)`,
      [guarantees],
    );
    tally.report({ events: stream.size, outbox: outbox.length, guaranteesActive: activeCount });
    expect(active).toBe(true);
    expect(liability).toBe(LOANS * 80_000);
    expect(outbox.length).toBe(stream.size);
    expect(tally.duplicates).toBe(0);
    expect(tally.lost).toBe(0);
    expect(tally.succeeded).toBe(2 * LOANS);
  }, 600_000);

  /** Every event credit committed; one loan-disbursed per loan among them. */
  async function outboxIds(on: FaultNetwork): Promise<string[]> {
    const disbursed = await on.count(`SELECT count(*) AS n FROM credit.outbox WHERE subject = $1`, [
      eventSubject('jinan', CreditEvents.loanDisbursed),
    ]);
    expect(disbursed).toBe(LOANS);
    const rows = await on.query<{ id: string }>(`SELECT id FROM credit.outbox`);
    return rows.map((row) => row.id);
  }
});

/** Runs `work` for 0..n-1 with `workers` at a time; results in index order. */
async function inParallel<T>(
  n: number,
  workers: number,
  work: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < n) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await pause(200);
  }
  return check();
}
