import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { PartnerKind } from '@tf/contracts';

@Entity({ schema: 'tenancy', name: 'partners' })
export class PartnerEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

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
