import { TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';
import type {
  AssetKind,
  IncomeInput,
  MethodResult,
  PatentType,
  Purpose,
  QualityScore,
} from './domain/types';
import type { ValuationStatus } from './domain/workflow';

export { VALUATION_STATUSES, type ValuationStatus } from './domain/workflow';

/** numeric columns come back from pg as strings: exactly what money wants. */
@Entity({ schema: 'valuation', name: 'valuations' })
export class ValuationEntity extends TenantOwnedEntity {
  @Column({ name: 'enterprise_id', type: 'uuid' }) enterpriseId!: string;
  @Column({ type: 'text' }) purpose!: Purpose;
  @Column({ name: 'reference_date', type: 'date' }) referenceDate!: string;
  @Column({ type: 'text' }) status!: ValuationStatus;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) value!: string;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) low!: string;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) high!: string;
  @Column({ type: 'jsonb' }) methods!: MethodResult[];
  @Column({ type: 'jsonb' }) score!: QualityScore;
  @Column({ type: 'jsonb' }) assumptions!: string[];
  @Column({ type: 'jsonb' }) parameters!: Record<string, string>;
  @Column({ type: 'jsonb', nullable: true }) income!: IncomeInput | null;
  /** The identities of its assets, sorted: one live valuation per holder and set. */
  @Column({ name: 'asset_key', type: 'text' }) assetKey!: string;
  /** "partner:<id>" or "center": who asked for it (workflow.ts). */
  @Column({ type: 'text' }) holder!: string;
  @Column({ name: 'prepared_by', type: 'text' }) preparedBy!: string;
  @Column({ name: 'prepared_by_partner', type: 'uuid', nullable: true }) preparedByPartner!:
    | string
    | null;
  @Column({ name: 'prepared_at', type: 'timestamptz' }) preparedAt!: Date;
  @Column({ name: 'approved_by', type: 'text', nullable: true }) approvedBy!: string | null;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt!: Date | null;
  @Column({ name: 'valid_until', type: 'date', nullable: true }) validUntil!: string | null;
  @Column({ name: 'rejected_by', type: 'text', nullable: true }) rejectedBy!: string | null;
  @Column({ name: 'rejection_reason', type: 'text', nullable: true }) rejectionReason!:
    | string
    | null;
  @Column({ name: 'superseded_by', type: 'uuid', nullable: true }) supersededBy!: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ schema: 'valuation', name: 'valuation_assets' })
export class ValuationAssetEntity extends TenantOwnedEntity {
  @Column({ name: 'valuation_id', type: 'uuid' }) valuationId!: string;
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'text' }) kind!: AssetKind;
  @Column({ type: 'text' }) number!: string;
  /** The asset whatever its notation (@tf/contracts/vocabulary, asset-identity.ts). */
  @Column({ type: 'text' }) identity!: string;
  /** This asset's live pledge value is this valuation's (one per asset, by a unique index). */
  @Column({ name: 'live_pledge', type: 'boolean' }) livePledge!: boolean;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'patent_type', type: 'text', nullable: true }) patentType!: PatentType | null;
  @Column({ type: 'jsonb' }) input!: Record<string, unknown>;
  @Column({
    name: 'remaining_legal_years',
    type: 'numeric',
    precision: 8,
    scale: 2,
    nullable: true,
  })
  remainingLegalYears!: string | null;
  @Column({ name: 'economic_life_years', type: 'numeric', precision: 8, scale: 2 })
  economicLifeYears!: string;
  @Column({ type: 'numeric', precision: 20, scale: 2 }) value!: string;
  @Column({ type: 'jsonb' }) methods!: MethodResult[];
  @Column({ type: 'jsonb' }) score!: QualityScore;
}
