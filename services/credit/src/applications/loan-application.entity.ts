import type { ProductCode, RepaymentMethod } from '@tf/contracts';
import { TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';
import type { StoredCollateral } from '../loans/loan.entity';

@Entity({ schema: 'credit', name: 'loan_applications' })
export class LoanApplicationEntity extends TenantOwnedEntity {
  @Column({ name: 'enterprise_id', type: 'uuid' }) enterpriseId!: string;
  @Column({ name: 'lender_partner_id', type: 'uuid' }) lenderPartnerId!: string;
  @Column({ name: 'product_code', type: 'text' }) productCode!: ProductCode;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) principal!: string;
  @Column({ name: 'term_months', type: 'integer' }) termMonths!: number;
  @Column({ name: 'repayment_method', type: 'text' }) repaymentMethod!: RepaymentMethod;
  @Column({ type: 'text' }) status!: 'approved' | 'declined';
  @Column({ name: 'loan_id', type: 'uuid', nullable: true }) loanId!: string | null;
  @Column({ type: 'jsonb' }) reasons!: { code: string; message: string }[];
  @Column({ type: 'numeric', precision: 20, scale: 2, nullable: true }) lendable!: string | null;
  @Column({ type: 'jsonb' }) collateral!: StoredCollateral[];
  @Column({ name: 'guarantee_id', type: 'uuid', nullable: true }) guaranteeId!: string | null;
  @Column({ name: 'requested_by', type: 'text' }) requestedBy!: string;
  @Column({ name: 'requested_by_partner', type: 'uuid', nullable: true })
  requestedByPartner!: string | null;
  /** The day the bank took it: today, or earlier for a loan of its historical book. */
  @Column({ name: 'applied_on', type: 'date' }) appliedOn!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
