import type { LoanClassification, LoanStatus, ProductCode, RepaymentMethod } from '@tf/contracts';
import { MoneyColumn, TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';

/** A pledged asset as the loan took it: its value when the loan was approved, and its LTV cap. */
export interface StoredCollateral {
  valuationId: string;
  identity: string;
  assetNumber: string;
  patentType: string | null;
  value: string;
  ltvCap: string;
}

@Entity({ schema: 'credit', name: 'loans' })
export class LoanEntity extends TenantOwnedEntity {
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @Column({ name: 'enterprise_id', type: 'uuid' }) enterpriseId!: string;
  @Column({ name: 'lender_partner_id', type: 'uuid' }) lenderPartnerId!: string;
  @Column({ name: 'product_code', type: 'text' }) productCode!: ProductCode;
  @Column({ type: 'text' }) status!: LoanStatus;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @MoneyColumn('principal') principal!: string;
  @MoneyColumn('outstanding_principal') outstandingPrincipal!: string;
  @MoneyColumn('principal_repaid') principalRepaid!: string;
  @MoneyColumn('principal_recovered') principalRecovered!: string;
  @MoneyColumn('principal_written_off') principalWrittenOff!: string;
  @MoneyColumn('interest_paid') interestPaid!: string;
  @MoneyColumn('penalty_accrued') penaltyAccrued!: string;
  @MoneyColumn('penalty_paid') penaltyPaid!: string;
  @Column({ name: 'term_months', type: 'integer' }) termMonths!: number;
  @Column({ name: 'repayment_method', type: 'text' }) repaymentMethod!: RepaymentMethod;
  /** Fixed at disbursement: the center's LPR + the product's spread. */
  @Column({ name: 'annual_rate', type: 'numeric', precision: 12, scale: 10, nullable: true })
  annualRate!: string | null;
  @Column({ name: 'penalty_rate', type: 'numeric', precision: 12, scale: 10, nullable: true })
  penaltyRate!: string | null;
  @Column({ type: 'text' }) classification!: LoanClassification;
  @Column({ name: 'days_past_due', type: 'integer' }) daysPastDue!: number;
  /** Its application's day: today, or earlier for a loan of the bank's historical book. */
  @Column({ name: 'approved_on', type: 'date' }) approvedOn!: string;
  @Column({ name: 'disbursed_on', type: 'date', nullable: true }) disbursedOn!: string | null;
  @Column({ name: 'maturity_on', type: 'date', nullable: true }) maturityOn!: string | null;
  @Column({ name: 'defaulted_on', type: 'date', nullable: true }) defaultedOn!: string | null;
  @Column({ name: 'closed_on', type: 'date', nullable: true }) closedOn!: string | null;
  /** Penalty interest has been charged up to this day. */
  @Column({ name: 'penalty_accrued_through', type: 'date', nullable: true })
  penaltyAccruedThrough!: string | null;
  @Column({ name: 'classified_on', type: 'date', nullable: true }) classifiedOn!: string | null;
  @Column({ name: 'guarantee_id', type: 'uuid', nullable: true }) guaranteeId!: string | null;
  @Column({ type: 'jsonb' }) collateral!: StoredCollateral[];
  /** A linked loan: the fund's investment it is linked to, and its warrant's coverage. */
  @Column({ name: 'linked_investment_id', type: 'uuid', nullable: true })
  linkedInvestmentId!: string | null;
  @Column({ name: 'warrant_coverage', type: 'numeric', precision: 6, scale: 4, nullable: true })
  warrantCoverage!: string | null;
  /** "user:<id>" or "partner:<id>". */
  @Column({ name: 'requested_by', type: 'text' }) requestedBy!: string;
  /** The bank that applied, which alone of the partners sees the loan; null when staff did. */
  @Column({ name: 'requested_by_partner', type: 'uuid', nullable: true })
  requestedByPartner!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** The live pledge of one asset: the unique index on (tenant, identity) where live closes races. */
@Entity({ schema: 'credit', name: 'loan_collateral' })
export class LoanCollateralEntity extends TenantOwnedEntity {
  @Column({ name: 'loan_id', type: 'uuid' }) loanId!: string;
  @Column({ type: 'text' }) identity!: string;
  @Column({ name: 'valuation_id', type: 'uuid' }) valuationId!: string;
  @Column({ name: 'asset_number', type: 'text' }) assetNumber!: string;
  @Column({ name: 'patent_type', type: 'text', nullable: true }) patentType!: string | null;
  @MoneyColumn('value') value!: string;
  @Column({ name: 'ltv_cap', type: 'numeric', precision: 6, scale: 4 }) ltvCap!: string;
  @Column({ type: 'boolean' }) live!: boolean;
}

@Entity({ schema: 'credit', name: 'installments' })
export class InstallmentEntity extends TenantOwnedEntity {
  @Column({ name: 'loan_id', type: 'uuid' }) loanId!: string;
  @Column({ type: 'integer' }) number!: number;
  @Column({ name: 'due_on', type: 'date' }) dueOn!: string;
  @MoneyColumn('principal') principal!: string;
  @MoneyColumn('interest') interest!: string;
  @MoneyColumn('principal_paid') principalPaid!: string;
  @MoneyColumn('interest_paid') interestPaid!: string;
}

/** A closed investment of the center's fund, as investment-closed announced it (linked loans). */
@Entity({ schema: 'credit', name: 'enterprise_investments' })
export class EnterpriseInvestmentEntity extends TenantOwnedEntity {
  @Column({ name: 'investment_id', type: 'uuid' }) investmentId!: string;
  @Column({ name: 'enterprise_id', type: 'uuid' }) enterpriseId!: string;
  @Column({ name: 'fund_id', type: 'uuid' }) fundId!: string;
  @Column({ type: 'text' }) instrument!: string;
  @MoneyColumn('amount') amount!: string;
  @MoneyColumn('pre_money_valuation') preMoneyValuation!: string;
  @Column({ name: 'closed_on', type: 'date' }) closedOn!: string;
}
