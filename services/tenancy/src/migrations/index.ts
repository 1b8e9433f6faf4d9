import { TenancySchema1764115300000 } from './1764115300000-tenancy-schema';
import { SessionsAndSmePartners1764300100000 } from './1764300100000-sessions-and-sme-partners';
import { PolicyLeavesTenancy1764300400000 } from './1764300400000-policy-leaves-tenancy';
import { KnownRolesOnly1764300500000 } from './1764300500000-known-roles-only';
import { CenterStats1796290000000 } from './1796290000000-center-stats';

/**
 * The tenancy schema's history, oldest first. A migration is never edited once it has run
 * somewhere: a change is a new one. The values its CHECKs allow are held to the vocabulary of
 * @tf/contracts by test/schema.integration.spec.ts.
 */
export const migrations = [
  TenancySchema1764115300000,
  SessionsAndSmePartners1764300100000,
  PolicyLeavesTenancy1764300400000,
  KnownRolesOnly1764300500000,
  CenterStats1796290000000,
];
