import { TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';

/** The center's guarantee institution; numeric columns come back from pg as strings. */
@Entity({ schema: 'guarantee', name: 'institutions' })
export class InstitutionEntity extends TenantOwnedEntity {
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'net_assets', type: 'numeric', precision: 20, scale: 2 }) netAssets!: string;
  /** Liability of its approved and active guarantees (the row approvals lock). */
  @Column({ type: 'numeric', precision: 20, scale: 2 }) outstanding!: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
