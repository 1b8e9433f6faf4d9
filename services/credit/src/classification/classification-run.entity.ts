import { TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';

/** One run per center and day; its figures are answered again for the same day. */
@Entity({ schema: 'credit', name: 'classification_runs' })
export class ClassificationRunEntity extends TenantOwnedEntity {
  @Column({ name: 'as_of', type: 'date' }) asOf!: string;
  @Column({ type: 'jsonb' }) result!: Record<string, unknown>;
  @Column({ name: 'run_by', type: 'text' }) runBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
