import { TenancyRpc } from '@tf/contracts';
import { loadConfig, PlatformConfig, PlatformMetrics, ServiceClient } from '@tf/platform';
import { connect, type NatsConnection } from 'nats';
import { fakeService } from '../src/fake-service';
import { rejection } from '../src/rejection';
import { startTestNats, type TestNats } from '../src/test-nats';

/** A dependency that is down, or too slow, is a 503 within the configured timeout: never a hang. */
describe('ServiceClient: replies matched to their requests, and a 503 when none comes', () => {
  const TIMEOUT_MS = 400;
  let nats: TestNats;
  let client: ServiceClient;
  let silent: NatsConnection;
  const metrics = new PlatformMetrics('probe');

  beforeAll(async () => {
    nats = await startTestNats();
    client = new ServiceClient(
      loadConfig(PlatformConfig, {
        NATS_URL: nats.url,
        NATS_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS),
        SERVICE_NAME: 'probe',
      }),
      undefined,
      metrics,
    );
    // A "service" that takes requests and never replies.
    silent = await connect({ servers: nats.url });
    silent.subscribe(TenancyRpc.getEnterprise.subject, { callback: () => undefined });
    // A service that answers each partner lookup with its id, the later ones sooner.
    fakeService(silent, TenancyRpc.getPartner, async ({ id }) => {
      await new Promise((resolve) => setTimeout(resolve, 100 - Number(id)));
      return { id, name: `partner ${id}`, kind: 'bank' };
    });
    await silent.flush();
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await silent?.close();
    await nats?.stop();
  });

  it('no responders: 503 without waiting for the timeout (the code tells which)', async () => {
    const error = await rejection(
      client.request(TenancyRpc.listPartners, {}, { requestId: 'r1', tenant: 'jinan' }),
    );
    expect({ status: error.status, code: error.code }).toEqual({
      status: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
    });
  });

  it('a service that never answers: 503 after the timeout', async () => {
    const started = Date.now();
    const error = await rejection(
      client.request(TenancyRpc.getEnterprise, { id: 'x' }, { requestId: 'r2', tenant: 'jinan' }),
    );
    expect({ status: error.status, code: error.code }).toEqual({
      status: 503,
      code: 'DEPENDENCY_TIMEOUT',
    });
    // A lower bound only: a busy machine can make it later, never earlier.
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });

  it('many requests at once: each gets its own reply, whatever order the replies come in', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => String(i));
    const names = await Promise.all(
      ids.map(async (id) => {
        const partner = await client.request(
          TenancyRpc.getPartner,
          { id },
          { requestId: `r-${id}`, tenant: 'jinan' },
        );
        return partner.name;
      }),
    );
    expect(names).toEqual(ids.map((id) => `partner ${id}`));
  });

  it("counts every request by subject and outcome, a timeout and no responders apart (the caller's RED)", async () => {
    const counts = async (subject: string) => {
      const { values } = await metrics.rpcClientDuration.get();
      return Object.fromEntries(
        values
          .filter((v) => v.metricName?.endsWith('_count') && v.labels['subject'] === subject)
          .map((v) => [v.labels['outcome'], v.value]),
      );
    };
    expect(await counts(TenancyRpc.listPartners.subject)).toEqual({ no_responders: 1 });
    expect(await counts(TenancyRpc.getEnterprise.subject)).toEqual({ timeout: 1 });
    expect(await counts(TenancyRpc.getPartner.subject)).toEqual({ ok: 50 });
  });
});
