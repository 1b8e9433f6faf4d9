import { Injectable } from '@nestjs/common';
import { TenancyErrors, TenancyEvents, tenancy } from '@tf/contracts';
import {
  CommonErrors,
  DomainError,
  messageOf,
  newId,
  notFound,
  type PlatformReads,
  type TenantWrites,
} from '@tf/platform';
import { PartnersService } from '../partners/partners.service';
import { SCOPES_BY_KIND } from '../partners/partner-kinds';
import { apiKeyMatches, apiKeyPrefix, generateApiKey } from './api-key-secret';
import { ApiKeyEntity } from './api-key.entity';

interface ApiKeyAuthRow {
  id: string;
  tenant_id: string;
  partner_id: string;
  partner_kind: string;
  scopes: string[];
  key_hash: string;
  revoked_at: Date | null;
  enterprise_id: string | null;
}

@Injectable()
export class ApiKeysService {
  constructor(private readonly partners: PartnersService) {}

  /** A new key for a partner of this center, with its kind's scopes; the secret is in this answer only. */
  async issue(tx: TenantWrites, partnerId: string): Promise<tenancy.IssueApiKeyResponse> {
    const partner = await this.partners.find(tx, partnerId);
    const secret = generateApiKey();
    const apiKey = await tx.rows(ApiKeyEntity).insert({
      id: newId(),
      partnerId: partner.id,
      prefix: secret.prefix,
      keyHash: secret.hash,
      scopes: [...SCOPES_BY_KIND[partner.kind]],
      createdAt: new Date(),
      revokedAt: null,
    });
    return messageOf(tenancy.IssueApiKeyResponseSchema, { apiKey, key: secret.key });
  }

  async revoke(tx: TenantWrites, id: string): Promise<tenancy.ApiKey> {
    const keys = tx.rows(ApiKeyEntity);
    const apiKey = await keys.findByIdForUpdate(id);
    if (!apiKey) throw notFound(TenancyErrors.API_KEY_NOT_FOUND, `API key ${id}`);
    if (!apiKey.revokedAt) {
      apiKey.revokedAt = new Date();
      await keys.update(id, { revokedAt: apiKey.revokedAt });
      await tx.emit(TenancyEvents.apiKeyRevoked, { apiKeyId: id, prefix: apiKey.prefix });
    }
    return messageOf(tenancy.ApiKeySchema, apiKey);
  }

  /** Before any tenant is known: finds the key by its clear prefix, then compares hashes in constant time. */
  async authenticate(tx: PlatformReads, key: string): Promise<tenancy.ApiKeyPrincipal> {
    const rows = await tx.sql<ApiKeyAuthRow>('SELECT * FROM tenancy.api_key_for_auth($1)', [
      apiKeyPrefix(key),
    ]);
    const row = rows.find((r) => apiKeyMatches(key, r.key_hash));
    if (!row || row.revoked_at) {
      throw new DomainError(
        CommonErrors.INVALID_API_KEY,
        'the API key is not valid or has been revoked',
      );
    }
    return messageOf(tenancy.ApiKeyPrincipalSchema, {
      apiKeyId: row.id,
      tenant: row.tenant_id,
      partnerId: row.partner_id,
      partnerKind: row.partner_kind,
      scopes: row.scopes,
      enterpriseId: row.enterprise_id,
    });
  }
}
