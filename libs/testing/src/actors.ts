import { newId, type Actor, type RequestContext } from '@tf/platform';
import type { Role } from '@tf/contracts/vocabulary';

/**
 * Who calls a service in a test that talks to it over NATS with no gateway in front: the context
 * the gateway would have put in the headers, for a staff user or a partner's API key.
 */
export const actingAs = (tenant: string, actor: Actor): RequestContext => ({
  requestId: newId(),
  tenant,
  actor,
});

/** A staff user of a center with one role. */
export const staffActor = (role: Role, id = newId()): Actor => ({
  kind: 'user',
  id,
  roles: [role],
});

/** A partner's API key: `bank`, `fund`, `university`, `enterprise`..., with its scopes. */
export const partnerActor = (partnerKind: string, scopes: string[], id = newId()): Actor => ({
  kind: 'partner',
  id,
  apiKeyId: newId(),
  partnerKind,
  scopes,
});
