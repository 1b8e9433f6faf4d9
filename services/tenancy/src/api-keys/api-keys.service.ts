import { Injectable } from '@nestjs/common';
import { TenancyErrors, TenancyEvents, type tenancy } from '@tf/contracts';
import {
  newId,
  CommonErrors,
  DomainError,
  notFound,
  TenantRepository,
  type HandlerContext,
  type TenantHandlerContext,
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

  async issue(
    ctx: TenantHandlerContext,
    partnerId: string,
  ): Promise<{ apiKey: ApiKeyEntity; key: string }> {
    const partner = await this.partners.get(ctx, partnerId);
    const secret = generateApiKey();
    const apiKey = await this.repo(ctx).insert({
      id: newId(),
      partnerId: partner.id,
      prefix: secret.prefix,
      keyHash: secret.hash,
      scopes: [...SCOPES_BY_KIND[partner.kind]],
      createdAt: new Date(),
      revokedAt: null,
    });
    return { apiKey, key: secret.key };
  }

  async revoke(ctx: TenantHandlerContext, id: string): Promise<ApiKeyEntity> {
    const repo = this.repo(ctx);
    const apiKey = await repo.findByIdForUpdate(id);
    if (!apiKey) throw notFound(TenancyErrors.API_KEY_NOT_FOUND, `API key ${id}`);
    if (!apiKey.revokedAt) {
      apiKey.revokedAt = new Date();
      await repo.update(id, { revokedAt: apiKey.revokedAt });
      await ctx.emit(TenancyEvents.apiKeyRevoked, { apiKeyId: id, prefix: apiKey.prefix });
    }
    return apiKey;
  }

  /** Before any tenant is known: finds the key by its clear prefix, then compares hashes in constant time. */
  async authenticate(ctx: HandlerContext, key: string): Promise<tenancy.ApiKeyPrincipal> {
    const rows: ApiKeyAuthRow[] = await ctx.manager.query(
      'SELECT * FROM tenancy.api_key_for_auth($1)',
      [apiKeyPrefix(key)],
    );
    const row = rows.find((r) => apiKeyMatches(key, r.key_hash));
    if (!row || row.revoked_at)
      throw new DomainError(
        CommonErrors.INVALID_API_KEY,
        'the API key is not valid or has been revoked',
      );
    return {
      $typeName: 'tf.tenancy.v1.ApiKeyPrincipal',
      apiKeyId: row.id,
      tenant: row.tenant_id,
      partnerId: row.partner_id,
      partnerKind: row.partner_kind,
      scopes: row.scopes,
      ...(row.enterprise_id ? { enterpriseId: row.enterprise_id } : {}),
    };
  }

  private repo(ctx: TenantHandlerContext) {
    return new TenantRepository(ctx.manager, ctx.tenant, ApiKeyEntity);
  }
}

export function apiKeyToMessage(k: ApiKeyEntity): tenancy.ApiKey {
  return {
    $typeName: 'tf.tenancy.v1.ApiKey',
    id: k.id,
    partnerId: k.partnerId,
    prefix: k.prefix,
    scopes: k.scopes,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt ? k.revokedAt.toISOString() : '',
  };
}
