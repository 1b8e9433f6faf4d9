import { Injectable } from '@nestjs/common';
import { encodeCursor, readPageRequest, TenantDatabase } from '@tf/platform';
import { principalOf, requestContext } from '../auth/principal';
import type { HttpRequest } from '../http/http-types';
import { PLATFORM_TENANT, type ActorKind } from './audit-record';
import { AuditTrail } from './audit-trail';
import type { AuditEntryDto, AuditListDto, AuditQuery } from './audit.dto';

/*
 * No center predicate here: row-level security keeps the read to the transaction's center (a
 * center's auditor or admin: theirs; a platform admin: the one named by X-Tenant-Id, or the
 * platform-level rows when none is named). Ids are UUIDv7, so id order is time order.
 */
const LIST_SQL = `SELECT id, tenant_id, occurred_at, actor_kind, actor_id, actor_name, api_key_id,
    actor_roles, method, route, path, target_id, status, problem_type, request_id, client_address,
    duration_ms
  FROM gateway.audit_log
  WHERE ($1::uuid IS NULL OR id < $1::uuid)
    AND ($2::timestamptz IS NULL OR occurred_at >= $2::timestamptz)
    AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz)
    AND ($4::text IS NULL OR actor_id = $4 OR actor_name = $4 OR api_key_id = $4)
    AND ($5::text IS NULL OR method = $5)
    AND ($6::text IS NULL OR route = $6)
    AND ($7::text IS NULL OR target_id = $7)
    AND ($8::int IS NULL OR (status >= $8::int AND status < $8::int + 100))
  ORDER BY id DESC
  LIMIT $9`;

interface Row {
  id: string;
  tenant_id: string;
  occurred_at: Date;
  actor_kind: ActorKind;
  actor_id: string | null;
  actor_name: string | null;
  api_key_id: string | null;
  actor_roles: string[];
  method: string;
  route: string | null;
  path: string;
  target_id: string | null;
  status: number;
  problem_type: string | null;
  request_id: string;
  client_address: string;
  duration_ms: number;
}

/** GET /audit: the trail of the caller's center, newest first, filtered and paged. */
@Injectable()
export class AuditReader {
  constructor(
    private readonly db: TenantDatabase,
    private readonly trail: AuditTrail,
  ) {}

  async list(query: AuditQuery, request: HttpRequest): Promise<AuditListDto> {
    const { limit, after } = readPageRequest(query.toPageRequest());
    const tenant = principalOf(request)?.tenant ?? PLATFORM_TENANT;
    // What this replica still holds is written first: a call it answered is on the page.
    await this.trail.flush();
    const rows = await this.db.read(Object.assign({}, requestContext(request), { tenant }), (tx) =>
      tx.sql<Row>(LIST_SQL, [
        after ?? null,
        query.from ?? null,
        query.to ?? null,
        query.actor ?? null,
        query.method ?? null,
        query.route ?? null,
        query.targetId ?? null,
        query.result ? Number(query.result[0]) * 100 : null,
        limit + 1,
      ]),
    );
    const items = rows.slice(0, limit).map(toDto);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }
}

function toDto(row: Row): AuditEntryDto {
  return {
    id: row.id,
    tenant: row.tenant_id === PLATFORM_TENANT ? null : row.tenant_id,
    occurredAt: row.occurred_at.toISOString(),
    actor: {
      kind: row.actor_kind,
      id: row.actor_id,
      name: row.actor_name,
      apiKeyId: row.api_key_id,
      roles: row.actor_roles,
    },
    method: row.method,
    route: row.route,
    path: row.path,
    targetId: row.target_id,
    status: row.status,
    problemType: row.problem_type,
    requestId: row.request_id,
    clientAddress: row.client_address,
    durationMs: row.duration_ms,
  };
}
