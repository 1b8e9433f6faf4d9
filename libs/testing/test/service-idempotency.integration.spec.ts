import { Controller, Module, type DynamicModule } from '@nestjs/common';
import { command, query, tenancy } from '@tf/contracts';
import {
  defineErrors,
  defineService,
  DomainError,
  loadConfig,
  newId,
  PlatformConfig,
  PlatformModule,
  RpcHandler,
  ServiceClient,
  tenantIsolationSql,
  withDatabase,
  type RequestContext,
  type HandlerContext,
} from '@tf/platform';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TestStack } from '../src/test-stack';

/*
 * Issue 6, finding 3: a 503 after the caller's timeout can mean the write happened. A probe
 * service whose command takes as long as it is told (`kind` = milliseconds) shows that a retry
 * with the same Idempotency-Key gets the first reply and writes nothing more, whether the first
 * attempt committed after the caller gave up or is still running.
 */
class IdemProbeConfig extends PlatformConfig {
  override SERVICE_NAME = 'idemprobe';
}

class IdemProbeNotes1764300900000 implements MigrationInterface {
  name = 'IdemProbeNotes1764300900000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE idemprobe.notes (id uuid PRIMARY KEY, tenant_id text NOT NULL, body text NOT NULL)`,
    );
    for (const statement of tenantIsolationSql('idemprobe.notes')) await q.query(statement);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idemprobe.notes');
  }
}

const CreateNote = command(
  'tf.idemprobe.note.create',
  tenancy.CreatePartnerRequestSchema,
  tenancy.PartnerSchema,
);
const CountNotes = query(
  'tf.idemprobe.note.count',
  tenancy.GetPartnerRequestSchema,
  tenancy.PartnerSchema,
);

/** Answers a name of `id` characters: a reply as large as the test asks. */
const BigNote = query(
  'tf.idemprobe.note.big',
  tenancy.GetPartnerRequestSchema,
  tenancy.PartnerSchema,
);

const ProbeErrors = defineErrors({ PROBE_REFUSED: { status: 422 } });

let failuresLeft = 0;

@Controller()
class NotesController {
  @RpcHandler(CreateNote)
  create(request: tenancy.CreatePartnerRequest, ctx: HandlerContext) {
    return ctx.unitOfWork(async (tx) => {
      const id = newId();
      await tx.sql('INSERT INTO idemprobe.notes (id, tenant_id, body) VALUES ($1, $2, $3)', [
        id,
        tx.tenant,
        request.name,
      ]);
      // Commits only after this long: after the impatient caller has given up.
      await new Promise((resolve) => setTimeout(resolve, Number(request.kind) || 0));
      if (request.name.startsWith('fail') && failuresLeft-- > 0) {
        throw new DomainError(ProbeErrors.PROBE_REFUSED, 'refused once, on purpose');
      }
      return { id, tenant: tx.tenant, name: request.name, kind: request.kind };
    });
  }

  @RpcHandler(BigNote)
  async big(request: tenancy.GetPartnerRequest, ctx: HandlerContext) {
    return { id: '', tenant: ctx.tenant, name: 'x'.repeat(Number(request.id)), kind: '' };
  }

  @RpcHandler(CountNotes)
  count(_request: unknown, ctx: HandlerContext) {
    return ctx.read(async (tx) => {
      const rows = await tx.sql<{ n: number }>('SELECT count(*)::int AS n FROM idemprobe.notes');
      return { id: '', tenant: tx.tenant, name: String(rows[0]?.n ?? 0), kind: '' };
    });
  }
}

@Module({})
class IdemProbeModule {
  static forRoot(config: IdemProbeConfig): DynamicModule {
    return {
      module: IdemProbeModule,
      imports: [
        PlatformModule.forService({
          config,
          schema: 'idemprobe',
          entities: [],
          migrations: [IdemProbeNotes1764300900000],
        }),
      ],
      controllers: [NotesController],
    };
  }
}

const idemProbe = defineService({
  name: 'idemprobe',
  config: IdemProbeConfig,
  module: (config) => IdemProbeModule.forRoot(config),
});

