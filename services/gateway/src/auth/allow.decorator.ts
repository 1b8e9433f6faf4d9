import { SetMetadata } from '@nestjs/common';
import type { Role } from '@tf/contracts';

/**
 * Who may call a route: staff with one of `roles`, partner keys with one of `scopes`. A route
 * without scopes is closed to API keys. A platform admin is a role like the others: it is listed
 * where it may act (administering centers, partners, keys and users, and reading), never on a
 * business decision of a center (approvals, committee votes, settlement). `tenant: 'optional'`
 * lets a platform admin call a route without naming a center (platform-level routes).
 */
export interface AccessRule {
  roles: readonly Role[];
  scopes?: readonly string[];
  tenant?: 'required' | 'optional';
}

export const ACCESS_RULE = 'tf:access-rule';

export const Allow = (rule: AccessRule) => SetMetadata(ACCESS_RULE, rule);

/** Reading is open to all staff, auditors and the platform admin included. */
export const READERS: readonly Role[] = ['platform-admin', 'center-admin', 'analyst', 'auditor'];

/** Administering a center (partners, keys, users, policy): its admin, or the platform admin. */
export const ADMINISTRATORS: readonly Role[] = ['platform-admin', 'center-admin'];
