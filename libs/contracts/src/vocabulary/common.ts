/** Staff roles (API.md "Authentication and tenants"). */
export const ROLES = ['platform-admin', 'center-admin', 'analyst', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a center gives its own staff; platform-admin is not one of them. */
export const CENTER_ROLES = [
  'center-admin',
  'analyst',
  'auditor',
] as const satisfies readonly Role[];

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

/** A center's code: "jinan", "liaocheng", "beijing" (also the tenant id in every table). */
export const TENANT_CODE = /^[a-z][a-z0-9-]{1,30}$/;

/** A staff username, unique across the platform: "analyst.li". */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,62}$/;
