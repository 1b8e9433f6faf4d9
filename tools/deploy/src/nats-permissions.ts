/**
 * Who may do what on NATS, derived from the code every service runs, never written by hand:
 *
 * - the subjects a service answers: the @RpcHandler metadata of the classes in its root module
 *   (the same metadata RpcServer subscribes from), the platform's own handlers included;
 * - the events it raises: the event contracts of @tf/contracts that name it as their service;
 * - the events it takes: the @OnEvent metadata of its classes, and the durable consumer of each
 *   (inboxConsumerOf, the names InboxConsumer gives them);
 * - the requests it sends: the gateway every request subject there is; another service the
 *   contracts its own source (and the platform's, which runs in every service) names, e.g. credit
 *   → tf.valuation.pledge-value.get.
 *
 * renderNatsAuthorization turns these into the `authorization` block of a nats-server config
 * (auth.conf), included by docker-compose's and k8s's NATS config alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import * as contracts from '@tf/contracts';
import { EVENTS_STREAM, eventSubject, type EventContract, type RpcContract } from '@tf/contracts';
import {
  contractOf,
  inboxConsumerOf,
  ON_EVENT,
  type PlatformConfig,
  type ServiceDefinition,
} from '@tf/platform';

/** What a service does on NATS, and so what its NATS user may do. */
export interface NatsProfile {
  /** The service's folder name: its NATS user and its SERVICE_NAME. */
  user: string;
  /** Request subjects its handlers answer (it subscribes to them). */
  handles: string[];
  /** Request subjects it sends. */
  calls: string[];
  /** Subjects of the events it raises, any center: tf.events.*.<service>.<type>. */
  raises: string[];
  /** The events its handlers take, each through a durable consumer of its own. */
  takes: Pick<EventContract, 'service' | 'type'>[];
}

/**
 * The centers a deployment's consumers may be scoped to: null (shared mode) and each dedicated
 * center. A consumer's name carries its scope (InboxConsumer.durableName), so one config serves
 * the shared base, every overlay and `TENANT_CODES=<center> docker compose up` alike.
 */
export type ConsumerScope = string[] | null;

/** The environment variable that holds a service's NATS password (nats-server and the service). */
export function natsPasswordVariable(user: string): string {
  return `${user.toUpperCase().replace(/-/g, '_')}_NATS_PASSWORD`;
}

// ---- what the code says ------------------------------------------------------------------------

const isRpcContract = (value: unknown): value is RpcContract =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as RpcContract).subject === 'string' &&
  'request' in value &&
  'kind' in value;

const isEventContract = (value: unknown): value is EventContract =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as EventContract).service === 'string' &&
  typeof (value as EventContract).type === 'string' &&
  'payload' in value;

/** `Name.member` → the contract @tf/contracts exports there, for every such pair. */
function contractTable(): Map<string, RpcContract> {
  const table = new Map<string, RpcContract>();
  for (const [name, exported] of Object.entries(contracts)) {
    if (typeof exported !== 'object' || exported === null) continue;
    for (const [member, value] of Object.entries(exported)) {
      if (isRpcContract(value)) table.set(`${name}.${member}`, value);
    }
  }
  return table;
}

/** Every event contract of @tf/contracts. */
function eventContracts(): EventContract[] {
  return (Object.values(contracts) as unknown[]).flatMap((exported) =>
    typeof exported === 'object' && exported !== null
      ? Object.values(exported).filter(isEventContract)
      : [],
  );
}

/** The .ts files under a folder, tests left out. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

/**
 * The contracts a file's code names as `XxxRpc.member` (or through a namespace import), read
 * from its syntax tree, so that comments and strings never count.
 */
