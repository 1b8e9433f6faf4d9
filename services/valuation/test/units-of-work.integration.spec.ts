import { TenancyRpc, ValuationRpc } from '@tf/contracts';
import {
  loadConfig,
  newId,
  PlatformConfig,
  ServiceClient,
  type RequestContext,
} from '@tf/platform';
import { fakeService, TestStack, validCreditCode, validPatentNumber } from '@tf/testing';
import { connect, type NatsConnection } from 'nats';
import { service } from '../src/service';

/*
 * Issue 7: a handler is not a transaction. A valuation request calls tenancy before it writes;
 * while it waits, it must hold none of the pool's 10 connections, or a slow tenancy would starve
 * every other request of the service. Here tenancy (a stand-in) answers only after 3 seconds,
 * 12 requests wait on it, and a read of the same service still answers meanwhile.
 */
const STALL_MS = 3000;
const jinanAnalyst: RequestContext = {
  requestId: 'units-of-work',
  tenant: 'jinan',
  actor: { kind: 'user', id: newId(), roles: ['analyst'] },
};

describe('valuation holds no pooled connection while it waits on another service', () => {
  let stack: TestStack;
  let client: ServiceClient;
  let tenancy: NatsConnection;
  const enterpriseId = newId();
  let tenancyAnswers = 0;

  beforeAll(async () => {
    stack = await TestStack.start('unitsofwork');
    tenancy = await connect({ servers: stack.nats.url });
    fakeService(tenancy, TenancyRpc.getEnterprise, async (request) => {
      await new Promise((resolve) => setTimeout(resolve, STALL_MS));
      tenancyAnswers += 1;
      return {
        id: request.id,
        tenant: 'jinan',
        creditCode: validCreditCode(),
        name: '济南量子芯片科技有限公司',
        highTech: false,
        createdAt: new Date().toISOString(),
      };
    });
    await tenancy.flush();
    await stack.startService(service, { NATS_REQUEST_TIMEOUT_MS: '10000' });
    client = new ServiceClient(
      loadConfig(PlatformConfig, stack.env({ NATS_REQUEST_TIMEOUT_MS: '10000' })),
    );
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await tenancy?.close();
    await stack?.stop();
  });

  it('answers a read while 12 requests wait on a stalled tenancy, then completes them', async () => {
    const stalled = Array.from({ length: 12 }, (_, i) =>
      client.request(
        ValuationRpc.request,
        {
          enterpriseId,
          purpose: 'transfer',
          referenceDate: new Date().toISOString().slice(0, 10),
          assets: [
            {
              kind: 'patent',
              number: validPatentNumber('invention'),
              title: `patent ${i}`,
              patentType: 'invention',
              filedOn: '2021-01-12',
              grantedOn: '2023-04-18',
              legalStatus: 'granted',
            },
          ],
          income: { annualRevenue: ['1000000.00'] },
        },
        { ...jinanAnalyst, requestId: `stalled-${i}` },
      ),
    );
    // Long enough for all 12 to have reached the service and be waiting on tenancy.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const listed = await client.request(ValuationRpc.list, {}, jinanAnalyst);
    // Answered while tenancy has answered nothing yet: no connection was waiting on it.
    expect(tenancyAnswers).toBe(0);
    expect(listed.items).toEqual([]);

    const valuations = await Promise.all(stalled);
    expect(valuations.map((v) => v.status)).toEqual(Array(12).fill('computed'));
  });
});
