import { FaultNetwork } from './fault-network';
import { eventually, GuaranteedLending, inParallel, LIABILITY, pause } from './guaranteed-lending';
import { Tally } from './tally';

/**
 * PostgreSQL stopped (fast shutdown: every session cut) and started again 3 s later while a bank
 * sends 200 loan applications and disbursements. Readiness goes red while it is down and green
 * after; no request waits past the gateway's timeout; every write a bank was told succeeded is
 * there afterwards, once.
 */
const LOANS = 200;
const CLIENTS = 16;
const TIMEOUT_MS = 2_000;
const DOWN_MS = 3_000;

describe('faults: PostgreSQL restarts under load', () => {
  let network: FaultNetwork;
  const tally = new Tally('PostgreSQL restarted during 200 loan applications + disbursements');

  beforeAll(async () => {
    network = await FaultNetwork.start('faultspg', {
      env: { NATS_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
  }, 120_000);

  afterAll(async () => {
    await network?.stop();
  });

  it('goes unready and back, never hangs, and keeps what it committed', async () => {
    const lending = await GuaranteedLending.prepare(network, LOANS);
    const readiness: number[] = [];
    const ready = () =>
      fetch(`${network.stack.managementUrl('credit')}/health/ready`).then((reply) => reply.status);

    let done = 0;
    const chaos = (async () => {
      while (done < LOANS * 0.4) await pause(10);
      network.postgres.stop('fast');
      readiness.push(await ready());
      await pause(DOWN_MS);
      readiness.push(await ready());
      network.postgres.start();
    })();
    const loanIds = await inParallel(LOANS, CLIENTS, async (i) => {
      const applied = await lending.apply(i, tally);
      const disbursed = await lending.disburse(i, applied.body.loanId, tally);
      done++;
      expect(disbursed.body.id).toBe(applied.body.loanId);
      return applied.body.loanId as string;
    });
    await chaos;
    const readyAgain = await eventually(async () => (await ready()) === 200, 30_000);
    expect(readiness).toEqual([503, 503]);
    expect(readyAgain).toBe(true);
    expect(tally.unexpected).toEqual([]);
    expect(tally.retried).toBeGreaterThan(0);
    expect(tally.longest503Ms).toBeLessThan(TIMEOUT_MS + 1_000);

    // Every loan the bank was told about is there, disbursed, once.
    const found = await network.count(
      `SELECT count(DISTINCT id) AS n FROM credit.loans WHERE id = ANY($1) AND disbursed_on IS NOT NULL`,
      [loanIds],
    );
    tally.lost += LOANS - found;
    const applications = await lending.applications();
    tally.duplicates += Math.max(0, applications - LOANS);
    tally.lost += Math.max(0, LOANS - applications);
    await eventually(async () => (await lending.activeGuarantees()) === LOANS, 60_000);
    const active = await lending.activeGuarantees();
    tally.lost += LOANS - active;
    tally.report({ readiness: readiness.join('/'), guaranteesActive: active });
    expect(await lending.liability()).toBe(LOANS * LIABILITY);
    expect(tally.duplicates).toBe(0);
    expect(tally.lost).toBe(0);
  }, 600_000);
});
