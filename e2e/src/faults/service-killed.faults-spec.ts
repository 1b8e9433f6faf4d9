import { CreditEvents, eventSubject } from '@tf/contracts';
import { FaultNetwork } from './fault-network';
import { eventually, GuaranteedLending, inParallel, LIABILITY, pause } from './guaranteed-lending';
import { Tally } from './tally';

/**
 * The credit service killed (SIGKILL) twice while it handles a stream of 200 loan applications
 * and disbursements, and started again a second later. The gateway answers 503 within its NATS
 * timeout; the bank's retry with the same key is done once; no application is left without its
 * loan, no loan without its event, no command claimed without its reply.
 */
const LOANS = 200;
const CLIENTS = 16;
const TIMEOUT_MS = 2_000;

describe('faults: a domain service dies mid-request', () => {
  let network: FaultNetwork;
  const tally = new Tally('credit killed twice during 200 loan applications + disbursements');

  beforeAll(async () => {
    network = await FaultNetwork.start('faultskill', {
      apart: ['credit'],
      env: { NATS_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
  }, 120_000);

  afterAll(async () => {
    await network?.stop();
  });

  it('answers 503 in time, and the retries are done once with nothing half-written', async () => {
    const lending = await GuaranteedLending.prepare(network, LOANS);

    let done = 0;
    let kills = 0;
    let longestRestartMs = 0;
    // Set when the load has failed: the chaos then stops waiting for progress that will not come,
    // so no timer outlives the test and keeps Jest from exiting.
    let loadFailed = false;
    const chaos = (async () => {
      for (const at of [0.3, 0.7]) {
        while (done < LOANS * at && !loadFailed) await pause(10);
        if (loadFailed) return;
        await network.apart('credit').kill();
        kills++;
        await pause(1_000);
        const restarting = Date.now();
        await network.startApart('credit');
        longestRestartMs = Math.max(longestRestartMs, Date.now() - restarting);
      }
    })();
    // Awaited together, so a restart that fails ends the test with credit's log at once, rather
    // than as the 503s its clients stop retrying a minute later.
    await Promise.all([
      chaos,
      inParallel(LOANS, CLIENTS, async (i) => {
        const applied = await lending.apply(i, tally);
        await lending.disburse(i, applied.body.loanId, tally);
        done++;
      }).catch((error: unknown) => {
        loadFailed = true;
        throw error;
      }),
    ]);
    expect(kills).toBe(2);
    expect(tally.unexpected).toEqual([]);
    expect(tally.retried).toBeGreaterThan(0);
    // The gateway gave up at its timeout, not later (a second's slack for a loaded machine).
    expect(tally.longest503Ms).toBeLessThan(TIMEOUT_MS + 1_000);

    const applications = await lending.applications();
    const loans = await lending.loans();
    tally.duplicates += Math.max(0, applications - LOANS) + Math.max(0, loans - LOANS);
    tally.lost += Math.max(0, LOANS - applications) + Math.max(0, LOANS - loans);
    // Half-written: an approved application without its loan, a loan not disbursed though the bank
    // was told so, a claimed key without its stored reply.
    const halfWritten = await network.count(
      `SELECT
         (SELECT count(*) FROM credit.loan_applications a WHERE a.status = 'approved'
            AND NOT EXISTS (SELECT 1 FROM credit.loans l WHERE l.id = a.loan_id))
       + (SELECT count(*) FROM credit.loans WHERE guarantee_id = ANY($1) AND disbursed_on IS NULL)
       + (SELECT count(*) FROM credit.idempotent_commands WHERE reply IS NULL) AS n`,
      [lending.guarantees],
    );
    const disbursedEvents = await network.count(
      `SELECT count(*) AS n FROM credit.outbox WHERE subject = $1`,
      [eventSubject('jinan', CreditEvents.loanDisbursed)],
    );
    tally.duplicates += Math.max(0, disbursedEvents - LOANS);
    tally.lost += Math.max(0, LOANS - disbursedEvents);

    await eventually(async () => (await lending.activeGuarantees()) === LOANS, 60_000);
    const active = await lending.activeGuarantees();
    tally.lost += LOANS - active;
    tally.report({ kills, longestRestartMs, halfWritten, guaranteesActive: active });
    expect(halfWritten).toBe(0);
    expect(await lending.liability()).toBe(LOANS * LIABILITY);
    expect(tally.duplicates).toBe(0);
    expect(tally.lost).toBe(0);
    expect(tally.succeeded).toBe(2 * LOANS);
  }, 600_000);
});
