/**
 * The generated NATS users and permissions (deploy/nats/auth.conf, also in k8s/base/nats.yaml),
 * tried on a real nats-server: each service does what its code does, through the platform's own
 * functions (connectNats, ensureEventStream, ensureConsumer, inboxConsumerOf), and is refused
 * what belongs to another service or to the gateway.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreditEvents, EVENTS_STREAM, eventSubject, TradingEvents } from '@tf/contracts';
import {
  connectNats,
  ensureConsumer,
  ensureEventStream,
  inboxConsumerOf,
  type NatsCredentials,
  type ServiceDefinition,
} from '@tf/platform';
import { baseUrl, freePort, TestStack, waitForOurServer } from '@tf/testing';
import { connect, type NatsConnection } from 'nats';
import { parseAllDocuments } from 'yaml';
import { loadNatsProfiles, natsPasswordVariable, type NatsProfile } from './src/nats-permissions';
import { loadServices, renderDeployment, ROOT } from './src/render-deployment';

const BINARY = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find(
  (path) => existsSync(path),
);
const SERVICES = loadServices();
const PROFILES = loadNatsProfiles(
  join(__dirname, '..', '..'),
  SERVICES.map((s) => s.name),
);
const RENDERED = renderDeployment(SERVICES, undefined, PROFILES);
const rendered = (path: string) => RENDERED.find((file) => file.path === path)!.content;
const profile = (user: string) => PROFILES.find((p) => p.user === user)!;
/** A password per service, as the Secret would hold them. */
const PASSWORDS = Object.fromEntries(
  // A letter first: the only passwords nats-server reads back as themselves (PlatformConfig).
  PROFILES.map((p) => [natsPasswordVariable(p.user), `p${randomBytes(18).toString('base64url')}`]),
);
const credentials = (user: string): NatsCredentials => ({
  user,
  pass: PASSWORDS[natsPasswordVariable(user)]!,
});
const DENIED = 'PERMISSIONS_VIOLATION';

/**
 * A nats-server like compose's (deploy/nats/nats.conf): JetStream, and the generated auth.conf
 * with the passwords in its environment; its log kept, to count the refusals it reports.
 */
