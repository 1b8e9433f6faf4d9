import { TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';

@Entity({ schema: 'investment', name: 'funds' })
export class FundEntity extends TenantOwnedEntity {
  @Column({ name: 'enterprise_id', type: 'uuid' }) enterpriseId!: string;
  /** "user:<id>" or "partner:<id>". */
  @Column({ name: 'requested_by', type: 'text' }) requestedBy!: string;
  /** The partner that asked for it, which alone of the partners sees it; null when staff did. */
  @Column({ name: 'requested_by_partner', type: 'uuid', nullable: true })
  requestedByPartner!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
