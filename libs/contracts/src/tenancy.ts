import { EmptySchema } from '@bufbuild/protobuf/wkt';
import * as t from './gen/tf/tenancy/v1/tenancy_pb';
import { event, rpc } from './contract';

/** Partner kinds (API.md): the kind sets what a partner's API keys may do. */
export const PARTNER_KINDS = [
  'bank',
  'guarantor',
  'fund',
  'broker',
  'university',
  'enterprise',
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** The tenancy service's operations (API.md "Auth and tenancy"). */
export const TenancyRpc = {
  listTenants: rpc(
    'tf.tenancy.tenant.list',
    t.ListTenantsRequestSchema,
    t.ListTenantsResponseSchema,
    'platform',
  ),
  getTenant: rpc('tf.tenancy.tenant.get', t.GetTenantRequestSchema, t.TenantSchema, 'platform'),
  createTenant: rpc(
    'tf.tenancy.tenant.create',
    t.CreateTenantRequestSchema,
    t.TenantSchema,
    'platform',
  ),
  updatePolicy: rpc(
    'tf.tenancy.policy.update',
    t.UpdatePolicyRequestSchema,
    t.TenantSchema,
    'platform',
  ),

  createPartner: rpc('tf.tenancy.partner.create', t.CreatePartnerRequestSchema, t.PartnerSchema),
  getPartner: rpc('tf.tenancy.partner.get', t.GetPartnerRequestSchema, t.PartnerSchema),
  listPartners: rpc(
    'tf.tenancy.partner.list',
    t.ListPartnersRequestSchema,
    t.ListPartnersResponseSchema,
  ),

  issueApiKey: rpc(
    'tf.tenancy.api-key.issue',
    t.IssueApiKeyRequestSchema,
    t.IssueApiKeyResponseSchema,
  ),
  revokeApiKey: rpc('tf.tenancy.api-key.revoke', t.RevokeApiKeyRequestSchema, t.ApiKeySchema),
  authenticateApiKey: rpc(
    'tf.tenancy.api-key.authenticate',
    t.AuthenticateApiKeyRequestSchema,
    t.ApiKeyPrincipalSchema,
    'platform',
  ),

  createUser: rpc('tf.tenancy.user.create', t.CreateUserRequestSchema, t.UserSchema),
  getUser: rpc('tf.tenancy.user.get', t.GetUserRequestSchema, t.UserSchema),
  verifyPassword: rpc(
    'tf.tenancy.user.verify-password',
    t.VerifyPasswordRequestSchema,
    t.UserSchema,
    'platform',
  ),

  createEnterprise: rpc(
    'tf.tenancy.enterprise.create',
    t.CreateEnterpriseRequestSchema,
    t.EnterpriseSchema,
  ),
  getEnterprise: rpc('tf.tenancy.enterprise.get', t.GetEnterpriseRequestSchema, t.EnterpriseSchema),
  listEnterprises: rpc(
    'tf.tenancy.enterprise.list',
    t.ListEnterprisesRequestSchema,
    t.ListEnterprisesResponseSchema,
  ),
} as const;

export const TenancyEvents = {
  enterpriseRegistered: event('tenancy', 'enterprise-registered', t.EnterpriseRegisteredSchema),
  apiKeyRevoked: event('tenancy', 'api-key-revoked', t.ApiKeyRevokedSchema),
} as const;

export { EmptySchema };
