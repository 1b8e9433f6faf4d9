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
