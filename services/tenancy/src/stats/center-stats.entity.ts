import { MoneyColumn, TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';

/** A center's headline figures: one row, moved by the services' events (stats.service.ts). */
@Entity({ schema: 'tenancy', name: 'center_stats' })
export class CenterStatsEntity extends TenantOwnedEntity {
  @Column({ name: 'patents_valued', type: 'integer' }) patentsValued!: number;
  @MoneyColumn('valued_total') valuedTotal!: string;
  @Column({ name: 'enterprises_guaranteed', type: 'integer' }) enterprisesGuaranteed!: number;
  @MoneyColumn('guaranteed_amount') guaranteedAmount!: string;
  @Column({ type: 'integer' }) loans!: number;
  @MoneyColumn('loan_amount') loanAmount!: string;
  @MoneyColumn('loans_outstanding') loansOutstanding!: string;
  @Column({ name: 'npl_ratio', type: 'numeric', precision: 12, scale: 10, nullable: true })
  nplRatio!: string | null;
  @Column({ name: 'npl_as_of', type: 'date', nullable: true }) nplAsOf!: string | null;
  @Column({ type: 'integer' }) investments!: number;
  @MoneyColumn('invested_amount') investedAmount!: string;
  @Column({ name: 'trade_deals', type: 'integer' }) tradeDeals!: number;
  @MoneyColumn('traded_amount') tradedAmount!: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** What a distinct count has counted: a patent valued, an enterprise guaranteed. */
@Entity({ schema: 'tenancy', name: 'stats_members' })
export class StatsMemberEntity extends TenantOwnedEntity {
  @Column({ type: 'text' }) kind!: 'patent-valued' | 'enterprise-guaranteed';
  @Column({ type: 'text' }) key!: string;
}
