import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { PartnerKind } from './partner-kinds';

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
