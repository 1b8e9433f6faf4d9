/**
 * Checks that the deployment files (Dockerfile, docker-compose.yml, k8s/) give every service what
 * it needs in production. The per-service parts are generated from services/<name>/src/config.ts
 * (src/render-deployment.ts; generated-deployment.spec.ts keeps them fresh), so this checks what
 * they combine with by hand: the shared environment (x-service-env, ConfigMap tf-config, Secret
 * tf-secrets), the infrastructure, the overlays and the Dockerfile. Each check ends with
 * `expect(problems).toEqual([])`, so a failure lists every problem by name.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DB_ROLES, loadConfig, SERVICE_NODE_FLAGS, SERVICE_PROCESS_ENV } from '@tf/platform';
import { parseAllDocuments } from 'yaml';
import { natsPasswordVariable } from './src/nats-permissions';
import {
  CENTERS,
  dbPasswordVariable,
  DeployedService,
  loadServices,
  MANAGEMENT_PORT,
  NATS_CREDENTIALS_SECRET,
  NATS_REPLICAS,
  postgresSecretOf,
  readRepoFile,
  ROOT,
  runtimeGroupOf,
  runtimeLoginOf,
} from './src/render-deployment';

/** Parsed YAML: read with optional chaining; a missing key fails the check that needs it. */
type Yaml = any;
type Env = Record<string, string>;

const SERVICES = loadServices();
const EACH_SERVICE = SERVICES.map((service) => [service.name, service] as const);

/** Every document of a YAML file, with `<<` merge keys resolved. */
function readYamlDocuments(path: string): Yaml[] {
  const documents = parseAllDocuments(readRepoFile(path), { merge: true });
  const error = documents.flatMap((document) => document.errors)[0];
  if (error) throw new Error(`${path} is not valid YAML: ${error.message}`);
  return documents.map((document) => document.toJS());
}

const readYaml = (path: string): Yaml => readYamlDocuments(path)[0];
const strings = (map: Yaml): Env =>
  Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, String(v ?? '')]));
const commandLine = (value: Yaml): string => [value ?? ''].flat().join(' ');
const secretsOf = (service: DeployedService) => service.environment.filter((spec) => spec.secret);

/** Why the service's config would refuse this environment in production (none: it starts). */
function productionProblems(service: DeployedService, env: Env, where: string): string[] {
  const missing = service.required.filter((name) => !(name in env));
  if (missing.length > 0) return missing.map((name) => `${where} lacks ${name}`);
  const problems: string[] = [];
  try {
    loadConfig(service.configClass, { ...env, NODE_ENV: 'production' });
  } catch (error) {
    problems.push(`${where} is rejected in production: ${(error as Error).message}`);
  }
  if (env['NODE_ENV'] !== 'production') problems.push(`${where}: NODE_ENV must be production`);
  if (env['MANAGEMENT_PORT'] !== String(MANAGEMENT_PORT)) {
    problems.push(`${where}: MANAGEMENT_PORT must be ${MANAGEMENT_PORT}, the probed port`);
  }
  return problems;
}

// ---- docker-compose ----------------------------------------------------------------------------

const compose = (): Yaml => readYaml('docker-compose.yml');

/** The environment as the container sees it when no variable is set (${VAR:-default} → default). */
function composeEnvironment(name: string): Env {
  const withDefaults = (value: string) =>
    value.replace(/\$\$|\$\{\w+(?::?-([^}]*))?\}/g, (match, fallback?: string) =>
      match === '$$' ? '$' : (fallback ?? ''),
    );
  const raw = strings(compose().services?.[name]?.environment);
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, withDefaults(v)]));
}

