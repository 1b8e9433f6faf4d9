import { TenantOwnedEntity } from '@tf/platform';
import { Column, CreateDateColumn, Entity } from 'typeorm';

@Entity({ schema: 'tenancy', name: 'api_keys' })
export class ApiKeyEntity extends TenantOwnedEntity {
  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @Column({ type: 'text' })
  prefix!: string;

  @Column({ name: 'key_hash', type: 'text' })
  keyHash!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
