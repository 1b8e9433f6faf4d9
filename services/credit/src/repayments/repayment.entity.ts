import { MoneyColumn, TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';

/** A repayment as it was allocated (the sum of the parts is the amount: a CHECK says so). */
@Entity({ schema: 'credit', name: 'repayments' })
export class RepaymentEntity extends TenantOwnedEntity {
  @Column({ name: 'loan_id', type: 'uuid' }) loanId!: string;
  @MoneyColumn('amount') amount!: string;
  @Column({ name: 'paid_on', type: 'date' }) paidOn!: string;
  @MoneyColumn('penalty') penalty!: string;
  @MoneyColumn('overdue_interest') overdueInterest!: string;
  @MoneyColumn('overdue_principal') overduePrincipal!: string;
  @MoneyColumn('current_interest') currentInterest!: string;
  @MoneyColumn('current_principal') currentPrincipal!: string;
  @MoneyColumn('prepaid_principal') prepaidPrincipal!: string;
  @MoneyColumn('outstanding_principal') outstandingPrincipal!: string;
  @Column({ type: 'boolean' }) reamortised!: boolean;
  @Column({ name: 'recorded_by', type: 'text' }) recordedBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** Money a defaulted loan got back, once per source. */
@Entity({ schema: 'credit', name: 'recoveries' })
export class RecoveryEntity extends TenantOwnedEntity {
  @Column({ name: 'loan_id', type: 'uuid' }) loanId!: string;
  @Column({ type: 'text' }) source!: 'guarantee-claim' | 'collateral-sale';
  @Column({ name: 'source_id', type: 'text' }) sourceId!: string;
  @MoneyColumn('amount') amount!: string;
  @MoneyColumn('principal') principal!: string;
  @Column({ name: 'recovered_on', type: 'date' }) recoveredOn!: string;
}
