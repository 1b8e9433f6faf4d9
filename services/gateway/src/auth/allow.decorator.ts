import { SetMetadata } from '@nestjs/common';
import type { Role } from '@tf/platform';

/**
 * Who may call a route: staff with one of `roles` (a platform admin always may), partner keys
 * with one of `scopes`. A route without scopes is closed to API keys. `tenant: 'optional'` lets
 * a platform admin call it without naming a center (platform-level routes).
 */
export interface AccessRule {
  roles: readonly Role[];
  scopes?: readonly string[];
  tenant?: 'required' | 'optional';
}

export const ACCESS_RULE = 'tf:access-rule';

export const Allow = (rule: AccessRule) => SetMetadata(ACCESS_RULE, rule);

/** Every staff role: reading is open to all of them, auditors included. */
export const ALL_STAFF: readonly Role[] = ['center-admin', 'analyst', 'auditor'];
