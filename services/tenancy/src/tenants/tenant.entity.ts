import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A center: identity only. Its policy is in sections owned by the services that apply them. */
@Entity({ schema: 'tenancy', name: 'tenants' })
export class TenantEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
