import { defineErrors } from '@tf/core';

/** What the tenancy service refuses, and how a client sees it. */
export const TenancyErrors = defineErrors({
  ENTERPRISE_NOT_FOUND: { status: 404 },
  PARTNER_NOT_FOUND: { status: 404 },
  API_KEY_NOT_FOUND: { status: 404 },
  USER_NOT_FOUND: { status: 404 },
  INVALID_CREDIT_CODE: { status: 400 },
  ENTERPRISE_CREDIT_CODE_TAKEN: { status: 409 },
  USERNAME_UNAVAILABLE: { status: 409 },
  TENANT_EXISTS: { status: 409 },
  INVALID_CREDENTIALS: { status: 401 },
  LOGIN_LOCKED: { status: 429 },
});
