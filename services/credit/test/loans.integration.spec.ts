import { CreditRpc } from '@tf/contracts';
import {
  databasePoolOptions,
  loadConfig,
  newId,
  PlatformConfig,
  ServiceClient,
  type Actor,
} from '@tf/platform';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { actingAs, asTenant, partnerActor, rejection, staffActor, TestStack } from '@tf/testing';
import { service } from '../src/service';

const as = actingAs;
const bank = (): Actor => partnerActor('bank', ['loans:read', 'loans:apply', 'loans:repay']);
const analyst = (): Actor => staffActor('analyst');

/**
 * Over NATS with no gateway in front: a loan is its lending bank's and its center's staff's. A
 * rival bank of the center and another center are told 404 for every resource, and PostgreSQL
 * hides the rows from another center's session on its own.
 */
describe('credit: a loan is seen by its lending bank and its center’s staff only', () => {
  let stack: TestStack;
  let client: ServiceClient;
  let app: INestApplication;
  const lender = bank();
  const applicationId = newId();
  const loanId = newId();

  beforeAll(async () => {
    stack = await TestStack.start('credit');
    app = await stack.startService(service);
    client = new ServiceClient(loadConfig(PlatformConfig, stack.env()));
    await asTenant(stack.db.ownerUrl, 'jinan', async (sql) => {
      const enterprise = newId();
      await sql.query(
        `INSERT INTO credit.loan_applications (id, tenant_id, enterprise_id, lender_partner_id, product_code,
           principal, term_months, repayment_method, status, loan_id, requested_by, requested_by_partner)
         VALUES ($1, 'jinan', $2, $3, 'credit', 100000, 12, 'equal_installment', 'approved', $4, $5, $3)`,
        [applicationId, enterprise, lender.id, loanId, `partner:${lender.id}`],
      );
      await sql.query(
        `INSERT INTO credit.loans (id, tenant_id, application_id, enterprise_id, lender_partner_id, product_code,
           status, principal, term_months, repayment_method, requested_by, requested_by_partner)
         VALUES ($1, 'jinan', $2, $3, $4, 'credit', 'approved', 100000, 12, 'equal_installment', $5, $4)`,
        [loanId, applicationId, enterprise, lender.id, `partner:${lender.id}`],
      );
    });
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await stack?.stop();
  });

  it('keeps the PostgreSQL connections it opened (a burst after a lull waits for no new backend)', async () => {
    const pool = (app.get(DataSource).driver as unknown as { master: Pool }).master;
    expect(pool.options).toMatchObject(databasePoolOptions);
    await Promise.all([1, 2, 3].map(() => pool.query('SELECT pg_sleep(0.05)')));
    expect(pool.totalCount).toBeGreaterThanOrEqual(3);
  });
  it('the lending bank and the center’s staff read the loan, its application and its schedule', async () => {
    for (const ctx of [as('jinan', lender), as('jinan', analyst())]) {
      expect(await client.request(CreditRpc.get, { id: loanId }, ctx)).toMatchObject({
        id: loanId,
        tenant: 'jinan',
        status: 'approved',
        principal: '100000.00',
        outstandingPrincipal: '0.00',
      });
      expect(await client.request(CreditRpc.application, { id: applicationId }, ctx)).toMatchObject(
        {
          id: applicationId,
          loanId,
        },
      );
      expect(await client.request(CreditRpc.schedule, { id: loanId }, ctx)).toMatchObject({
        installments: [],
      });
    }
  });

  it.each([
    ['a rival bank of the same center', () => as('jinan', bank())],
    ["another center's analyst", () => as('liaocheng', analyst())],
  ])(
    '%s is told 404 for the loan, the application, the schedule, a disbursement and a repayment',
    async (_who, ctx) => {
      const calls = [
        client.request(CreditRpc.get, { id: loanId }, ctx()),
        client.request(CreditRpc.application, { id: applicationId }, ctx()),
        client.request(CreditRpc.schedule, { id: loanId }, ctx()),
        client.request(CreditRpc.disburse, { id: loanId, disbursedOn: '2026-01-05' }, ctx()),
        client.request(
          CreditRpc.repay,
          { id: loanId, amount: '10.00', paidOn: '2026-01-05' },
          ctx(),
        ),
      ];
      const codes = await Promise.all(
        calls.map(async (call) => (await rejection(call)).declared.code),
      );
      expect(codes).toEqual([
        'LOAN_NOT_FOUND',
        'APPLICATION_NOT_FOUND',
        'LOAN_NOT_FOUND',
        'LOAN_NOT_FOUND',
        'LOAN_NOT_FOUND',
      ]);
    },
  );

  it('a rival bank’s book is empty; the center’s staff see the loan in theirs', async () => {
    const rival = await client.request(CreditRpc.list, {}, as('jinan', bank()));
    expect(rival.items).toEqual([]);
    const staff = await client.request(CreditRpc.list, {}, as('jinan', analyst()));
    expect(staff.items.map((l) => l.id)).toEqual([loanId]);
  });

  it("PostgreSQL itself hides the rows from another center's session (row-level security)", async () => {
    for (const table of ['loans', 'loan_applications']) {
      const rows = await asTenant(stack.db.runtimeUrl('credit'), 'liaocheng', (sql) =>
        sql.query(`SELECT id FROM credit.${table}`),
      );
      expect(rows.rowCount).toBe(0);
    }
  });
});