async function startAuthorizedNats(): Promise<{
  url: string;
  dir: string;
  log: () => string;
  stop: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'tf-nats-auth-'));
  const port = await freePort();
  const name = `tf-test-auth-${randomBytes(6).toString('hex')}`;
  writeFileSync(join(dir, 'auth.conf'), rendered('deploy/nats/auth.conf'));
  writeFileSync(
    join(dir, 'nats.conf'),
    [
      `listen: 127.0.0.1:${port}`,
      `server_name: ${name}`,
      `jetstream { store_dir: ${JSON.stringify(join(dir, 'js'))} }`,
      `log_file: ${JSON.stringify(join(dir, 'nats.log'))}`,
      'include ./auth.conf',
      '',
    ].join('\n'),
  );
  const server = spawn(BINARY!, ['-c', join(dir, 'nats.conf')], {
    env: { ...process.env, ...PASSWORDS },
    stdio: 'ignore',
  });
  await waitForOurServer(port, server, name);
  const logFile = join(dir, 'nats.log');
  return {
    url: `nats://127.0.0.1:${port}`,
    dir,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    stop: async () => {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How a request ends: answered, refused by the server, or nobody there (allowed, not served). */
async function tryRequest(nc: NatsConnection, subject: string): Promise<string> {
  try {
    const reply = await nc.request(subject, new Uint8Array(), { timeout: 2000 });
    return `answered ${new TextDecoder().decode(reply.data)}`;
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    return code === DENIED ? 'denied' : code === '503' ? 'no responders' : code;
  }
}

/** Whether the server lets this user subscribe to the subject. */
async function trySubscribe(nc: NatsConnection, subject: string): Promise<string> {
  const refused = new Promise<string>((resolve) => {
    const subscription = nc.subscribe(subject, {
      callback: (error) => resolve(error?.code === DENIED ? 'denied' : `error ${error?.code}`),
    });
    void nc.flush().then(() => setTimeout(() => resolve('allowed'), 300));
    void subscription.closed.then(() => resolve('denied'));
  });
  return refused;
}

/** A reply-only responder: what RpcServer does for each of its subjects. */
function answer(nc: NatsConnection, subject: string, queue: string, text: string): void {
  nc.subscribe(subject, {
    queue,
    callback: (error, message) => {
      if (!error) message.respond(new TextEncoder().encode(text));
    },
  });
}

const describeWithNats = BINARY ? describe : describe.skip;

describeWithNats(
  `NATS users and permissions on a real nats-server${BINARY ? '' : ' (SKIPPED: no nats-server)'}`,
  () => {
    let nats: Awaited<ReturnType<typeof startAuthorizedNats>>;
    let dir: string;
    let url: string;
    const open: NatsConnection[] = [];
    const as = async (user: string) => {
      const nc = await connectNats([url], `${user}-test`, credentials(user));
      open.push(nc);
      return nc;
    };

    beforeAll(async () => {
      nats = await startAuthorizedNats();
      ({ url, dir } = nats);
    });

    afterAll(async () => {
      await Promise.all(open.map((nc) => nc.close()));
      await nats.stop();
    });

    it('refuses a client without a user, and a service with a wrong password', async () => {
      const refusal = (options: object) =>
        connect({ servers: url, ...options }).then(
          async (nc) => {
            await nc.close();
            return 'connected';
          },
          (error: { code?: string }) => error.code,
        );
      expect(await refusal({})).toBe('AUTHORIZATION_VIOLATION');
      expect(await refusal({ user: 'valuation', pass: 'not-the-password' })).toBe(
        'AUTHORIZATION_VIOLATION',
      );
    });

    it('lets the gateway ask a service, and the service answer it (a reply, nothing more)', async () => {
      const [gateway, valuation] = await Promise.all([as('gateway'), as('valuation')]);
      answer(valuation, 'tf.valuation.valuation.get', 'valuation', 'valuation here');
      await valuation.flush();
      expect(await tryRequest(gateway, 'tf.valuation.valuation.get')).toBe(
        'answered valuation here',
      );
      // Every operation of every service is the gateway's to forward.
      const everyHandled = PROFILES.flatMap((p) => p.handles).filter(
        (s) => !profile('gateway').handles.includes(s),
      );
      expect(everyHandled.filter((s) => !profile('gateway').calls.includes(s))).toEqual([]);
    });

    it("refuses a service another service's requests: sending them, taking them, or their replies", async () => {
      const valuation = await as('valuation');
      const credits = profile('credit').handles.filter(
        (s) => !profile('valuation').calls.includes(s),
      );
      expect(credits.length).toBeGreaterThan(5);
      const sent = await Promise.all(credits.map((s) => tryRequest(valuation, s)));
      expect(new Set(sent)).toEqual(new Set(['denied']));
      expect(await trySubscribe(valuation, 'tf.valuation.valuation.get')).toBe('allowed');
      expect(await trySubscribe(valuation, 'tf.credit.loan.get')).toBe('denied');
      expect(await trySubscribe(valuation, 'tf.>')).toBe('denied');
      // Replies to the gateway's requests go to _INBOX.gateway.*: another service reads none of them,
      // and cannot write into them except as the answer to a request it was sent.
      expect(await trySubscribe(valuation, '_INBOX.gateway.>')).toBe('denied');
      expect(await trySubscribe(valuation, '_INBOX.>')).toBe('denied');
      expect(await tryRequest(valuation, '_INBOX.gateway.forged')).toBe('denied');
      // The server logs each refusal: what the whole-network test below counts.
      expect(nats.log()).toMatch(/Publish Violation - User "valuation", Subject "tf\.credit\./);
    });

    it('lets a service call what its code calls, and nothing else of that service', async () => {
      const [tenancy, valuation] = await Promise.all([as('tenancy'), as('valuation')]);
      // The expiry sweep lists the centers (valuation → tf.tenancy.tenant.list).
      expect(profile('valuation').calls).toContain('tf.tenancy.tenant.list');
      answer(tenancy, 'tf.tenancy.tenant.list', 'tenancy', 'tenants');
      await tenancy.flush();
      expect(await tryRequest(valuation, 'tf.tenancy.tenant.list')).toBe('answered tenants');
      expect(await tryRequest(valuation, 'tf.tenancy.user.get')).toBe('no responders');
      expect(await tryRequest(valuation, 'tf.tenancy.tenant.create')).toBe('denied');
      // The tenancy user answers its own subjects, but sends none of the gateway's.
      expect(await tryRequest(tenancy, 'tf.valuation.valuation.get')).toBe('denied');
    });

    it('lets a service raise its own events into TF_EVENTS and no other service’s', async () => {
      const [valuation, trading] = await Promise.all([as('valuation'), as('trading')]);
      await ensureEventStream(valuation, 1);
      const own = eventSubject('jinan', { service: 'valuation', type: 'valuation-approved' });
      const ack = await valuation.jetstream().publish(own, new Uint8Array([1]));
      expect(ack.stream).toBe(EVENTS_STREAM);
      const forged = eventSubject('jinan', CreditEvents.loanRepaid);
      expect(await tryRequest(valuation, forged)).toBe('denied');
      const forgedAck = await trading
        .jetstream()
        .publish(forged, new Uint8Array([1]), { timeout: 2000 })
        .then(
          () => 'stored',
          (error: { code?: string }) => error.code,
        );
      expect(forgedAck).toBe(DENIED);
      // Nor may a service change or remove the stream it may create.
      expect(await tryRequest(valuation, `$JS.API.STREAM.DELETE.${EVENTS_STREAM}`)).toBe('denied');
      expect(await tryRequest(valuation, `$JS.API.STREAM.UPDATE.${EVENTS_STREAM}`)).toBe('denied');
    });

    it('lets a service consume through its own durable consumers only', async () => {
      const [valuation, trading, credit] = await Promise.all([
        as('valuation'),
        as('trading'),
        as('credit'),
      ]);
      await ensureEventStream(trading, 1);
      for (const scope of [null, ['jinan']]) {
        const own = inboxConsumerOf('valuation', TradingEvents.tradeDealClosed, scope);
        const consumer = {
          durable: own.durable,
          filterSubject: own.filterSubject,
          ackWaitMs: 30_000,
        };
        // Created, then brought to a new configuration (the update path), as InboxConsumer.start does.
        await ensureConsumer(valuation, { ...consumer, maxDeliver: 125 } as Parameters<
          typeof ensureConsumer
        >[1]);
        await ensureConsumer(valuation, { ...consumer, maxDeliver: 130 } as Parameters<
          typeof ensureConsumer
        >[1]);
      }
      const { durable } = inboxConsumerOf('valuation', TradingEvents.tradeDealClosed, null);
      await trading
        .jetstream()
        .publish(eventSubject('jinan', TradingEvents.tradeDealClosed), new Uint8Array([7]));
      const consumer = await valuation.jetstream().consumers.get(EVENTS_STREAM, durable);
      const message = await consumer.next({ expires: 5000 });
      expect(message?.data).toEqual(new Uint8Array([7]));
      expect(await message!.ackAck()).toBe(true);

      // Credit's consumer is credit's: valuation may neither read it, pull from it nor make one
      // in credit's name, nor one of its own over events its handlers do not take.
      const credits = inboxConsumerOf('credit', TradingEvents.collateralSold, null);
      await ensureConsumer(credit, {
        durable: credits.durable,
        filterSubject: credits.filterSubject,
        maxDeliver: 125,
        ackWaitMs: 30_000,
      } as Parameters<typeof ensureConsumer>[1]);
      const api = `$JS.API.CONSUMER`;
      expect(
        await Promise.all([
          tryRequest(valuation, `${api}.INFO.${EVENTS_STREAM}.${credits.durable}`),
          tryRequest(valuation, `${api}.MSG.NEXT.${EVENTS_STREAM}.${credits.durable}`),
          tryRequest(
            valuation,
            `${api}.CREATE.${EVENTS_STREAM}.${credits.durable}.${credits.filterSubject}`,
          ),
          tryRequest(valuation, `${api}.DELETE.${EVENTS_STREAM}.${durable}`),
          tryRequest(
            valuation,
            `${api}.CREATE.${EVENTS_STREAM}.valuation__x.tf.events.*.credit.loan-repaid`,
          ),
          tryRequest(valuation, `${api}.LIST.${EVENTS_STREAM}`),
        ]),
      ).toEqual(['denied', 'denied', 'denied', 'denied', 'denied', 'denied']);
    });

    it('keeps the k8s server config (cluster routes, the same users) valid for nats-server', () => {
      const manifests = parseAllDocuments(rendered('k8s/base/nats.yaml')).map((d) => d.toJS());
      const config = manifests.find(
        (m) => m.kind === 'ConfigMap' && m.metadata.name === 'nats-config',
      );
      writeFileSync(join(dir, 'k8s-nats.conf'), config.data['nats.conf']);
      writeFileSync(join(dir, 'auth.conf'), config.data['auth.conf']);
      const check = spawnSync(BINARY!, ['-c', join(dir, 'k8s-nats.conf'), '-t'], {
        env: { ...process.env, ...PASSWORDS, POD_NAME: 'nats-0' },
        encoding: 'utf8',
      });
      expect({ status: check.status, stderr: check.stderr }).toEqual({
        status: 0,
        stderr: expect.stringContaining('is valid'),
      });
    });
  },
);

/** Every service the profiles derive (a new service gets a user without a line written). */
it('derives a NATS user for every service, with what its code handles, raises and takes', () => {
  const summary = (p: NatsProfile) => ({
    user: p.user,
    handles: p.handles.length > 0,
    raisesOnlyItsOwn: p.raises.every((s) => s.split('.')[3] === p.user),
    takesOthers: p.takes.every((e) => e.service !== p.user),
  });
  expect(PROFILES.map(summary)).toEqual(
    SERVICES.map((s) => ({
      user: s.name,
      handles: true,
      raisesOnlyItsOwn: true,
      takesOthers: true,
    })),
  );
  // Found in the code, not declared: credit's and guarantee's pledge-value look-ups.
  expect(profile('credit').calls).toContain('tf.valuation.pledge-value.get');
  expect(profile('guarantee').calls).toContain('tf.valuation.pledge-value.get');
  expect(profile('tenancy').takes).toContainEqual({ service: 'credit', type: 'loan-repaid' });
});

/**
 * The whole network on the generated permissions: every service started as main.ts would start
 * it, each as its own NATS user, then driven through the gateway. A subject the code uses and
 * the config forgot would show as a refusal in the server's log, or a request that fails.
 */
describeWithNats('the network with every service as its own NATS user', () => {
  let nats: Awaited<ReturnType<typeof startAuthorizedNats>>;
  let stack: TestStack;
  let gateway = '';
  const admin = { username: 'platform.admin', password: 'platform-admin-password' };
  const call = async (
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    tenant?: string,
  ) => {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(tenant ? { 'x-tenant-id': tenant } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    nats = await startAuthorizedNats();
    stack = await TestStack.start('nats-auth');
    const definitions = SERVICES.map(
      ({ name }) =>
        (
          require(join(ROOT, 'services', name, 'src', 'service.ts')) as {
            service: ServiceDefinition;
          }
        ).service,
    ).sort((a, b) => Number(a.name === 'gateway') - Number(b.name === 'gateway'));
    for (const definition of definitions) {
      const app = await stack.startService(definition, {
        NATS_URL: nats.url,
        NATS_USER: definition.name,
        NATS_PASSWORD: credentials(definition.name).pass,
        ADMIN_USERNAME: admin.username,
        ADMIN_PASSWORD: admin.password,
      });
      if (definition.name === 'gateway') gateway = await baseUrl(app);
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await nats?.stop();
  });

  it('creates a center through every service, lists every dead letter, and is refused nothing', async () => {
    const token = await call('POST', '/api/v1/auth/token', undefined, admin);
    expect(token.status).toBe(200);
    const admin_ = String(token.body['accessToken']);
    // tenancy creates it and raises tenant-created; every service with a policy section seeds it.
    const created = await call('POST', '/api/v1/tenants', admin_, {
      code: 'qingdao',
      name: '青岛科技金融服务中心',
      policy: { valuation: { discountRate: '0.12' } },
    });
    expect(created.status).toBe(201);
    const policy = await call(
      'GET',
      '/api/v1/tenants/qingdao/policy',
      admin_,
      undefined,
      'qingdao',
    );
    expect(policy.status).toBe(200);
    expect(policy.body['valuation']).toMatchObject({ discountRate: '0.12' });
    // The gateway asks every service for its dead letters; none may be missing from the answer.
    const letters = await call('GET', '/api/v1/ops/dead-letters', admin_);
    expect({ status: letters.status, unavailable: letters.body['unavailable'] }).toEqual({
      status: 200,
      unavailable: [],
    });
    for (const { name } of SERVICES) {
      const ready = await fetch(`${stack.managementUrl(name)}/health/ready`);
      expect({ name, status: ready.status }).toEqual({ name, status: 200 });
      // A scrape reads each of its consumers' pending counts from JetStream (its own only).
      const metrics = await (await fetch(`${stack.managementUrl(name)}/metrics`)).text();
      const takes = PROFILES.find((p) => p.user === name)?.takes.length ?? 0;
      const pending = metrics
        .split('\n')
        .filter((l) => l.startsWith('tf_jetstream_consumer_pending{'));
      expect({ name, consumers: pending.length }).toEqual({ name, consumers: takes });
    }
    const refusals = nats
      .log()
      .split('\n')
      .filter((line) => / Violation - /.test(line));
    expect(refusals).toEqual([]);
  }, 60_000);
});
