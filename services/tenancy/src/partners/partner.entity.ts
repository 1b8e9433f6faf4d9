import { TenantOwnedEntity } from '@tf/platform';
import { Column, CreateDateColumn, Entity } from 'typeorm';
import type { PartnerKind } from '@tf/contracts';

@Entity({ schema: 'tenancy', name: 'partners' })
export class PartnerEntity extends TenantOwnedEntity {
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: PartnerKind;

  /** Kind "enterprise" only: the SME this partner is. */
  @Column({ name: 'enterprise_id', type: 'uuid', nullable: true })
  enterpriseId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
