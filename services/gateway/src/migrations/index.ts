import { GatewaySchema1764115400000 } from './1764115400000-gateway-schema';
import { AuditLog1796400000000 } from './1796400000000-audit-log';
import { IdempotencyKeyPurge1796500000000 } from './1796500000000-idempotency-key-purge';

/** The gateway schema's history (stored idempotent responses, the audit trail, the keys' purge), oldest first. */
export const migrations = [
  GatewaySchema1764115400000,
  AuditLog1796400000000,
  IdempotencyKeyPurge1796500000000,
];
