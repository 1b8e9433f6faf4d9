import { TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';
import type { Share } from '../guarantees/domain/types';

/** A claim (代偿) on a defaulted guaranteed loan; numeric columns come back as strings. */
@Entity({ schema: 'guarantee', name: 'claims' })
export class ClaimEntity extends TenantOwnedEntity {
  @Column({ name: 'guarantee_id', type: 'uuid' }) guaranteeId!: string;
  @Column({ name: 'loan_id', type: 'uuid' }) loanId!: string;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) claim!: string;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) payout!: string;
  @Column({ type: 'jsonb' }) shares!: Share[];
  @Column({ type: 'jsonb' }) receivables!: Share[];
  @Column({ type: 'numeric', precision: 20, scale: 2 }) recovered!: string;
  @Column({ name: 'defaulted_on', type: 'date' }) defaultedOn!: string;
  @Column({ name: 'payable_on', type: 'date' }) payableOn!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** Proceeds of a pledged asset's sale counted against a claim, once per deal. */
@Entity({ schema: 'guarantee', name: 'recoveries' })
export class RecoveryEntity extends TenantOwnedEntity {
  @Column({ name: 'claim_id', type: 'uuid' }) claimId!: string;
  @Column({ name: 'deal_id', type: 'text' }) dealId!: string;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) proceeds!: string;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) counted!: string;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) surplus!: string;
  @Column({ type: 'jsonb' }) shares!: Share[];
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
