/**
 * Who may call what (issue 14): every route of the gateway × every kind of caller → the status
 * the caller must get. Written out by hand from API.md, DOMAIN.md and docs/security.md, never
 * computed from the @Allow decorators, so that a wrong decorator (or a service that forgets to
 * scope a row) shows up as a mismatch in authorization-matrix.e2e-spec.ts.
 *
 * The target of a path id is a real object of the Jinan center whose bank is bank A ("ownBank"):
 * its enterprise, its valuation, its guarantee, its loan; bank A's offer and trade deal on a
 * listing the enterprise's own key ("sme") made. Reading the rules of the table:
 * - 401: no credentials, or a revoked key.
 * - 403: the caller's role or key scope does not allow the route, whatever the object.
 * - 404: allowed in principle, but the object is not the caller's: another center's id, or a
 *   rival bank's row (a bank sees what it asked for). Never 403 for another center's object.
 * - 2xx or a business status (409, 422): past the guard. A business status is written only where
 *   the caller is allowed but the object's state or role in the deal says no; each has a comment.
 */

export const CALLERS = [
  /** No credentials at all. */
  'none',
  /** A Jinan bank's key, revoked by its center admin. */
  'revoked',
  /** Bank A of Jinan: the bank that owns the target objects. */
  'ownBank',
  /** Bank B, another bank of the same center. */
  'otherBank',
  /** A bank of Liaocheng. */
  'otherCenterBank',
  /** The key of the Jinan enterprise the objects are about (partner kind "enterprise"). */
  'sme',
  /** Staff of Jinan. */
  'analyst',
  'auditor',
  /** The center admin of Liaocheng. */
  'otherCenterAdmin',
  /** The center admin of Jinan. */
  'centerAdmin',
  /** The platform admin, naming Jinan with X-Tenant-Id. */
  'platformAdmin',
] as const;

export type Caller = (typeof CALLERS)[number];
export type Expectations = Readonly<Record<Caller, number>>;

/** Routes the gateway serves outside its OpenAPI document (the orchestrators' liveness probe). */
export const UNDOCUMENTED_ROUTES = ['GET /health/live'] as const;

