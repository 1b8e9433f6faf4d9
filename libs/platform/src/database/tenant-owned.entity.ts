import { Column, PrimaryColumn } from 'typeorm';
import type { TenantOwned } from './tenant-repository';

/**
 * The two columns every table of a center's data starts with (createTenantTable makes them):
 * a UUIDv7 id and the tenant. Entities extend it; tx.rows(...) fills tenantId itself.
 */
export abstract class TenantOwnedEntity implements TenantOwned {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
}

/** A `numeric(20, 2)` money column, read and written as a decimal string (never a number). */
export const MoneyColumn = (name: string, options: { nullable?: boolean } = {}) =>
  Column({ name, type: 'numeric', precision: 20, scale: 2, ...options }) as PropertyDecorator;
