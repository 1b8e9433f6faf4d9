import { TenantOwnedEntity } from '@tf/platform';
import { Column, CreateDateColumn, Entity } from 'typeorm';

@Entity({ schema: 'tenancy', name: 'enterprises' })
export class EnterpriseEntity extends TenantOwnedEntity {
  @Column({ name: 'credit_code', type: 'char', length: 18 })
  creditCode!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  industry!: string | null;

  @Column({ name: 'founded_on', type: 'date', nullable: true })
  foundedOn!: string | null;

  @Column({ type: 'integer', nullable: true })
  employees!: number | null;

  @Column({ name: 'group_code', type: 'text', nullable: true })
  groupCode!: string | null;

  @Column({ name: 'high_tech', type: 'boolean', default: false })
  highTech!: boolean;

  /** numeric(20,2): the pg driver returns it as a string, which is what we want for money. */
  @Column({ name: 'registered_capital', type: 'numeric', precision: 20, scale: 2, nullable: true })
  registeredCapital!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
