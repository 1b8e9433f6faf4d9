import {
  create,
  fromJson,
  toJson,
  type DescMessage,
  type JsonValue,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import { Injectable, type Type } from '@nestjs/common';
import { TenancyEvents, type PolicySection, type tenancy } from '@tf/contracts';
import { invalidFields, type FieldProblem } from '@tf/core';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantIsolationSql } from '../database/roles';
import type { TenantReads, TenantWrites } from '../database/tenant-database';
import { OnEvent, type EventContext } from '../events/inbox';
import { rpcHandlers } from '../messaging/rpc-handlers';
import { RefreshingCache } from '../runtime/refreshing-cache';
import type { HandlerContext } from '../messaging/handler-context';

/**
 * A service's section of a center's policy: the contract it answers (in @tf/contracts), its
 * defaults, and its rules. Declared once in the service and handed to PlatformModule, which
 * stores it per center (row-level security), answers the section's get and update, and seeds the
 * defaults when tenancy announces a new center.
 */
export interface ServicePolicy<P extends DescMessage = DescMessage> {
  section: PolicySection<P>;
  defaults: MessageInitShape<P>;
  /** Every rule the whole section must keep; fields are named `<section>.<field>`. */
  problems(policy: MessageShape<P>): FieldProblem[];
}

interface PolicyUpdate<P extends DescMessage> {
  values?: MessageShape<P>;
  fields: string[];
  dryRun: boolean;
}

const CACHE_TTL_MS = 5_000;

/**
 * A center's section of the policy, as this service applies it: stored as the message's JSON,
 * cached a few seconds per center (a change made through another replica takes effect within
 * that; a center in use is read again in the background before then, so that no request waits
 * for the read), and the defaults for a center whose seed has not arrived yet (the defaults are
 * exactly what the seed writes).
 */
@Injectable()
export class PolicyStore<P extends DescMessage = DescMessage> {
  private readonly cache = new RefreshingCache<MessageShape<P>>(CACHE_TTL_MS, { max: 1000 });

  constructor(
    readonly definition: ServicePolicy<P>,
    private readonly schema: string,
  ) {}

  /** The policy of the handler's center, from the cache or in a short read. */
  async of(ctx: Pick<HandlerContext, 'tenant' | 'read'>): Promise<MessageShape<P>> {
    return this.cache.get(ctx.tenant, () => ctx.read((tx) => this.stored(tx)));
  }

  async current(tx: TenantReads): Promise<MessageShape<P>> {
    const policy = await this.stored(tx);
    this.cache.set(tx.tenant, policy);
    return policy;
  }

  private async stored(tx: TenantReads): Promise<MessageShape<P>> {
    const rows = await tx.sql<{ policy: JsonValue }>(`SELECT policy FROM ${this.schema}.policy`);
    const stored = rows[0];
    return stored ? fromJson(this.section.schema, stored.policy) : this.defaults();
  }

  /** Applies the named fields over the current values, checks the whole, and stores it (unless a dry run). */
  async update(tx: TenantWrites, request: PolicyUpdate<P>): Promise<MessageShape<P>> {
    const known = new Set(this.section.schema.fields.map((f) => f.localName));
    const unknown = request.fields.filter((field) => !known.has(field));
    if (unknown.length > 0) {
      throw invalidFields(
        unknown.map((field) => ({
          field: `${this.section.name}.${field}`,
          message: 'is not a policy field',
        })),
      );
    }
    const current = await this.current(tx);
    const merged = create(
      this.section.schema,
      Object.assign(
        {},
        current,
        Object.fromEntries(
          request.fields.map((field) => [
            field,
            (request.values as Record<string, unknown> | undefined)?.[field],
          ]),
        ),
      ) as MessageInitShape<P>,
    );
    const problems = this.definition.problems(merged);
    if (problems.length > 0) throw invalidFields(problems);
    if (!request.dryRun) {
      await tx.sql(
        `INSERT INTO ${this.schema}.policy (tenant_id, policy, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (tenant_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()`,
        [tx.tenant, toJson(this.section.schema, merged)],
      );
      this.cache.delete(tx.tenant);
    }
    return merged;
  }

  /** A new center starts with the defaults; a redelivered announcement changes nothing. */
  @OnEvent(TenancyEvents.tenantCreated)
  async seed(_created: tenancy.TenantCreated, ctx: EventContext): Promise<void> {
    await ctx.sql(
      `INSERT INTO ${this.schema}.policy (tenant_id, policy) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [ctx.tenant, toJson(this.section.schema, this.defaults())],
    );
  }

  private get section(): PolicySection<P> {
    return this.definition.section;
  }

  private defaults(): MessageShape<P> {
    return create(this.section.schema, this.definition.defaults);
  }
}

/** The section's get and update, answered for the service that owns it. */
export function policyHandlers(policy: ServicePolicy): Type {
  return rpcHandlers(PolicyStore)
    .on(policy.section.get, (store, _request, ctx) => store.of(ctx))
    .on(policy.section.update, (store, request, ctx) =>
      ctx.unitOfWork((tx) => store.update(tx, request as unknown as PolicyUpdate<DescMessage>)),
    );
}

/** The table that keeps a service's section, one row per center. */
export function policyTableMigration(schema: string): new () => MigrationInterface {
  return class PlatformPolicy1764300300000 implements MigrationInterface {
    name = 'PlatformPolicy1764300300000';
    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE ${schema}.policy (
        tenant_id text PRIMARY KEY,
        policy jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
      for (const statement of tenantIsolationSql(`${schema}.policy`)) await q.query(statement);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE ${schema}.policy`);
    }
  };
}
