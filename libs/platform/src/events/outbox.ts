import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { common, eventSubject, type EventContract } from '@tf/contracts';
import { newId } from '@tf/core';
import type { Sql } from '../database/sql';

/** The statement that records an event in a service's outbox. */
export function outboxInsertSql(schema: string): string {
  return `INSERT INTO ${schema}.outbox (id, tenant_id, type, subject, envelope) VALUES ($1, $2, $3, $4, $5)`;
}

/**
 * Records a domain event in the service's outbox table, inside the caller's transaction: the event
 * exists if and only if the change it announces was committed. The relay publishes it later.
 */
export async function recordEvent<P extends DescMessage>(
  sql: Sql,
  where: { schema: string; tenant: string; requestId: string },
  contract: EventContract<P>,
  payload: MessageInitShape<P>,
): Promise<string> {
  const id = newId();
  const envelope = create(common.EventEnvelopeSchema, {
    id,
    type: contract.type,
    tenant: where.tenant,
    source: contract.service,
    occurredAt: new Date().toISOString(),
    requestId: where.requestId,
    payload: toBinary(contract.payload, create(contract.payload, payload)),
  });
  // Sent, not awaited: the row travels with the next statement or the COMMIT (Sql.send).
  sql.send(
    outboxInsertSql(where.schema),
    [
      id,
      where.tenant,
      contract.type,
      eventSubject(where.tenant, contract),
      Buffer.from(toBinary(common.EventEnvelopeSchema, envelope)),
    ],
    { prepared: true },
  );
  sql.eventsRecorded++;
  return id;
}
