import type { FundFlowKind } from '@tf/contracts';
import { MoneyColumn, TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';

const rate = (name: string) =>
  Column({ name, type: 'numeric', precision: 12, scale: 10 }) as PropertyDecorator;

/**
 * A fund of the center. Its running totals (committed to companies, committed by partners,
 * called, distributed, exit proceeds) change only under its row lock, so the checks against its
 * size are made on what is really there.
 */
@Entity({ schema: 'investment', name: 'funds' })
export class FundEntity extends TenantOwnedEntity {
  @Column({ type: 'text' }) name!: string;
  @MoneyColumn('size') size!: string;
  @Column({ name: 'vintage_year', type: 'integer' }) vintageYear!: number;
  @rate('management_fee_rate') managementFeeRate!: string;
  @rate('carried_interest_rate') carriedInterestRate!: string;
  @rate('hurdle_rate') hurdleRate!: string;
  /** Staff user ids: who votes on the fund's deals. */
  @Column({ type: 'uuid', array: true }) committee!: string[];
  /** The fund-manager partner whose keys read the fund; null when the center runs it. */
  @Column({ name: 'manager_partner_id', type: 'uuid', nullable: true })
  managerPartnerId!: string | null;
  @MoneyColumn('committed') committed!: string;
  @MoneyColumn('commitments') commitments!: string;
  @MoneyColumn('called') called!: string;
  @MoneyColumn('distributed') distributed!: string;
  @MoneyColumn('proceeds') proceeds!: string;
  /** "user:<id>". */
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** An investor in the fund and what it has committed, been called for and been paid. */
@Entity({ schema: 'investment', name: 'limited_partners' })
export class LimitedPartnerEntity extends TenantOwnedEntity {
  @Column({ name: 'fund_id', type: 'uuid' }) fundId!: string;
  @Column({ type: 'text' }) name!: string;
  @MoneyColumn('commitment') commitment!: string;
  @MoneyColumn('called') called!: string;
  @MoneyColumn('distributed') distributed!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A capital call or a distribution, dated. */
@Entity({ schema: 'investment', name: 'fund_flows' })
export class FundFlowEntity extends TenantOwnedEntity {
  @Column({ name: 'fund_id', type: 'uuid' }) fundId!: string;
  @Column({ type: 'text' }) kind!: FundFlowKind;
  @MoneyColumn('amount') amount!: string;
  @Column({ type: 'date' }) on!: string;
  @Column({ name: 'recorded_by', type: 'text' }) recordedBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A limited partner's part of a flow; the parts of a flow add up to it. */
@Entity({ schema: 'investment', name: 'fund_flow_shares' })
export class FundFlowShareEntity extends TenantOwnedEntity {
  @Column({ name: 'flow_id', type: 'uuid' }) flowId!: string;
  @Column({ name: 'limited_partner_id', type: 'uuid' }) limitedPartnerId!: string;
  @MoneyColumn('amount') amount!: string;
}
