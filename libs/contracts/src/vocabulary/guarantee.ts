import { defineErrors } from '@tf/core';

/** What the guarantee service refuses, and how a client sees it. */
export const GuaranteeErrors = defineErrors({
  GUARANTEE_NOT_FOUND: { status: 404 },
});
