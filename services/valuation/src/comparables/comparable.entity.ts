import { TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';
import type { PatentType } from '../valuations/domain/types';

/** A patent sold on the trading service: a market-approach comparable. */
@Entity({ schema: 'valuation', name: 'comparables' })
export class ComparableEntity extends TenantOwnedEntity {
  @Column({ name: 'deal_id', type: 'text' }) dealId!: string;
  @Column({ name: 'asset_number', type: 'text' }) assetNumber!: string;
  @Column({ name: 'patent_type', type: 'text' }) patentType!: PatentType;
  @Column({ name: 'ipc_class', type: 'text' }) ipcClass!: string;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) price!: string;
  @Column({ name: 'remaining_life_years', type: 'numeric', precision: 8, scale: 2 })
  remainingLifeYears!: string;
  @Column({ name: 'closed_on', type: 'date' }) closedOn!: string;
}
