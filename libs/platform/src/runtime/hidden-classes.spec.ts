import { setFlagsFromString } from 'node:v8';
import { TenancyRpc } from '@tf/contracts';
import type { DataSource } from 'typeorm';
import { TenantDatabase } from '../database/tenant-database';
import type { Sql } from '../database/sql';
import { createLogger } from '../logging/logger';
import { platformHandlerContext, tenantHandlerContext } from '../messaging/handler-context';

/**
 * The objects the platform makes for every request share their hidden classes (V8's maps). A
 * fresh class per object is allocated in the old generation, holds what the object holds through
 * the scavenges, and turns the inline caches that read it megamorphic (docs/performance.md, "A
 * hidden class a literal"). V8's own test of two objects' maps answers here.
 */
setFlagsFromString('--allow-natives-syntax');
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (
  a: object,
  b: object,
) => boolean;

/** Whether every object `make` returns for a run of requests has the first one's hidden class. */
function oneClassFor(make: (i: number) => object): boolean {
  const made = Array.from({ length: 50 }, (_, i) => make(i));
  return made.every((object) => sameMap(made[0]!, object));
}

const request = (i: number) => ({
  requestId: `req-${i}`,
  tenant: 'jinan',
  actor: { kind: 'user' as const, id: `u-${i}`, roles: ['analyst' as const] },
});

describe('hidden classes on the request path', () => {
  it('are fresh for each literal that starts with a spread and goes on (why lint refuses one)', () => {
    // The premise of the lint rule in eslint.config.mjs: should a Node upgrade share them, this
    // fails, and the rule (with the Object.assign it asks for) can go.
    expect(oneClassFor((i) => ({ ...request(i), read: () => i }))).toBe(false);
    expect(oneClassFor((i) => Object.assign({}, request(i), { read: () => i }))).toBe(true);
  });

  it("are shared by a center's handler contexts and a platform request's", () => {
    const logger = createLogger('probe', 'silent');
    const db = {} as TenantDatabase;
    const encode = () => new Uint8Array();
    expect(
      oneClassFor((i) =>
        tenantHandlerContext(db, TenancyRpc.getEnterprise, request(i), null, encode, {}, logger),
      ),
    ).toBe(true);
    expect(
      oneClassFor((i) =>
        platformHandlerContext(db, TenancyRpc.openSession, { requestId: `req-${i}` }, logger),
      ),
    ).toBe(true);
  });

  it("are shared by the transaction's reads and writes handed to the handlers", () => {
    const dataSource = { driver: { master: {} } } as unknown as DataSource;
    const db = new TenantDatabase(dataSource, 'probe');
    const sql = {} as Sql;
    expect(oneClassFor((i) => db.tenantWrites(sql, request(i)))).toBe(true);
  });
});
