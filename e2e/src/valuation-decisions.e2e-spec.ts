import { TenancyRpc, ValuationRpc, type valuation } from '@tf/contracts';
import {
  loadConfig,
  newId,
  PlatformConfig,
  ServiceClient,
  type Actor,
  type RequestContext,
} from '@tf/platform';
import { rejection, validCreditCode, validPatentNumber } from '@tf/testing';
import { startNetwork, type Network } from './network';

/*
 * Issue 7: approve, reject and list at the service level, over NATS as the gateway calls them
 * (so no gateway check stands in front), with the real tenancy behind. A valuation is seen and decided only in its center (another
 * center's analyst gets 404, and row-level security stands behind the check), and a bank sees the
 * valuations it asked for, never a rival bank's of the same center.
 */
function as(tenant: string, actor: Actor): RequestContext {
  return { requestId: newId(), tenant, actor };
}

const analyst = (tenant: string): RequestContext =>
  as(tenant, { kind: 'user', id: newId(), roles: ['analyst'] });

const bank = (tenant: string): RequestContext =>
  as(tenant, {
    kind: 'partner',
    id: newId(),
    apiKeyId: newId(),
    partnerKind: 'bank',
    scopes: ['valuations:request', 'valuations:read'],
  });

describe('valuation decisions across centers and banks, at the service', () => {
  let network: Network;
  let client: ServiceClient;
  const qilu = bank('jinan');
  const rivalBank = bank('jinan');
  const jinanLi = analyst('jinan');
  const jinanWang = analyst('jinan');
  const liaochengZhang = analyst('liaocheng');
  let enterpriseId: string;

  beforeAll(async () => {
    network = await startNetwork('decisions');
    client = new ServiceClient(loadConfig(PlatformConfig, network.stack.env()));
    const admin = as('jinan', { kind: 'user', id: newId(), roles: ['center-admin'] });
    const enterprise = await client.request(
      TenancyRpc.createEnterprise,
      { creditCode: validCreditCode(), name: '济南量子芯片科技有限公司', industry: 'software' },
      admin,
    );
    enterpriseId = enterprise.id;
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await network?.stack.stop();
  });

  function requestValuation(by: RequestContext): Promise<valuation.Valuation> {
    return client.request(
      ValuationRpc.request,
      {
        enterpriseId,
        purpose: 'pledge',
        referenceDate: new Date().toISOString().slice(0, 10),
        assets: [
          {
            kind: 'patent',
            number: validPatentNumber('invention'),
            title: '一种量子芯片封装方法',
            patentType: 'invention',
            filedOn: '2021-01-12',
            grantedOn: '2023-04-18',
            legalStatus: 'granted',
          },
        ],
        income: { annualRevenue: ['3000000.00'] },
      },
      { ...by, requestId: newId() },
    );
  }

  const idsListedBy = async (ctx: RequestContext) =>
    (await client.request(ValuationRpc.list, {}, ctx)).items.map((v) => v.id);

  it("another center's analyst neither sees, lists, approves nor rejects it: 404", async () => {
    const asked = await requestValuation(qilu);
    for (const call of [
      client.request(ValuationRpc.get, { id: asked.id }, liaochengZhang),
      client.request(ValuationRpc.approve, { id: asked.id }, liaochengZhang),
      client.request(ValuationRpc.reject, { id: asked.id, reason: 'no' }, liaochengZhang),
    ]) {
      expect((await rejection(call)).declared.code).toBe('VALUATION_NOT_FOUND');
    }
    expect(await idsListedBy(liaochengZhang)).not.toContain(asked.id);
    expect((await client.request(ValuationRpc.get, { id: asked.id }, jinanWang)).status).toBe(
      'computed',
    );
  });

  it("a rival bank of the same center is told 404 for another bank's valuation", async () => {
    const asked = await requestValuation(qilu);
    for (const call of [
      client.request(ValuationRpc.get, { id: asked.id }, rivalBank),
      client.request(ValuationRpc.approve, { id: asked.id }, rivalBank),
      client.request(ValuationRpc.reject, { id: asked.id, reason: 'too high' }, rivalBank),
    ]) {
      expect((await rejection(call)).declared.code).toBe('VALUATION_NOT_FOUND');
    }
    expect(await idsListedBy(rivalBank)).not.toContain(asked.id);
    expect(await idsListedBy(qilu)).toContain(asked.id);
  });

  it('the bank that asked sees it but never decides it: 403', async () => {
    const asked = await requestValuation(qilu);
    const refused = await rejection(client.request(ValuationRpc.approve, { id: asked.id }, qilu));
    expect(refused.declared.code).toBe('APPROVER_NOT_ANALYST');
    expect((await client.request(ValuationRpc.get, { id: asked.id }, qilu)).status).toBe(
      'computed',
    );
  });

  it("the center's analysts decide: four eyes on approval, a reason on rejection", async () => {
    const prepared = await requestValuation(jinanLi);
    const ownApproval = await rejection(
      client.request(ValuationRpc.approve, { id: prepared.id }, jinanLi),
    );
    expect(ownApproval.declared.code).toBe('FOUR_EYES');
    const approved = await client.request(ValuationRpc.approve, { id: prepared.id }, jinanWang);
    expect(approved).toMatchObject({
      status: 'approved',
      approvedBy: `user:${jinanWang.actor?.id}`,
    });

    const asked = await requestValuation(qilu);
    const blank = await rejection(
      client.request(ValuationRpc.reject, { id: asked.id, reason: '  ' }, jinanLi),
    );
    expect(blank.declared.code).toBe('INVALID_VALUATION');
    const rejected = await client.request(
      ValuationRpc.reject,
      { id: asked.id, reason: 'Revenue forecast not supported by contracts' },
      jinanLi,
    );
    expect(rejected.status).toBe('rejected');
    // The bank that asked reads the decision on its own valuation.
    expect(await client.request(ValuationRpc.get, { id: asked.id }, qilu)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Revenue forecast not supported by contracts',
    });
  });

  it('the center lists every valuation of its own; each bank only its own', async () => {
    const qilus = await requestValuation(qilu);
    const rivals = await requestValuation(rivalBank);
    const center = await idsListedBy(jinanWang);
    expect(center).toEqual(expect.arrayContaining([qilus.id, rivals.id]));
    expect(await idsListedBy(qilu)).not.toContain(rivals.id);
    expect(await idsListedBy(rivalBank)).toEqual([rivals.id]);
  });
});
