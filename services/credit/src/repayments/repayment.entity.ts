import { TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';

const money = (name: string) =>
  Column({ name, type: 'numeric', precision: 20, scale: 2 }) as PropertyDecorator;

/** A repayment as it was allocated (the sum of the parts is the amount: a CHECK says so). */
@Entity({ schema: 'credit', name: 'repayments' })
export class RepaymentEntity extends TenantOwnedEntity {
  @Column({ name: 'loan_id', type: 'uuid' }) loanId!: string;
  @money('amount') amount!: string;
  @Column({ name: 'paid_on', type: 'date' }) paidOn!: string;
  @money('penalty') penalty!: string;
  @money('overdue_interest') overdueInterest!: string;
  @money('overdue_principal') overduePrincipal!: string;
  @money('current_interest') currentInterest!: string;
  @money('current_principal') currentPrincipal!: string;
  @money('prepaid_principal') prepaidPrincipal!: string;
  @money('outstanding_principal') outstandingPrincipal!: string;
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
  @money('amount') amount!: string;
  @money('principal') principal!: string;
  @Column({ name: 'recovered_on', type: 'date' }) recoveredOn!: string;
}
