import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { PolicyValues } from './policy';

@Entity({ schema: 'tenancy', name: 'tenants' })
export class TenantEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  policy!: PolicyValues;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
