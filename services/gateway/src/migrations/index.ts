import { GatewaySchema1764115400000 } from './1764115400000-gateway-schema';

/** The gateway schema's history (stored idempotent responses), oldest first. */
export const migrations = [GatewaySchema1764115400000];
