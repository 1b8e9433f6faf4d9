import type { DealStage, Vote } from '@tf/contracts';
import { TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';

@Entity({ schema: 'investment', name: 'deals' })
export class DealEntity extends TenantOwnedEntity {
  @Column({ name: 'fund_id', type: 'uuid' }) fundId!: string;
  @Column({ name: 'enterprise_id', type: 'uuid' }) enterpriseId!: string;
  @Column({ type: 'text' }) stage!: DealStage;
  /** "user:<id>". */
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** Each move of a deal, with who made it and when (the first is its creation, from nothing). */
@Entity({ schema: 'investment', name: 'deal_stage_moves' })
export class StageMoveEntity extends TenantOwnedEntity {
  @Column({ name: 'deal_id', type: 'uuid' }) dealId!: string;
  @Column({ name: 'from_stage', type: 'text', nullable: true }) fromStage!: DealStage | null;
  @Column({ name: 'to_stage', type: 'text' }) toStage!: DealStage;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'moved_by', type: 'text' }) movedBy!: string;
  @Column({ name: 'moved_at', type: 'timestamptz' }) movedAt!: Date;
}

@Entity({ schema: 'investment', name: 'committee_votes' })
export class CommitteeVoteEntity extends TenantOwnedEntity {
  @Column({ name: 'deal_id', type: 'uuid' }) dealId!: string;
  /** The member's staff user id. */
  @Column({ type: 'uuid' }) voter!: string;
  @Column({ type: 'text' }) vote!: Vote;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column({ name: 'voted_at', type: 'timestamptz' }) votedAt!: Date;
}
