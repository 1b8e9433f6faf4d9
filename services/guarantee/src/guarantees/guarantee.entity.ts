import type { GuaranteeStatus } from '@tf/contracts';
import { TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';
import type { Share } from './domain/types';

/** A counter-guarantee as taken: the pledge value valuation reported at application. */
export interface StoredCounterGuarantee {
  kind: string;
  valuationId: string;
  pledgeValue: string;
  validUntil: string;
  /** Its rights, each at its pledge value (absent on guarantees taken before they were kept). */
  assets?: { valuationId: string; assetNumber: string; patentType?: string; value: string }[];
}

@Entity({ schema: 'guarantee', name: 'guarantees' })
export class GuaranteeEntity extends TenantOwnedEntity {
  @Column({ name: 'institution_id', type: 'uuid' }) institutionId!: string;
  @Column({ name: 'enterprise_id', type: 'uuid' }) enterpriseId!: string;
  /** The enterprise's group at application (tenancy's groupCode): the related-party limit. */
  @Column({ name: 'group_code', type: 'text', nullable: true }) groupCode!: string | null;
  @Column({ name: 'lender_partner_id', type: 'uuid' }) lenderPartnerId!: string;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) principal!: string;
  @Column({ name: 'term_months', type: 'integer' }) termMonths!: number;
  @Column({ name: 'coverage_ratio', type: 'numeric', precision: 12, scale: 10 })
  coverageRatio!: string;
  @Column({ name: 'guaranteed_amount', type: 'numeric', precision: 20, scale: 2 })
  guaranteedAmount!: string;
  /** What it holds against the institution's limits now: 0 until approved. */
  @Column({ name: 'outstanding_liability', type: 'numeric', precision: 20, scale: 2 })
  outstandingLiability!: string;
  @Column({ name: 'annual_fee_rate', type: 'numeric', precision: 12, scale: 10 })
  annualFeeRate!: string;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) fee!: string;
  @Column({ name: 'risk_shares', type: 'jsonb' }) riskShares!: Share[];
  @Column({ name: 'counter_guarantees', type: 'jsonb' })
  counterGuarantees!: StoredCounterGuarantee[];
  @Column({ name: 'pledge_value', type: 'numeric', precision: 20, scale: 2 }) pledgeValue!: string;
  @Column({ type: 'text' }) status!: GuaranteeStatus;
  /** "user:<id>" or "partner:<id>". */
  @Column({ name: 'requested_by', type: 'text' }) requestedBy!: string;
  /** The partner that asked for it, which alone of the partners sees it; null when staff did. */
  @Column({ name: 'requested_by_partner', type: 'uuid', nullable: true })
  requestedByPartner!: string | null;
  @Column({ name: 'approved_by', type: 'text', nullable: true }) approvedBy!: string | null;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt!: Date | null;
  @Column({ name: 'loan_id', type: 'uuid', nullable: true }) loanId!: string | null;
  @Column({ name: 'declined_by', type: 'text', nullable: true }) declinedBy!: string | null;
  @Column({ name: 'decline_reason', type: 'text', nullable: true }) declineReason!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