function composeInfrastructureProblems(): string[] {
  const { postgres, nats } = compose().services ?? {};
  const shared = compose()['x-service'];
  const readiness = commandLine(shared?.healthcheck?.test);
  const checks: [boolean, string][] = [
    [String(postgres?.image).startsWith('postgres:15'), 'postgres with the postgres:15 image'],
    [commandLine(postgres?.healthcheck?.test).includes('pg_isready'), 'a pg_isready healthcheck'],
    [
      (postgres?.volumes ?? []).some((volume: string) =>
        /deploy\/postgres\/init\.sql:\/docker-entrypoint-initdb\.d\//.test(volume),
      ),
      'deploy/postgres/init.sql mounted into /docker-entrypoint-initdb.d/',
    ],
    [
      / -c \/etc\/nats\/nats\.conf /.test(` ${commandLine(nats?.command)} `) &&
        (nats?.volumes ?? []).includes('./deploy/nats:/etc/nats:ro'),
      'nats started with deploy/nats/nats.conf mounted at /etc/nats',
    ],
    [
      /^jetstream \{/m.test(readRepoFile('deploy/nats/nats.conf')) &&
        /^include \.\/auth\.conf$/m.test(readRepoFile('deploy/nats/nats.conf')),
      'deploy/nats/nats.conf with JetStream and the users of auth.conf',
    ],
    [Boolean(nats?.healthcheck?.test), 'a healthcheck on nats'],
    [
      readiness.includes('/health/ready') && readiness.includes('MANAGEMENT_PORT'),
      'x-service: a healthcheck on /health/ready at MANAGEMENT_PORT',
    ],
    ...['postgres', 'nats'].map((dependency): [boolean, string] => [
      shared?.depends_on?.[dependency]?.condition === 'service_healthy',
      `x-service: depends_on.${dependency}.condition service_healthy`,
    ]),
  ];
  return checks.filter(([ok]) => !ok).map(([, what]) => `docker-compose.yml needs ${what}`);
}

/**
 * The roles and database deploy/postgres/init.sql must create for a service's two database URLs:
 * its own login, in tf_runtime and its own group only, never the shared tf_app; the password it
 * reads from the variable the service's DATABASE_URL reads too.
 */
function initSqlProblems(service: DeployedService): string[] {
  const sql = readRepoFile('deploy/postgres/init.sql');
  const env = composeEnvironment(service.name);
  const runtime = new URL(env['DATABASE_URL'] ?? 'postgres://');
  const owner = decodeURIComponent(
    new URL(env['DATABASE_MIGRATION_URL'] ?? 'postgres://').username,
  );
  const [user, database] = [decodeURIComponent(runtime.username), runtime.pathname.slice(1)];
  const [login, group] = [runtimeLoginOf(service), runtimeGroupOf(service)];
  const variable = dbPasswordVariable(service.name);
  const rawUrl = strings(compose().services?.[service.name]?.environment)['DATABASE_URL'] ?? '';
  const reference = /^postgres:\/\/[^:@]*:(\$\{[^}]*\})@/.exec(rawUrl)?.[1];
  const postgresEnv = strings(compose().services?.postgres?.environment);
  const problems = [
    ...(user === login ? [] : [`${service.name}'s DATABASE_URL logs in as ${user}, not ${login}`]),
    ...(reference?.startsWith(`\${${variable}:-`) && postgresEnv[variable] === reference
      ? []
      : [
          `${service.name}'s DATABASE_URL must read the password postgres reads, \${${variable}:-...}`,
        ]),
    ...(/^(CREATE|ALTER) ROLE tf_app\b(?!_)/m.test(sql)
      ? ['init.sql must not make the shared tf_app']
      : []),
  ];
  return [
    ...problems,
    ...[
      `CREATE ROLE ${DB_ROLES.runtime}`,
      `ALTER ROLE ${DB_ROLES.runtime} NOLOGIN NOBYPASSRLS;`,
      `CREATE ROLE ${DB_ROLES.auth}`,
      `CREATE ROLE ${owner}`,
      `GRANT ${DB_ROLES.auth} TO ${owner};`,
      `CREATE ROLE ${group}`,
      `ALTER ROLE ${group} NOLOGIN NOBYPASSRLS;`,
      `CREATE ROLE ${user}`,
      `ALTER ROLE ${user} LOGIN NOBYPASSRLS NOSUPERUSER PASSWORD`,
      `\\getenv ${variable.toLowerCase()} ${variable}`,
      `GRANT ${DB_ROLES.runtime}, ${group} TO ${user};`,
      `\\set database ${database}`,
      `CREATE DATABASE %I OWNER ${owner}`,
      `GRANT CONNECT ON DATABASE :"database" TO ${DB_ROLES.runtime};`,
    ]
      .filter((statement) => !sql.includes(statement))
      .map((statement) => `deploy/postgres/init.sql must run ${statement}`),
  ];
}

