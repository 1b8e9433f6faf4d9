import { CreditEvents, EVENTS_STREAM, eventSubject, GuaranteeEvents } from '@tf/contracts';
import { inboxConsumerOf } from '@tf/platform';
import { connect } from 'nats';
import { FaultNetwork } from './fault-network';
import { eventually, GuaranteedLending, inParallel, LIABILITY } from './guaranteed-lending';
import { Tally } from './tally';

/**
 * The guarantee service killed (SIGKILL, by the failpoint inbox.after-commit) right after it
 * committed a loan-disbursed event's work and before it acknowledged the event. JetStream
 * delivers the event again once the service is back (after EVENT_ACK_WAIT_MS); the inbox row
 * written with the work makes the redelivery change nothing: the guarantee is activated once and
 * announces it once.
 */
const LOANS = 20;
const ACK_WAIT_MS = 2_000;

describe('faults: a consumer dies between its commit and its ack', () => {
  let network: FaultNetwork;
  const tally = new Tally('guarantee killed after committing an event, before acking it');

  beforeAll(async () => {
    network = await FaultNetwork.start('faultsinbox', {
      apart: ['guarantee'],
      env: { EVENT_ACK_WAIT_MS: String(ACK_WAIT_MS) },
    });
  }, 120_000);

  afterAll(async () => {
    await network?.stop();
  });

  it('handles the redelivered event as already done', async () => {
    const lending = await GuaranteedLending.prepare(network, LOANS);
    // From here the guarantee service dies at the first event it commits.
    await network.apart('guarantee').kill();
    const armed = await network.startApart('guarantee', { TF_FAILPOINTS: 'inbox.after-commit' });

    // As an orchestrator would, start it again once it died; count what it had committed then.
    let handledBeforeCrash = -1;
    const restarted = armed.exit().then(async (code) => {
      handledBeforeCrash = await network.count(
        `SELECT count(*) AS n FROM guarantee.inbox WHERE consumer = $1`,
        [durable()],
      );
      await network.startApart('guarantee');
      return code;
    });
    const loanIds = await inParallel(LOANS, 4, async (i) => {
      const applied = await lending.apply(i, tally);
      await lending.disburse(i, applied.body.loanId, tally);
      return applied.body.loanId as string;
    });
    expect(tally.unexpected).toEqual([]);
    // Killed by the failpoint's signal (no exit code), with work committed and not acknowledged.
    expect(await Promise.race([restarted, timeout(60_000)])).toBeNull();
    expect(handledBeforeCrash).toBeGreaterThan(0);

    await eventually(async () => (await lending.activeGuarantees()) === LOANS, 60_000);
    await eventually(async () => (await pendingAcks()) === 0, 30_000);
    const deliveries = await delivered();

    const active = await lending.activeGuarantees();
    const inboxRows = await network.count(
      `SELECT count(*) AS n FROM guarantee.inbox WHERE consumer = $1`,
      [durable()],
    );
    const activations = await network.count(
      `SELECT count(*) AS n FROM guarantee.outbox WHERE subject = $1`,
      [eventSubject('jinan', GuaranteeEvents.activated)],
    );
    tally.duplicates += Math.max(0, inboxRows - LOANS) + Math.max(0, activations - LOANS);
    tally.lost += LOANS - active + Math.max(0, LOANS - activations);
    tally.report({
      loans: loanIds.length,
      handledBeforeCrash,
      deliveries,
      redelivered: deliveries - LOANS,
      activations,
    });
    // The event handled before the crash came again, and changed nothing.
    expect(deliveries).toBeGreaterThan(LOANS);
    expect(activations).toBe(LOANS);
    expect(await lending.liability()).toBe(LOANS * LIABILITY);
    expect(tally.duplicates).toBe(0);
    expect(tally.lost).toBe(0);
  }, 600_000);

  const durable = () => inboxConsumerOf('guarantee', CreditEvents.loanDisbursed, null).durable;

  /** JetStream's count of deliveries (redeliveries included) and of those not yet acknowledged. */
  async function consumerInfo() {
    const nc = await connect({ servers: network.nats.url });
    try {
      const jsm = await nc.jetstreamManager();
      return await jsm.consumers.info(EVENTS_STREAM, durable());
    } finally {
      await nc.close();
    }
  }
  const delivered = async () => (await consumerInfo()).delivered.consumer_seq;
  const pendingAcks = async () => {
    const info = await consumerInfo();
    return info.num_ack_pending + info.num_pending;
  };
});

const timeout = (ms: number) =>
  new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
