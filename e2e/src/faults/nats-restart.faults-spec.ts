import { CreditEvents, eventSubject } from '@tf/contracts';
import { FaultNetwork } from './fault-network';
import { eventually, GuaranteedLending, inParallel, LIABILITY, pause } from './guaranteed-lending';
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
const DOWN_MS = 2_000;

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
    const lending = await GuaranteedLending.prepare(network, LOANS);

    let done = 0;
    const chaos = (async () => {
      for (const at of [0.25, 0.65]) {
        while (done < LOANS * at) await pause(20);
        await network.nats.kill();
        await pause(DOWN_MS);
        await network.nats.start();
      }
    })();
    await inParallel(LOANS, CLIENTS, async (i) => {
      const applied = await lending.apply(i, tally);
      await lending.disburse(i, applied.body.loanId, tally);
      done++;
    });
    await chaos;
    expect(tally.unexpected).toEqual([]);
    expect(tally.retried).toBeGreaterThan(0);

    // Each application and loan once, whatever the retries.
    const applications = await lending.applications();
    const loans = await lending.loans();
    tally.duplicates += Math.max(0, applications - LOANS) + Math.max(0, loans - LOANS);
    tally.lost += Math.max(0, LOANS - applications) + Math.max(0, LOANS - loans);

    // Every event credit committed reaches the stream once: the relay publishes with the event
    // id as the message id, and JetStream drops a second publish of it.
    const relayed = await eventually(
      async () =>
        (await network.count(
          `SELECT count(*) AS n FROM credit.outbox WHERE published_at IS NULL`,
        )) === 0,
      30_000,
    );
    expect(relayed).toBe(true);
    const outbox = await network.query<{ id: string; subject: string }>(
      `SELECT id, subject FROM credit.outbox`,
    );
    const disbursedSubject = eventSubject('jinan', CreditEvents.loanDisbursed);
    expect(outbox.filter((row) => row.subject === disbursedSubject)).toHaveLength(LOANS);
    const stream = await eventsOnStream(network.nats.url, 'tf.events.jinan.credit.>');
    for (const { id } of outbox) if (!stream.has(id)) tally.lost++;
    for (const count of stream.values()) tally.duplicates += count - 1;

    // The guarantee service saw each disbursement once: every guarantee active on its loan.
    await eventually(async () => (await lending.activeGuarantees()) === LOANS, 60_000);
    const active = await lending.activeGuarantees();
    tally.lost += LOANS - active;
    tally.report({ events: stream.size, outbox: outbox.length, guaranteesActive: active });
    expect(await lending.liability()).toBe(LOANS * LIABILITY);
    expect(stream.size).toBe(outbox.length);
    expect(tally.duplicates).toBe(0);
    expect(tally.lost).toBe(0);
    expect(tally.succeeded).toBe(2 * LOANS);
  }, 600_000);
});
