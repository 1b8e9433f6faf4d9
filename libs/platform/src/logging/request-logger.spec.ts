import { TenancyRpc } from '@tf/contracts';
import type { TenantDatabase } from '../database/tenant-database';
import { platformHandlerContext, tenantHandlerContext } from '../messaging/handler-context';
import { createLogger } from './logger';

/** Every line a handler logs names its request, center, caller and subject (logger.ts says how). */
describe("a handler's log lines", () => {
  // The contexts only hold the database for their read and unitOfWork, which these tests never call.
  const db = {} as TenantDatabase;

  function capture() {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('probe', 'info', {
      write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    return { lines, logger };
  }

  it("carry the request id, tenant, actor and subject of a center's request", () => {
    const { lines, logger } = capture();
    const ctx = tenantHandlerContext(
      db,
      TenancyRpc.openSession,
      {
        requestId: 'req-7',
        tenant: 'jinan',
        actor: { kind: 'user', id: 'u-7', roles: ['analyst'] },
      },
      null,
      () => new Uint8Array(),
      {},
      logger,
    );
    ctx.log.warn({ loanId: 'l-1' }, 'not applicable');
    ctx.log.error('and again');
    expect(lines).toHaveLength(2);
    for (const line of lines)
      expect(line).toMatchObject({
        service: 'probe',
        requestId: 'req-7',
        tenant: 'jinan',
        actor: 'user:u-7',
        subject: TenancyRpc.openSession.subject,
      });
    expect(lines[0]).toMatchObject({ loanId: 'l-1', msg: 'not applicable' });
  });

  it('carry the request id and subject of a platform-level request, without a tenant', () => {
    const { lines, logger } = capture();
    const ctx = platformHandlerContext(db, TenancyRpc.openSession, { requestId: 'req-8' }, logger);
    ctx.log.info('login refused');
    expect(lines[0]).toMatchObject({
      requestId: 'req-8',
      actor: 'anonymous',
      subject: TenancyRpc.openSession.subject,
    });
    expect(lines[0]).not.toHaveProperty('tenant');
  });

  it('are not carried into another request by spreading the context (a call to another service)', () => {
    const { lines, logger } = capture();
    const ctx = platformHandlerContext(db, TenancyRpc.openSession, { requestId: 'req-9' }, logger);
    const forwarded = { ...ctx, idempotencyKey: undefined };
    expect(Object.keys(forwarded)).not.toContain('log');
    expect(lines).toHaveLength(0);
  });

  it('come from a getter every context shares, not an accessor on each (docs/performance.md)', () => {
    // A fresh accessor per context gave each request's context a hidden class of its own in the
    // old generation, and the request's objects lived through the scavenges with it.
    const { logger } = capture();
    const made = ['req-10', 'req-11'].map((requestId) =>
      tenantHandlerContext(
        db,
        TenancyRpc.openSession,
        { requestId, tenant: 'jinan' },
        null,
        () => new Uint8Array(),
        {},
        logger,
      ),
    );
    for (const ctx of made) expect(Object.getOwnPropertyDescriptor(ctx, 'log')).toBeUndefined();
    expect(Object.getPrototypeOf(made[0])).toBe(Object.getPrototypeOf(made[1]));
    expect(made[0]?.log).toBe(made[0]?.log);
  });
});