// prettier-ignore
export const MATRIX: Readonly<Record<string, Expectations>> = {
  // Public: credentials, good or revoked, change nothing.
  'GET /health/live':                                      { none: 200, revoked: 200, ownBank: 200, otherBank: 200, otherCenterBank: 200, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/auth/token':                               { none: 200, revoked: 200, ownBank: 200, otherBank: 200, otherCenterBank: 200, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  // Staff only: a key has no session to end.
  'POST /api/v1/auth/logout':                              { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 204, auditor: 204, otherCenterAdmin: 204, centerAdmin: 204, platformAdmin: 204 },

  // Tenancy. Every caller sees its own center (a key through enterprises:read); only the platform admin makes centers.
  'GET /api/v1/tenants':                                   { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 200, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/tenants':                                  { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 201 },
  'GET /api/v1/tenants/{code}/policy':                     { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'PATCH /api/v1/tenants/{code}/policy':                   { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  // Partners, keys and users: administered by a center's admin (another center's admin acts in its own) or the platform admin.
  'POST /api/v1/partners':                                 { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 201, centerAdmin: 201, platformAdmin: 201 },
  'GET /api/v1/partners':                                  { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/partners/{id}':                             { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/partners/{id}/api-keys':                   { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 404, centerAdmin: 201, platformAdmin: 201 },
  'DELETE /api/v1/api-keys/{id}':                          { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/users':                                    { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 201, centerAdmin: 201, platformAdmin: 201 },
  'GET /api/v1/users':                                     { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/users/{id}/disable':                       { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/stats':                                     { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },

  // Operations: the platform admin's alone. No letter is parked in this network, so its replays are
  // 404 "no such letter": past the guard, which is what the row proves.
  'GET /api/v1/ops/dead-letters':                          { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 200 },
  'POST /api/v1/ops/dead-letters/{id}/replay':             { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 404 },
  'POST /api/v1/ops/dead-letters/{service}/{id}/replay':   { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 404 },

  // The audit trail: a center's auditors and admins read their own center's (Liaocheng's admin its own); never a key.
  'GET /api/v1/audit':                                     { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },

  // Enterprises are the center's: every bank of Jinan reads them; the SME reads its own; another center 404.
  'POST /api/v1/enterprises':                              { none: 401, revoked: 401, ownBank: 201, otherBank: 201, otherCenterBank: 201, sme: 403, analyst: 201, auditor: 403, otherCenterAdmin: 201, centerAdmin: 201, platformAdmin: 403 },
  'GET /api/v1/enterprises':                               { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 200, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/enterprises/{id}':                          { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 404, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/enterprises/{id}/overview':                 { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 404, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },

  // Valuation: a partner sees the valuations it asked for (bank A's is 404 to bank B and to the SME); analysts decide.
  'POST /api/v1/valuations':                               { none: 401, revoked: 401, ownBank: 201, otherBank: 201, otherCenterBank: 404, sme: 201, analyst: 201, auditor: 403, otherCenterAdmin: 404, centerAdmin: 201, platformAdmin: 403 },
  'GET /api/v1/valuations':                                { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 200, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/valuations/{id}':                           { none: 401, revoked: 401, ownBank: 200, otherBank: 404, otherCenterBank: 404, sme: 404, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/valuations/{id}/report':                    { none: 401, revoked: 401, ownBank: 200, otherBank: 404, otherCenterBank: 404, sme: 404, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/valuations/{id}/approve':                  { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'POST /api/v1/valuations/{id}/reject':                   { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },

  // Guarantee: banks ask, a bank sees its own, the SME's key has no guarantee scope; analysts decide.
  'POST /api/v1/guarantees':                               { none: 401, revoked: 401, ownBank: 201, otherBank: 201, otherCenterBank: 404, sme: 403, analyst: 201, auditor: 403, otherCenterAdmin: 404, centerAdmin: 201, platformAdmin: 403 },
  'GET /api/v1/guarantees/{id}':                           { none: 401, revoked: 401, ownBank: 200, otherBank: 404, otherCenterBank: 404, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/guarantees/{id}/approve':                  { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'POST /api/v1/guarantees/{id}/decline':                  { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'GET /api/v1/guarantee-capacity':                        { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 200, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'PATCH /api/v1/guarantee-institution':                   { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },

  // Credit: a bank lends and sees its own loans (bank B and Liaocheng 404); the SME's key has no loan scope.
  'GET /api/v1/loan-products':                             { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 200, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/loan-applications':                        { none: 401, revoked: 401, ownBank: 201, otherBank: 201, otherCenterBank: 404, sme: 403, analyst: 201, auditor: 403, otherCenterAdmin: 404, centerAdmin: 201, platformAdmin: 403 },
  'GET /api/v1/loan-applications/{id}':                    { none: 401, revoked: 401, ownBank: 200, otherBank: 404, otherCenterBank: 404, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/loans':                                     { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 200, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/loans/{id}':                                { none: 401, revoked: 401, ownBank: 200, otherBank: 404, otherCenterBank: 404, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/loans/{id}/schedule':                       { none: 401, revoked: 401, ownBank: 200, otherBank: 404, otherCenterBank: 404, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/loans/{id}/disbursements':                 { none: 401, revoked: 401, ownBank: 200, otherBank: 404, otherCenterBank: 404, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 403 },
  'POST /api/v1/loans/{id}/repayments':                    { none: 401, revoked: 401, ownBank: 201, otherBank: 404, otherCenterBank: 404, sme: 403, analyst: 201, auditor: 403, otherCenterAdmin: 404, centerAdmin: 201, platformAdmin: 403 },
  'POST /api/v1/credit/classification-runs':               { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'GET /api/v1/credit/portfolio':                          { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 200, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },

  // Investment: the center's fund, read by staff (and fund managers' keys, not callers here), run by its admin and analysts.
  'POST /api/v1/funds':                                    { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 201, centerAdmin: 201, platformAdmin: 403 },
  'GET /api/v1/funds':                                     { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/funds/{id}':                                { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/funds/{id}/limited-partners':              { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 404, centerAdmin: 201, platformAdmin: 403 },
  'GET /api/v1/funds/{id}/limited-partners':               { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/funds/{id}/flows':                         { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 403, auditor: 403, otherCenterAdmin: 404, centerAdmin: 201, platformAdmin: 403 },
  'GET /api/v1/funds/{id}/metrics':                        { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/deals':                                    { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 201, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'GET /api/v1/deals':                                     { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/deals/{id}':                                { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/deals/{id}/stage':                         { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  // Jinan's analyst and center admin sit on the fund's committee; Liaocheng's admin does not see the deal.
  'POST /api/v1/deals/{id}/votes':                         { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 201, auditor: 403, otherCenterAdmin: 404, centerAdmin: 201, platformAdmin: 403 },
  'POST /api/v1/deals/{id}/close':                         { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 201, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'GET /api/v1/investments':                               { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/investments/{id}':                          { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/investments/{id}/follow-ons':              { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 201, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'POST /api/v1/investments/{id}/marks':                   { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 201, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'POST /api/v1/investments/{id}/exits':                   { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 201, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },

  // Trading: the SME lists its own patents (banks have no listings:write); any partner key of the center bids or
  // offers, never the seller (422 seller-cannot-buy, past the guard); staff run the market and do not buy.
  'POST /api/v1/listings':                                 { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 201, analyst: 201, auditor: 403, otherCenterAdmin: 404, centerAdmin: 201, platformAdmin: 403 },
  'GET /api/v1/listings':                                  { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 200, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  'GET /api/v1/listings/{id}':                             { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 404, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/listings/{id}/publish':                    { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'POST /api/v1/listings/{id}/reject':                     { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'POST /api/v1/listings/{id}/withdraw':                   { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 200, analyst: 200, auditor: 403, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 403 },
  'PUT /api/v1/listings/{id}/shares':                      { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 403 },
  'POST /api/v1/listings/{id}/close':                      { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'POST /api/v1/listings/{id}/bids':                       { none: 401, revoked: 401, ownBank: 201, otherBank: 201, otherCenterBank: 404, sme: 422, analyst: 403, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'GET /api/v1/listings/{id}/bids':                        { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 404, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/listings/{id}/offers':                     { none: 401, revoked: 401, ownBank: 201, otherBank: 201, otherCenterBank: 404, sme: 422, analyst: 403, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
  'GET /api/v1/listings/{id}/offers':                      { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 404, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  // Bank A's open offer waits for the seller's side (the SME, or Jinan's staff for it): bank A itself may only
  // answer a counter-offer, so its own open offer is 409 offer-not-open; bank B does not see the offer (404).
  'POST /api/v1/offers/{offerId}/accept':                  { none: 401, revoked: 401, ownBank: 409, otherBank: 404, otherCenterBank: 404, sme: 200, analyst: 200, auditor: 403, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 403 },
  'POST /api/v1/offers/{offerId}/decline':                 { none: 401, revoked: 401, ownBank: 409, otherBank: 404, otherCenterBank: 404, sme: 200, analyst: 200, auditor: 403, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 403 },
  'POST /api/v1/offers/{offerId}/counter':                 { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 200, analyst: 200, auditor: 403, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 403 },
  'GET /api/v1/trade-deals':                               { none: 401, revoked: 401, ownBank: 200, otherBank: 200, otherCenterBank: 200, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 200, centerAdmin: 200, platformAdmin: 200 },
  // Bank A bought, the SME sold: both see the deal; bank B and Liaocheng do not.
  'GET /api/v1/trade-deals/{id}':                          { none: 401, revoked: 401, ownBank: 200, otherBank: 404, otherCenterBank: 404, sme: 200, analyst: 200, auditor: 200, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 200 },
  'POST /api/v1/trade-deals/{id}/settlement':              { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 404, centerAdmin: 200, platformAdmin: 403 },
  'POST /api/v1/trade-deals/{id}/registration':            { none: 401, revoked: 401, ownBank: 403, otherBank: 403, otherCenterBank: 403, sme: 403, analyst: 200, auditor: 403, otherCenterAdmin: 403, centerAdmin: 403, platformAdmin: 403 },
};

/** A refusal that leaves the target untouched: these callers go first on a route. */
export const isRefusal = (status: number) => status === 401 || status === 403 || status === 404;
