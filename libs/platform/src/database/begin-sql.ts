/**
 * BEGIN and the transaction's center as one simple-protocol statement: one round trip instead of
 * two. Reads are REPEATABLE READ READ ONLY: one snapshot for all their statements, so a guarantee
 * and its claim read by two statements are never either side of a commit. app.tenant_id is set
 * locally (it ends with the transaction), and to '' when there is no center, so no row of any
 * center is visible.
 *
 * `tenantLiteral` is the center's code already quoted as an SQL literal (pg's `escapeLiteral`).
 * Kept apart from TenantDatabase, with no imports, so the bench's raw baseline opens its
 * transactions with this very text.
 */
export function beginSql(tenantLiteral: string, readOnly: boolean): string {
  return (
    `BEGIN${readOnly ? ' ISOLATION LEVEL REPEATABLE READ READ ONLY' : ''}; ` +
    `SELECT set_config('app.tenant_id', ${tenantLiteral}, true)`
  );
}