function contractsNamedIn(path: string, table: Map<string, RpcContract>): RpcContract[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
  const found: RpcContract[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node)) {
      const owner = ts.isPropertyAccessExpression(node.expression)
        ? node.expression.name.text
        : ts.isIdentifier(node.expression)
          ? node.expression.text
          : undefined;
      const contract = owner ? table.get(`${owner}.${node.name.text}`) : undefined;
      if (contract) found.push(contract);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A class, or a method of one: all the module walk needs of either. */
type AnyClass = abstract new (...args: never[]) => unknown;
type AnyMethod = (...args: never[]) => unknown;

/** Every class a Nest module tree provides or controls: its imports' too. */
function moduleClasses(root: unknown): AnyClass[] {
  const classes = new Set<AnyClass>();
  const seen = new Set<unknown>();
  const visit = (module: unknown): void => {
    if (!module || seen.has(module)) return;
    seen.add(module);
    if (typeof module === 'object' && 'forwardRef' in module) {
      visit((module as { forwardRef: () => unknown }).forwardRef());
      return;
    }
    const dynamic = typeof module === 'object' ? (module as Record<string, unknown[]>) : {};
    const type = typeof module === 'function' ? module : (dynamic['module'] as unknown);
    const metadata = (key: string): unknown[] => [
      ...((typeof type === 'function' ? Reflect.getMetadata(key, type) : undefined) ?? []),
      ...(dynamic[key] ?? []),
    ];
    for (const provider of [...metadata('providers'), ...metadata('controllers')]) {
      if (typeof provider === 'function') classes.add(provider as AnyClass);
      else if (provider && typeof provider === 'object') {
        const { useClass, useValue } = provider as { useClass?: AnyClass; useValue?: unknown };
        if (useClass) classes.add(useClass);
        if (useValue && typeof useValue === 'object') classes.add(useValue.constructor as AnyClass);
      }
    }
    for (const imported of metadata('imports')) visit(imported);
  };
  visit(root);
  return [...classes];
}

/** Every method of a class, its base classes' included. */
function methodsOf(type: AnyClass): AnyMethod[] {
  const methods: AnyMethod[] = [];
  for (let proto: unknown = type.prototype; proto && proto !== Object.prototype; ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== 'constructor' && typeof descriptor?.value === 'function') {
        methods.push(descriptor.value as AnyMethod);
      }
    }
    proto = Object.getPrototypeOf(proto);
  }
  return methods;
}

/** Each service's NATS profile, from services/<name>/src/service.ts and its source. */
export function loadNatsProfiles(root: string, names: string[]): NatsProfile[] {
  const table = contractTable();
  const everyContract = [...new Set(table.values())].map((contract) => contract.subject);
  const events = eventContracts();
  const platformCalls = sourceFiles(join(root, 'libs', 'platform', 'src')).flatMap((path) =>
    contractsNamedIn(path, table),
  );
  const profiles = names.map((name) => {
    const { service } = require(join(root, 'services', name, 'src', 'service.ts')) as {
      service: ServiceDefinition<PlatformConfig>;
    };
    const methods = moduleClasses(service.module(new service.config())).flatMap(methodsOf);
    const handles = unique(methods.map((m) => contractOf(m)?.subject));
    const takes = uniqueBy(
      methods.map((m) => Reflect.getMetadata(ON_EVENT, m) as EventContract | undefined),
      (contract) => `${contract.service}.${contract.type}`,
    );
    // Its own contracts its handlers name; the platform's calls may go to itself (tenancy's
    // TenancyClient asks tenancy), so those stay.
    const named = sourceFiles(join(root, 'services', name, 'src'))
      .flatMap((path) => contractsNamedIn(path, table))
      .map((contract) => contract.subject)
      .filter((subject) => !handles.includes(subject));
    return {
      user: name,
      handles,
      calls: unique([...platformCalls.map((contract) => contract.subject), ...named]),
      raises: unique(events.filter((e) => e.service === name).map((e) => eventSubject('*', e))),
      takes: takes.map(({ service: source, type }) => ({ service: source, type })),
    };
  });
  // The gateway forwards every operation there is: each contract, and each handler's subject
  // (the per-service ones, such as tf.<service>.dead-letter.*, have no exported constant).
  const everySubject = unique([...everyContract, ...profiles.flatMap((p) => p.handles)]);
  return profiles.map((profile) =>
    profile.user === 'gateway'
      ? { ...profile, calls: everySubject.filter((s) => !profile.handles.includes(s)) }
      : profile,
  );
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
}

function uniqueBy<T>(values: (T | undefined)[], key: (value: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const value of values) if (value && !byKey.has(key(value))) byKey.set(key(value), value);
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, value]) => value);
}

