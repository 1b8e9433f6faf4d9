import { EmptySchema } from '@bufbuild/protobuf/wkt';
import * as t from './gen/tf/tenancy/v1/tenancy_pb';
import { command, event, query } from './contract';

/** The tenancy service's operations (API.md "Auth and tenancy"). */
export const TenancyRpc = {
  listTenants: query(
    'tf.tenancy.tenant.list',
    t.ListTenantsRequestSchema,
    t.ListTenantsResponseSchema,
    'platform',
  ),
  getTenant: query('tf.tenancy.tenant.get', t.GetTenantRequestSchema, t.TenantSchema, 'platform'),
  createTenant: command(
    'tf.tenancy.tenant.create',
    t.CreateTenantRequestSchema,
    t.TenantSchema,
    'platform',
  ),

  createPartner: command(
    'tf.tenancy.partner.create',
    t.CreatePartnerRequestSchema,
    t.PartnerSchema,
  ),
  getPartner: query('tf.tenancy.partner.get', t.GetPartnerRequestSchema, t.PartnerSchema),
  listPartners: query(
    'tf.tenancy.partner.list',
    t.ListPartnersRequestSchema,
    t.ListPartnersResponseSchema,
  ),

  issueApiKey: command(
    'tf.tenancy.api-key.issue',
    t.IssueApiKeyRequestSchema,
    t.IssueApiKeyResponseSchema,
  ),
  revokeApiKey: command('tf.tenancy.api-key.revoke', t.RevokeApiKeyRequestSchema, t.ApiKeySchema),
  authenticateApiKey: query(
    'tf.tenancy.api-key.authenticate',
    t.AuthenticateApiKeyRequestSchema,
    t.ApiKeyPrincipalSchema,
    'platform',
  ),

  createUser: command('tf.tenancy.user.create', t.CreateUserRequestSchema, t.UserSchema),
  getUser: query('tf.tenancy.user.get', t.GetUserRequestSchema, t.UserSchema),
  listUsers: query('tf.tenancy.user.list', t.ListUsersRequestSchema, t.ListUsersResponseSchema),
  disableUser: command('tf.tenancy.user.disable', t.DisableUserRequestSchema, t.UserSchema),

  /** Login: checks the password (throttled per account) and opens a session. */
  openSession: command(
    'tf.tenancy.session.open',
    t.OpenSessionRequestSchema,
    t.LoginSchema,
    'platform',
  ),
  /** Whether a staff token's session still stands (not logged out, user not disabled). */
  checkSession: query(
    'tf.tenancy.session.check',
    t.SessionRequestSchema,
    t.SessionSchema,
    'platform',
  ),
  closeSession: command(
    'tf.tenancy.session.close',
    t.SessionRequestSchema,
    t.SessionSchema,
    'platform',
  ),

  createEnterprise: command(
    'tf.tenancy.enterprise.create',
    t.CreateEnterpriseRequestSchema,
    t.EnterpriseSchema,
  ),
  getEnterprise: query(
    'tf.tenancy.enterprise.get',
    t.GetEnterpriseRequestSchema,
    t.EnterpriseSchema,
  ),
  listEnterprises: query(
    'tf.tenancy.enterprise.list',
    t.ListEnterprisesRequestSchema,
    t.ListEnterprisesResponseSchema,
  ),
  centerStats: query('tf.tenancy.stats.get', t.GetCenterStatsRequestSchema, t.CenterStatsSchema),
} as const;

export const TenancyEvents = {
  /** Every service that owns a policy section seeds its defaults for the new center. */
  tenantCreated: event('tenancy', 'tenant-created', t.TenantCreatedSchema),
  enterpriseRegistered: event('tenancy', 'enterprise-registered', t.EnterpriseRegisteredSchema),
  apiKeyRevoked: event('tenancy', 'api-key-revoked', t.ApiKeyRevokedSchema),
} as const;

export { EmptySchema };
