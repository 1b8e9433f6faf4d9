import type { Instrument, InvestmentEntryKind } from '@tf/contracts';
import { MoneyColumn, TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';

/** What a closed deal became; its holding is folded from its entries. */
@Entity({ schema: 'investment', name: 'investments' })
export class InvestmentEntity extends TenantOwnedEntity {
  @Column({ name: 'fund_id', type: 'uuid' }) fundId!: string;
  @Column({ name: 'deal_id', type: 'uuid' }) dealId!: string;
  @Column({ name: 'enterprise_id', type: 'uuid' }) enterpriseId!: string;
  @Column({ type: 'text' }) instrument!: Instrument;
  @MoneyColumn('amount') amount!: string;
  @MoneyColumn('pre_money_valuation') preMoneyValuation!: string;
  @Column({ name: 'closed_on', type: 'date' }) closedOn!: string;
  @Column({ type: 'text' }) status!: 'active' | 'exited';
  /** Entries are dated on or after this day: the ledger is never written into its past. */
  @Column({ name: 'last_entry_on', type: 'date' }) lastEntryOn!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity({ schema: 'investment', name: 'investment_entries' })
export class InvestmentEntryEntity extends TenantOwnedEntity {
  @Column({ name: 'investment_id', type: 'uuid' }) investmentId!: string;
  @Column({ name: 'fund_id', type: 'uuid' }) fundId!: string;
  @Column({ type: 'text' }) kind!: InvestmentEntryKind;
  @Column({ type: 'date' }) on!: string;
  @MoneyColumn('amount', { nullable: true }) amount!: string | null;
  @MoneyColumn('pre_money', { nullable: true }) preMoney!: string | null;
  @MoneyColumn('fair_value', { nullable: true }) fairValue!: string | null;
  @Column({ type: 'numeric', precision: 12, scale: 10, nullable: true }) fraction!: string | null;
  @MoneyColumn('proceeds', { nullable: true }) proceeds!: string | null;
  @Column({ name: 'recorded_by', type: 'text' }) recordedBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A bank's loan linked to a holding, with the bank's warrant (credit's loan-approved). */
@Entity({ schema: 'investment', name: 'linked_loans' })
export class LinkedLoanEntity extends TenantOwnedEntity {
  @Column({ name: 'investment_id', type: 'uuid' }) investmentId!: string;
  @Column({ name: 'loan_id', type: 'uuid' }) loanId!: string;
  @Column({ name: 'lender_partner_id', type: 'uuid' }) lenderPartnerId!: string;
  @MoneyColumn('principal') principal!: string;
  @Column({ name: 'warrant_coverage', type: 'numeric', precision: 6, scale: 4 })
  warrantCoverage!: string;
  @Column({ name: 'approved_at', type: 'timestamptz' }) approvedAt!: Date;
}
