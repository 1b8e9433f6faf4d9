import type { PartnerKind } from '@tf/contracts';

/**
 * Scopes name an action on a resource. A bank may submit valuation and guarantee requests and loan
 * applications, read its own loans and repay; no partner may approve anything (staff do that).
 */
export const SCOPES_BY_KIND: Record<PartnerKind, readonly string[]> = {
  bank: [
    'enterprises:read',
    'enterprises:write',
    'valuations:request',
    'valuations:read',
    'guarantees:request',
    'guarantees:read',
    'loans:apply',
    'loans:read',
    'loans:repay',
    'listings:read',
    'listings:bid',
  ],
  guarantor: ['enterprises:read', 'valuations:read', 'guarantees:read', 'listings:read'],
  fund: ['enterprises:read', 'valuations:read', 'deals:read', 'listings:read', 'listings:bid'],
  broker: [
    'enterprises:read',
    'valuations:read',
    'listings:read',
    'listings:write',
    'listings:bid',
  ],
  university: [
    'enterprises:read',
    'valuations:request',
    'valuations:read',
    'listings:read',
    'listings:write',
  ],
  enterprise: [
    'enterprises:read',
    'valuations:request',
    'valuations:read',
    'listings:read',
    'listings:write',
    'listings:bid',
  ],
};