// ---- kustomize ---------------------------------------------------------------------------------

/** Every object of the files k8s/base/kustomization.yaml lists. */
const baseManifests = (): Yaml[] =>
  (readYaml('k8s/base/kustomization.yaml').resources as string[]).flatMap((file) =>
    readYamlDocuments(`k8s/base/${file}`),
  );

const findManifest = (kind: string, name: string): Yaml =>
  baseManifests().find((m) => m.kind === kind && m.metadata?.name === name);

/** What a ConfigMap or Secret provides: data (Secret data is base64) and stringData. */
function manifestValues(kind: 'ConfigMap' | 'Secret', name: string): Env {
  const manifest = findManifest(kind, name);
  const data = Object.entries(strings(manifest?.data)).map(([key, value]) => [
    key,
    kind === 'Secret' ? Buffer.from(value, 'base64').toString() : value,
  ]);
  return { ...Object.fromEntries(data), ...strings(manifest?.stringData) };
}

function container(name: string): Yaml {
  const { containers = [] } = findManifest('Deployment', name)?.spec?.template?.spec ?? {};
  return containers.find((c: Yaml) => c.name === name) ?? {};
}

/** The container's environment: envFrom ConfigMaps and Secrets first, then env (which wins). */
function containerEnvironment(name: string): Env {
  const env: Env = {};
  for (const source of container(name).envFrom ?? []) {
    if (source.configMapRef)
      Object.assign(env, manifestValues('ConfigMap', source.configMapRef.name));
    if (source.secretRef) Object.assign(env, manifestValues('Secret', source.secretRef.name));
  }
  for (const variable of container(name).env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    env[variable.name] = ref
      ? (manifestValues('Secret', ref.name)[ref.key] ?? '')
      : String(variable.value);
  }
  return env;
}

/** The Secret and key a container's variable comes from, when it comes from one. */
const secretKeyRef = (name: string, variable: string): { name: string; key: string } | undefined =>
  (container(name).env ?? []).find((v: Yaml) => v.name === variable)?.valueFrom?.secretKeyRef;

function overlayProblems(center: string): string[] {
  const dir = `k8s/overlays/${center}`;
  const kustomization = readYaml(`${dir}/kustomization.yaml`);
  const patches: Yaml[] = (kustomization.patches ?? []).flatMap((patch: Yaml) =>
    readYamlDocuments(`${dir}/${patch.path}`),
  );
  const config = patches.find((p) => p.kind === 'ConfigMap' && p.metadata?.name === 'tf-config');
  const checks: [boolean, string][] = [
    [(kustomization.resources ?? []).includes('../../base'), 'resources must include ../../base'],
    [kustomization.namespace === `tf-${center}`, `namespace must be tf-${center}`],
    [config?.data?.TENANT_CODES === center, `a patch of tf-config must set TENANT_CODES=${center}`],
    ...(kustomization.images ?? []).map((image: Yaml): [boolean, string] => [
      Boolean(image.newTag || image.digest),
      `images must pin ${image.name} (newTag or digest)`,
    ]),
  ];
  return checks.filter(([ok]) => !ok).map(([, what]) => `${dir}: ${what}`);
}

// ---- Dockerfile ---------------------------------------------------------------------------------