// ---- what NATS lets each user do --------------------------------------------------------------

export interface NatsPermissions {
  publish: string[];
  subscribe: string[];
}

/**
 * A service's permissions: it publishes its requests, its events, and the JetStream API calls of
 * its own stream look-up and consumers; it subscribes to its handlers' subjects and its own
 * replies (_INBOX.<user>, see natsInboxPrefix); it answers a request only by replying to it
 * (allow_responses, in the rendered config), never by publishing into another's inbox.
 */
export function natsPermissions(profile: NatsProfile, scopes: ConsumerScope[]): NatsPermissions {
  const stream = EVENTS_STREAM;
  const consumers = profile.takes.flatMap((contract) =>
    scopes.map((scope) => inboxConsumerOf(profile.user, contract, scope)),
  );
  return {
    publish: [
      ...profile.calls,
      ...profile.raises,
      // nc.jetstreamManager() checks the API first; every service may be the one to create the
      // stream (ensureEventStream), but none may update or delete it.
      '$JS.API.INFO',
      `$JS.API.STREAM.INFO.${stream}`,
      `$JS.API.STREAM.CREATE.${stream}`,
      ...consumers.flatMap(({ durable, filterSubject }) => [
        // Create and update (ensureConsumer) name the filter: only the events the handler takes.
        `$JS.API.CONSUMER.CREATE.${stream}.${durable}.${filterSubject}`,
        `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
        `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
        `$JS.ACK.${stream}.${durable}.>`,
      ]),
    ],
    subscribe: [...profile.handles, `_INBOX.${profile.user}.>`],
  };
}

/** The `authorization` block: one user per service, its password from the environment. */
export function renderNatsAuthorization(profiles: NatsProfile[], scopes: ConsumerScope[]): string {
  const list = (items: string[], indent: string) =>
    items.map((item) => `${indent}${JSON.stringify(item)}`).join('\n');
  const users = profiles.map((profile) => {
    const { publish, subscribe } = natsPermissions(profile, scopes);
    return `    {
      # ${profile.user}: answers ${profile.handles.length} request subjects, sends ${profile.calls.length}, raises ${profile.raises.length} events, takes ${profile.takes.length}
      user: ${profile.user}
      password: $${natsPasswordVariable(profile.user)}
      permissions: {
        publish: {
          allow: [
${list(publish, '            ')}
          ]
        }
        subscribe: {
          allow: [
${list(subscribe, '            ')}
          ]
        }
        allow_responses: true
      }
    }`;
  });
  return `# GENERATED by \`npm run deploy:render\` (tools/deploy/src/nats-permissions.ts) from the
# services' handlers, events and calls. Do not edit by hand. Every NATS client is one of these
# users; each password comes from the server's environment (<SERVICE>_NATS_PASSWORD), the same
# value the service gets as NATS_PASSWORD. docs/security.md explains each permission.
authorization {
  users: [
${users.join('\n')}
  ]
}
`;
}

/** docs/security.md's table: what each user may publish and subscribe to, in words. */
export function renderNatsPermissionsTable(profiles: NatsProfile[]): string {
  const code = (items: string[]) => items.map((item) => `\`${item}\``).join(', ') || 'nothing';
  const answered = (p: NatsProfile) => {
    const own = p.handles.filter((s) => s.startsWith(`tf.${p.user}.`));
    const others = p.handles.filter((s) => !own.includes(s));
    return [
      own.length ? `\`tf.${p.user}.…\` (${own.length})` : '',
      ...others.map((s) => `\`${s}\``),
    ]
      .filter(Boolean)
      .join(', ');
  };
  const rows = profiles.map((p) => [
    `\`${p.user}\``,
    answered(p),
    p.user === 'gateway' ? `every request subject (${p.calls.length})` : code(p.calls),
    code(p.raises.map((s) => s.split('.').slice(3).join('.'))),
    code(p.takes.map((e) => `${e.service}.${e.type}`)),
  ]);
  const header = [
    'user',
    'subscribes to (answers)',
    'publishes requests to',
    'raises events',
    'takes events (its own durable consumers)',
  ];
  // Aligned as prettier aligns a Markdown table, so the document stays formatted.
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(3, ...table.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}