const asBank = (idempotencyKey?: string, apiKeyId = 'key-of-qilu'): RequestContext => ({
  requestId: newId(),
  tenant: 'jinan',
  actor: { kind: 'partner', id: 'qilu', apiKeyId, partnerKind: 'bank', scopes: [] },
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

describe('commands with an Idempotency-Key, recorded by the service that handles them', () => {
  const TIMEOUT_MS = 300;
  let stack: TestStack;
  let impatient: ServiceClient;
  let patient: ServiceClient;
  let db: Client;

  beforeAll(async () => {
    stack = await TestStack.start('idempotency');
    await stack.startService(idemProbe);
    impatient = new ServiceClient(
      loadConfig(PlatformConfig, stack.env({ NATS_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) })),
    );
    patient = new ServiceClient(
      loadConfig(PlatformConfig, stack.env({ NATS_REQUEST_TIMEOUT_MS: '10000' })),
    );
    db = new Client({ connectionString: withDatabase(stack.db.adminUrl, stack.db.name) });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await impatient?.onApplicationShutdown();
    await patient?.onApplicationShutdown();
    await stack?.stop();
  });

  const notes = async (body: string) =>
    (await db.query('SELECT count(*)::int AS n FROM idemprobe.notes WHERE body = $1', [body]))
      .rows[0].n as number;

  async function until(what: string, probe: () => Promise<boolean>, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('a command that commits after the caller timed out: the retry gets its reply, one row', async () => {
    const slow = { name: 'after-timeout', kind: String(TIMEOUT_MS * 3) };
    const first = await impatient
      .request(CreateNote, slow, asBank('key-after-timeout'))
      .catch((e) => e);
    expect(first).toBeInstanceOf(DomainError);
    expect((first as DomainError).status).toBe(503);
    await until('the slow attempt to commit', async () => (await notes('after-timeout')) === 1);

    const retry = await patient.request(CreateNote, slow, asBank('key-after-timeout'));
    expect(retry.name).toBe('after-timeout');
    expect(await notes('after-timeout')).toBe(1);
    const again = await patient.request(CreateNote, slow, asBank('key-after-timeout'));
    expect(again.id).toBe(retry.id);
  });

  it('a retry while the first attempt still runs waits for it and gets the same reply', async () => {
    const body = { name: 'concurrent', kind: '600' };
    const first = patient.request(CreateNote, body, asBank('key-concurrent'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = patient.request(CreateNote, body, asBank('key-concurrent'));
    const [a, b] = await Promise.all([first, second]);
    expect(b.id).toBe(a.id);
    expect(await notes('concurrent')).toBe(1);
  });

  it('the same key with another request is 409, and writes nothing', async () => {
    await patient.request(CreateNote, { name: 'reused', kind: '0' }, asBank('key-reused'));
    const other = await patient
      .request(CreateNote, { name: 'reused-other', kind: '0' }, asBank('key-reused'))
      .catch((e) => e);
    expect([other.status, other.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await notes('reused-other')).toBe(0);
  });

  it('keys are per client, and a command without a key runs every time', async () => {
    const body = { name: 'per-client', kind: '0' };
    const one = await patient.request(CreateNote, body, asBank('shared-key', 'key-one'));
    const two = await patient.request(CreateNote, body, asBank('shared-key', 'key-two'));
    expect(two.id).not.toBe(one.id);
    await patient.request(CreateNote, body, asBank());
    await patient.request(CreateNote, body, asBank());
    expect(await notes('per-client')).toBe(4);
  });

  it('a command that failed left no key behind: its retry runs', async () => {
    failuresLeft = 1;
    const body = { name: 'fail-then-succeed', kind: '0' };
    const failed = await patient.request(CreateNote, body, asBank('key-fail')).catch((e) => e);
    expect(failed.status).toBe(422);
    expect(await notes('fail-then-succeed')).toBe(0);
    const retried = await patient.request(CreateNote, body, asBank('key-fail'));
    expect(retried.name).toBe('fail-then-succeed');
    expect(await notes('fail-then-succeed')).toBe(1);
  });

  it('a query carries no key: nothing is recorded for it', async () => {
    await patient.request(CountNotes, { id: '' }, asBank('key-on-a-query'));
    const recorded = await db.query(
      `SELECT count(*)::int AS n FROM idemprobe.idempotent_commands WHERE key = 'key-on-a-query'`,
    );
    expect(recorded.rows[0].n).toBe(0);
    const commands = await db.query(
      `SELECT count(*)::int AS n FROM idemprobe.idempotent_commands WHERE reply IS NULL`,
    );
    expect(commands.rows[0].n).toBe(0);
  });

  it('a reply larger than NATS carries is a 422 telling the caller to ask for less, and the service stays up', async () => {
    const error = await patient.request(BigNote, { id: String(2 * 1024 * 1024) }, asBank()).then(
      () => null,
      (e: unknown) => e as DomainError,
    );
    expect(error?.code).toBe('REPLY_TOO_LARGE');
    expect(error?.message).toMatch(/ask for fewer items/);
    const small = await patient.request(BigNote, { id: '10' }, asBank());
    expect(small.name).toBe('x'.repeat(10));
  });
});