/** Instructions ([KEYWORD, arguments]) grouped by build stage (each starts with its FROM). */
function dockerStages(text: string): string[][][] {
  const stages: string[][][] = [];
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const [, keyword = '', args = ''] = /^\s*([^#\s]\S*)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') stages.push([]);
    if (keyword) stages[stages.length - 1]?.push([keyword.toUpperCase(), args]);
  }
  return stages;
}

function dockerfileProblems(): string[] {
  const stages = dockerStages(readRepoFile('Dockerfile'));
  const has = (stage: string[][] | undefined, keyword: string, pattern: RegExp) =>
    (stage ?? []).some(([k, args]) => k === keyword && pattern.test(args ?? ''));
  const runtime = stages[stages.length - 1];
  /** A CMD's exec form (a JSON array), or undefined for the shell form. */
  const execForm = (args = ''): unknown => {
    try {
      return JSON.parse(args);
    } catch {
      return undefined;
    }
  };
  const user = runtime
    ?.filter(([k]) => k === 'USER')
    .pop()?.[1]
    ?.split(':')[0];
  const checks: [boolean, string][] = [
    [stages.length >= 2, 'be multi-stage'],
    [stages.some((stage) => has(stage, 'ARG', /^SERVICE\b/)), 'declare ARG SERVICE'],
    ...stages.map((stage): [boolean, string] => [
      !stage.some(([, args]) => /\$\{?SERVICE\b/.test(args ?? '')) ||
        has(stage, 'ARG', /^SERVICE\b/),
      `declare ARG SERVICE in the stage ${stage[0]?.[1]}, which uses it`,
    ]),
    [has(stages.flat(), 'RUN', /nx build "?\$\{?SERVICE\b/), 'run `nx build ${SERVICE}`'],
    [Boolean(user) && user !== 'root' && user !== '0', 'switch to a non-root USER at the end'],
    [has(runtime, 'ENV', /\bNODE_ENV=production\b/), 'set NODE_ENV=production at the end'],
    ...Object.entries(SERVICE_PROCESS_ENV).map(([name, value]): [boolean, string] => [
      (runtime ?? []).some(
        ([k, args]) => k === 'ENV' && args?.split(/\s+/).includes(`${name}=${value}`),
      ),
      `set ${name}=${value} at the end (libs/platform/src/runtime/process-env.ts)`,
    ]),
    [has(runtime, 'HEALTHCHECK', /\/health\/live/), 'end with a HEALTHCHECK on /health/live'],
    [
      (runtime ?? []).some(
        ([k, args]) =>
          k === 'CMD' &&
          isDeepStrictEqual(execForm(args), ['node', ...SERVICE_NODE_FLAGS, 'main.js']),
      ),
      `run main.js with ${SERVICE_NODE_FLAGS.join(' ')} (libs/platform/src/runtime/process-env.ts)`,
    ],
  ];
  return checks.filter(([ok]) => !ok).map(([, what]) => `Dockerfile must ${what}`);
}

// ---- the tests ----------------------------------------------------------------------------------

it('deploys every service in services/ in compose, k8s/base and every overlay', () => {
  const names = SERVICES.map((service) => service.name);
  const images = (center: string): string[] =>
    readYaml(`k8s/overlays/${center}/kustomization.yaml`).images.map((i: Yaml) => i.name);
  const deployed = {
    compose: names.filter((name) => compose().services?.[name]),
    deployments: names.filter((name) => findManifest('Deployment', name)),
    services: names.filter((name) => findManifest('Service', name)),
    ...Object.fromEntries(
      CENTERS.map((center) => [
        center,
        names.filter((n) => images(center).includes(`techfinance/${n}`)),
      ]),
    ),
  };
  const everywhere = Object.fromEntries(Object.keys(deployed).map((where) => [where, names]));
  expect(deployed).toEqual(everywhere);
});

describe('docker-compose.yml', () => {
  it('runs PostgreSQL (with the init script) and NATS with JetStream, and waits for both', () => {
    expect(composeInfrastructureProblems()).toEqual([]);
  });

  it.each(EACH_SERVICE)('gives %s a production environment, secrets as placeholders', (name, s) => {
    const where = `docker-compose.yml services.${name}.environment`;
    const raw = strings(compose().services?.[name]?.environment);
    // Its own variable, or a per-service one (NATS_PASSWORD: ${VALUATION_NATS_PASSWORD:-...}).
    const placeholder = (variable: string) =>
      /^\$\{\w+:-change-me-[^}]*\}$/.test(raw[variable] ?? '');
    expect([
      ...productionProblems(s, composeEnvironment(name), where),
      ...secretsOf(s)
        .filter((spec) => !placeholder(spec.name))
        .map((spec) => `${where}.${spec.name}: use \${${spec.name}:-change-me-...}`),
    ]).toEqual([]);
  });

  it.each(EACH_SERVICE)('creates the roles and database %s connects as in init.sql', (_, s) => {
    expect(initSqlProblems(s)).toEqual([]);
  });
});

describe('k8s/base', () => {
  it.each(EACH_SERVICE)('gives %s a production environment, secrets from tf-secrets', (name, s) => {
    const where = `k8s/base Deployment ${name} (ConfigMap tf-config, Secret tf-secrets and env)`;
    const secret = manifestValues('Secret', 'tf-secrets');
    const config = manifestValues('ConfigMap', 'tf-config');
    const env = (container(name).env ?? [])
      .filter((variable: Yaml) => !variable.valueFrom?.secretKeyRef)
      .map((variable: Yaml) => variable.name);
    const fromSecret = (variable: string) =>
      variable in secret || Boolean(secretKeyRef(name, variable));
    expect([
      ...productionProblems(s, containerEnvironment(name), where),
      ...secretsOf(s).flatMap(({ name: variable }) => [
        ...(fromSecret(variable) ? [] : [`k8s/base/secrets.yaml needs a key ${variable}`]),
        ...(variable in config ? [`${variable} must not be in ConfigMap tf-config`] : []),
        ...(env.includes(variable) ? [`${variable} must not be in Deployment ${name}'s env`] : []),
      ]),
    ]).toEqual([]);
  });

  it.each(EACH_SERVICE)(
    'connects %s to NATS as its own user, its password from a Secret',
    (name) => {
      const env = containerEnvironment(name);
      const ref = secretKeyRef(name, 'NATS_PASSWORD');
      const auth = String(findManifest('ConfigMap', 'nats-config')?.data?.['auth.conf'] ?? '');
      expect({
        user: env['NATS_USER'],
        ref,
        inAuthConf: auth.includes(
          `user: ${name}\n      password: $${natsPasswordVariable(name)}\n`,
        ),
        placeholderLongEnough: (env['NATS_PASSWORD'] ?? '').length >= 12,
      }).toEqual({
        user: name,
        ref: { name: NATS_CREDENTIALS_SECRET, key: natsPasswordVariable(name) },
        inAuthConf: true,
        placeholderLongEnough: true,
      });
    },
  );

  const login = (url: string | undefined) => {
    const parsed = new URL(url ?? 'postgres://');
    return {
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      host: parsed.hostname,
      database: parsed.pathname.slice(1),
    };
  };
  const role = (roleName: string) =>
    (findManifest('Cluster', 'postgres')?.spec?.managed?.roles ?? []).find(
      (r: Yaml) => r.name === roleName,
    ) ?? {};
  const rolePassword = (roleName: string) =>
    manifestValues('Secret', role(roleName).passwordSecret?.name ?? '')['password'];

  it("keeps the CloudNativePG owner and the services' migration URL in agreement", () => {
    const cluster = findManifest('Cluster', 'postgres');
    const owner = login(manifestValues('Secret', 'tf-secrets')['DATABASE_MIGRATION_URL']);
    expect({
      host: owner.host,
      database: owner.database,
      owner: cluster?.spec?.bootstrap?.initdb?.owner,
      ownerPassword: rolePassword(owner.user),
      groups: [DB_ROLES.runtime, DB_ROLES.auth].map((r) => role(r).login),
      sharedDatabaseUrl: 'DATABASE_URL' in manifestValues('Secret', 'tf-secrets'),
    }).toEqual({
      host: 'postgres-rw',
      database: cluster?.spec?.bootstrap?.initdb?.database,
      owner: owner.user,
      ownerPassword: owner.password,
      groups: [false, false],
      sharedDatabaseUrl: false,
    });
  });

  it.each(EACH_SERVICE)(
    'connects %s to PostgreSQL as its own login, a Cluster role in its own group only',
    (name, s) => {
      const cluster = findManifest('Cluster', 'postgres');
      const ref = secretKeyRef(name, 'DATABASE_URL');
      const app = login(containerEnvironment(name)['DATABASE_URL']);
      const group = runtimeGroupOf(s);
      const own = role(app.user);
      const secret = manifestValues('Secret', own.passwordSecret?.name ?? '');
      expect({
        ref,
        user: app.user,
        host: app.host,
        database: app.database,
        role: {
          login: own.login,
          superuser: own.superuser,
          bypassrls: own.bypassrls,
          inRoles: own.inRoles,
        },
        secret: { username: secret['username'], password: secret['password'] },
        group: { login: role(group).login, bypassrls: role(group).bypassrls },
      }).toEqual({
        ref: { name: postgresSecretOf(name), key: 'DATABASE_URL' },
        user: runtimeLoginOf(s),
        host: 'postgres-rw',
        database: cluster?.spec?.bootstrap?.initdb?.database,
        role: {
          login: true,
          superuser: false,
          bypassrls: false,
          inRoles: [DB_ROLES.runtime, group],
        },
        secret: { username: app.user, password: app.password },
        group: { login: false, bypassrls: false },
      });
    },
  );

  it('autoscales Deployments it defines, with autoscaling/v2', () => {
    const autoscalers = baseManifests().filter((m) => m.kind === 'HorizontalPodAutoscaler');
    const problems = autoscalers
      .filter(
        (hpa) =>
          hpa.apiVersion !== 'autoscaling/v2' ||
          !findManifest('Deployment', hpa.spec?.scaleTargetRef?.name),
      )
      .map((hpa) => `HorizontalPodAutoscaler ${hpa.metadata?.name}`);
    expect(problems).toEqual([]);
  });
});

describe('k8s/overlays', () => {
  it.each(CENTERS)('deploys the base for %s, dedicated to it, with pinned images', (center) => {
    expect(overlayProblems(center)).toEqual([]);
  });

  const kubectl = ['kubectl', '/usr/local/bin/kubectl'].find(
    (command) => spawnSync(command, ['version', '--client'], { stdio: 'ignore' }).status === 0,
  );
  const skipped = kubectl ? '' : ' (SKIPPED: kubectl is not installed)';
  const renders = new Map<string, Yaml[]>();
  /** Every object of the overlay as `kubectl kustomize` renders it (once per overlay). */
  const render = (center: string): Yaml[] => {
    const overlay = join(ROOT, 'k8s', 'overlays', center);
    if (!renders.has(center)) {
      const output = spawnSync(kubectl!, ['kustomize', overlay], { encoding: 'utf8' }).stdout;
      renders.set(
        center,
        parseAllDocuments(output).map((doc) => doc.toJS()),
      );
    }
    return renders.get(center)!;
  };
  (kubectl ? it.each(CENTERS) : it.skip.each(CENTERS))(
    `kubectl kustomize k8s/overlays/%s renders${skipped}`,
    (center) => {
      const overlay = join(ROOT, 'k8s', 'overlays', center);
      const result = spawnSync(kubectl!, ['kustomize', overlay], { encoding: 'utf8' });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    },
  );

  (kubectl ? it.each(CENTERS) : it.skip.each(CENTERS))(
    `%s survives a node loss and takes ingress at the gateway only: a PodDisruptionBudget and a NetworkPolicy per service${skipped}`,
    (center) => {
      const objects = render(center);
      const of = (kind: string, name: string) =>
        objects.find((o) => o.kind === kind && o.metadata?.name === name);
      const problems: string[] = [];
      for (const { name } of SERVICES) {
        const deployment = of('Deployment', name);
        const labels = deployment?.spec?.template?.metadata?.labels ?? {};
        const selects = (selector: Yaml) =>
          Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
          Object.keys(selector?.matchLabels ?? {}).length > 0;
        const budget = of('PodDisruptionBudget', name);
        if (!budget || !selects(budget.spec?.selector) || budget.spec?.minAvailable !== 1)
          problems.push(`${name}: no PodDisruptionBudget keeping one pod`);
        if ((deployment?.spec?.replicas ?? 0) < 2)
          problems.push(`${name}: fewer than 2 replicas, a node loss stops it`);
        const policy = of('NetworkPolicy', name);
        if (!policy || !selects(policy.spec?.podSelector)) {
          problems.push(`${name}: no NetworkPolicy`);
          continue;
        }
        if (!['Ingress', 'Egress'].every((t) => policy.spec?.policyTypes?.includes(t)))
          problems.push(`${name}: its NetworkPolicy does not restrict both ingress and egress`);
        const openToAll = (policy.spec?.ingress ?? []).some(
          (rule: Yaml) => !rule.from && rule.ports?.some((p: Yaml) => p.port === 'http'),
        );
        if (openToAll !== (name === 'gateway'))
          problems.push(`${name}: API port ${openToAll ? 'open' : 'closed'} to all`);
        const egressPorts = (policy.spec?.egress ?? []).flatMap((rule: Yaml) =>
          (rule.ports ?? []).map((p: Yaml) => p.port),
        );
        if ([...new Set(egressPorts)].sort().join() !== [4222, 53, 5432].sort().join())
          problems.push(`${name}: egress beyond NATS, PostgreSQL and DNS: ${egressPorts}`);
      }
      expect(problems).toEqual([]);
    },
  );

  (kubectl ? it.each(CENTERS) : it.skip.each(CENTERS))(
    `%s runs PostgreSQL and NATS as three-node clusters, backed up, each service a NATS user${skipped}`,
    (center) => {
      const objects = render(center);
      const of = (kind: string, name: string) =>
        objects.find((o) => o.kind === kind && o.metadata?.name === name);
      const problems: string[] = [];
      const check = (ok: boolean, problem: string) => (ok ? undefined : problems.push(problem));

      // PostgreSQL: CloudNativePG, 3 instances on 3 nodes, backed up to the center's bucket.
      const cluster = of('Cluster', 'postgres');
      const store = cluster?.spec?.backup?.barmanObjectStore ?? {};
      const base = findManifest('Cluster', 'postgres')?.spec?.backup?.barmanObjectStore ?? {};
      check(cluster?.apiVersion === 'postgresql.cnpg.io/v1', 'no CloudNativePG Cluster postgres');
      check(cluster?.spec?.instances === 3, 'the Cluster must have 3 instances');
      check(
        cluster?.spec?.affinity?.podAntiAffinityType === 'required',
        'instances may share a node',
      );
      check(
        cluster?.spec?.inheritedMetadata?.labels?.['app.kubernetes.io/name'] === 'postgres',
        "the Cluster's pods must carry the label the NetworkPolicies let through",
      );
      check(
        String(store.destinationPath).includes(center) &&
          store.destinationPath !== base.destinationPath,
        `the backup must go to ${center}'s own bucket (postgres-backup.yaml)`,
      );
      check(
        Boolean(store.endpointURL) && store.endpointURL !== base.endpointURL,
        'no backup endpoint of its own',
      );
      for (const key of ['accessKeyId', 'secretAccessKey']) {
        const ref = store.s3Credentials?.[key];
        const secret = of('Secret', ref?.name ?? '');
        check(
          Boolean(secret && (secret.stringData ?? secret.data)?.[ref.key]),
          `backup ${key} from no Secret`,
        );
      }
      check(
        objects.some((o) => o.kind === 'ScheduledBackup' && o.spec?.cluster?.name === 'postgres'),
        'no ScheduledBackup of the Cluster',
      );

      // NATS: a StatefulSet of 3 routed to each other, JetStream, the users, TF_EVENTS R3.
      const nats = of('StatefulSet', 'nats');
      const config = of('ConfigMap', 'nats-config')?.data ?? {};
      const routes = [
        ...String(config['nats.conf']).matchAll(/nats:\/\/(nats-\d+)\.nats-headless:6222/g),
      ];
      check(nats?.spec?.replicas === NATS_REPLICAS, `NATS must run ${NATS_REPLICAS} servers`);
      check(
        of('Service', nats?.spec?.serviceName ?? '')?.spec?.clusterIP === 'None',
        'no headless Service for the routes',
      );
      check(
        routes.map((r) => r[1]).join() ===
          Array.from({ length: NATS_REPLICAS }, (_, i) => `nats-${i}`).join(),
        'the cluster routes must name every server',
      );
      check(/^\s*jetstream \{/m.test(config['nats.conf'] ?? ''), 'NATS without JetStream');
      check(
        /^\s*include \.\/auth\.conf$/m.test(config['nats.conf'] ?? ''),
        'NATS without the users',
      );
      check(
        (nats?.spec?.volumeClaimTemplates ?? []).length > 0,
        'NATS servers without volumes of their own',
      );
      check(
        Boolean(
          nats?.spec?.template?.spec?.affinity?.podAntiAffinity
            ?.requiredDuringSchedulingIgnoredDuringExecution,
        ),
        'two NATS servers may share a node',
      );
      check(
        of('PodDisruptionBudget', 'nats')?.spec?.minAvailable === 2,
        'no NATS budget keeping a majority',
      );
      check(of('NetworkPolicy', 'nats') !== undefined, 'no NetworkPolicy for NATS');
      check(
        of('ConfigMap', 'tf-config')?.data?.EVENTS_STREAM_REPLICAS === '3',
        'TF_EVENTS must have 3 replicas',
      );
      const natsEnv = nats?.spec?.template?.spec?.containers?.[0]?.envFrom ?? [];
      const credentials = of('Secret', NATS_CREDENTIALS_SECRET)?.stringData ?? {};
      check(
        natsEnv.some((e: Yaml) => e.secretRef?.name === NATS_CREDENTIALS_SECRET),
        'NATS without the passwords',
      );
      for (const { name } of SERVICES) {
        const key = natsPasswordVariable(name);
        const env = of('Deployment', name)?.spec?.template?.spec?.containers?.[0]?.env ?? [];
        const password = env.find((e: Yaml) => e.name === 'NATS_PASSWORD')?.valueFrom?.secretKeyRef;
        check(
          env.find((e: Yaml) => e.name === 'NATS_USER')?.value === name,
          `${name}: NATS_USER is not ${name}`,
        );
        check(
          password?.name === NATS_CREDENTIALS_SECRET && password?.key === key,
          `${name}: NATS_PASSWORD not from ${key}`,
        );
        check(key in credentials, `${NATS_CREDENTIALS_SECRET} has no ${key}`);
        check(
          String(config['auth.conf']).includes(`user: ${name}\n      password: $${key}\n`),
          `auth.conf has no user ${name}`,
        );
      }

      // Every container of every workload asks for and is limited in CPU and memory.
      const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
      for (const workload of workloads) {
        for (const c of workload.spec?.template?.spec?.containers ?? []) {
          check(
            Boolean(
              c.resources?.requests?.cpu &&
                c.resources?.requests?.memory &&
                c.resources?.limits?.cpu &&
                c.resources?.limits?.memory,
            ),
            `${workload.kind} ${workload.metadata.name}: container ${c.name} without CPU and memory requests and limits`,
          );
        }
      }
      check(
        Boolean(cluster?.spec?.resources?.requests && cluster?.spec?.resources?.limits),
        'the Cluster without resource requests and limits',
      );
      expect(problems).toEqual([]);
    },
  );
  (kubectl ? it.each(CENTERS) : it.skip.each(CENTERS))(
    `%s connects each service to PostgreSQL as its own login, in its own group only${skipped}`,
    (center) => {
      const objects = render(center);
      const of = (kind: string, name: string) =>
        objects.find((o) => o.kind === kind && o.metadata?.name === name);
      const roles: Yaml[] = of('Cluster', 'postgres')?.spec?.managed?.roles ?? [];
      const problems: string[] = [];
      for (const service of SERVICES) {
        const { name } = service;
        const [own, group] = [runtimeLoginOf(service), runtimeGroupOf(service)];
        const env = of('Deployment', name)?.spec?.template?.spec?.containers?.[0]?.env ?? [];
        const ref = env.find((e: Yaml) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
        const secret = of('Secret', ref?.name ?? '');
        const url = String((secret?.stringData ?? {})[ref?.key ?? ''] ?? '');
        const user = url ? decodeURIComponent(new URL(url).username) : '(none)';
        if (user !== own) problems.push(`${name}: DATABASE_URL logs in as ${user}, not ${own}`);
        const role = roles.find((r) => r.name === own);
        if (role?.passwordSecret?.name !== ref?.name)
          problems.push(`${name}: the Cluster's ${own} takes its password from another Secret`);
        if ([...(role?.inRoles ?? [])].sort().join() !== [DB_ROLES.runtime, group].sort().join())
          problems.push(
            `${name}: ${own} is in ${role?.inRoles}, not ${DB_ROLES.runtime} and ${group}`,
          );
        if (role?.bypassrls !== false || role?.superuser !== false)
          problems.push(`${name}: ${own} may bypass row-level security`);
        if (!roles.some((r) => r.name === group && r.login === false))
          problems.push(`${name}: the Cluster has no group ${group}`);
      }
      expect(problems).toEqual([]);
    },
  );
});

describe('Dockerfile', () => {
  it('builds any service in stages and runs it as a non-root user', () => {
    expect(dockerfileProblems()).toEqual([]);
  });

  it('keeps host artefacts out of the build context', () => {
    const ignored = readRepoFile('.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim());
    const missing = ['node_modules', 'dist', '.git'].filter((entry) => !ignored.includes(entry));
    expect(missing.map((entry) => `.dockerignore must list ${entry}`)).toEqual([]);
  });
});
