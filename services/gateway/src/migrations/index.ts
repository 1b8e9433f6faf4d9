import { GatewaySchema1764115400000 } from './1764115400000-gateway-schema';
import { AuditLog1796400000000 } from './1796400000000-audit-log';

/** The gateway schema's history (stored idempotent responses, the audit trail), oldest first. */
export const migrations = [GatewaySchema1764115400000, AuditLog1796400000000];
