/**
 * Checks that the deployment files (Dockerfile, docker-compose.yml, k8s/) give every service what
 * it needs. The services are the folders services/<name> with a src/config.ts. Adding a folder
 * makes this test fail until docker-compose.yml, k8s/base and the overlays deploy it. Each check
 * collects its problems and ends with `expect(problems).toEqual([])`, so a failure lists every
 * missing piece by name.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DB_ROLES, describeEnvironment, loadConfig, PlatformConfig } from '@tf/platform';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const CENTERS = ['jinan', 'liaocheng', 'beijing'];
const CONFIG_MAP = 'tf-config';
const SECRET = 'tf-secrets';

type Dict = Record<string, unknown>;
type Env = Record<string, string>;
type ConfigClass = new () => PlatformConfig;

interface DeployedService {
  /** Folder name under services/. */
  name: string;
  configClass: ConfigClass;
  /** The config's SERVICE_NAME and PORT defaults. */
  serviceName: string;
  port: number;
  /** Variables the service refuses to start without when NODE_ENV=production. */
  required: string[];
}

// ---- discovery ---------------------------------------------------------------------------------

function discoverServices(): DeployedService[] {
  const servicesDir = join(ROOT, 'services');
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .filter((entry) => existsSync(join(servicesDir, entry.name, 'src', 'config.ts')))
    .map((entry) => loadService(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function loadService(name: string): DeployedService {
  const exported = require(join(ROOT, 'services', name, 'src', 'config.ts')) as Dict;
  const classes = Object.values(exported).filter(isConfigClass);
  const configClass = classes[0];
  if (!configClass || classes.length > 1) {
    throw new Error(
      `services/${name}/src/config.ts must export exactly one class extending PlatformConfig (found ${classes.length})`,
    );
  }
  const defaults = new configClass();
  const required = describeEnvironment(configClass)
    .filter((spec) => spec.requiredInProduction)
    .map((spec) => spec.name);
  return { name, configClass, serviceName: defaults.SERVICE_NAME, port: defaults.PORT, required };
}

function isConfigClass(value: unknown): value is ConfigClass {
  return typeof value === 'function' && value.prototype instanceof PlatformConfig;
}

// ---- reading files -----------------------------------------------------------------------------

function readRepoFile(path: string): string {
  const file = join(ROOT, path);
  if (!existsSync(file)) throw new Error(`${path} is missing`);
  return readFileSync(file, 'utf8');
}

/** Every document of a YAML file as plain objects, with `<<` merge keys resolved. */
function readYamlDocuments(path: string): Dict[] {
  const documents = parseAllDocuments(readRepoFile(path), { merge: true });
  for (const document of documents) {
    const [error] = document.errors;
    if (error) throw new Error(`${path} is not valid YAML: ${error.message}`);
  }
  return documents.map((document) => asDict(document.toJS()));
}

function readYaml(path: string): Dict {
  const documents = readYamlDocuments(path);
  if (documents.length !== 1) throw new Error(`${path} must hold one YAML document`);
  return documents[0] as Dict;
}

/** Loads a file on first use, so a missing file fails the tests that need it, not the suite. */
function lazy<T>(load: () => T): () => T {
  let value: { loaded: T } | undefined;
  return () => (value ??= { loaded: load() }).loaded;
}

// ---- plain-object helpers ----------------------------------------------------------------------

function asDict(value: unknown): Dict {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Dict)
    : {};
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value at a path of keys, or undefined. Keys may contain dots (label names). */
function at(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((current, key) => asDict(current)[key], value);
}

function asStrings(value: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(asDict(value)).map(([key, v]) => [
      key,
      v === null || v === undefined ? '' : String(v),
    ]),
  );
}

/** Whether the configuration class accepts this environment in production mode. */
function configProblem(service: DeployedService, env: Env): string | undefined {
  try {
    loadConfig(service.configClass, { ...env, NODE_ENV: 'production' });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function missingRequired(service: DeployedService, provided: Iterable<string>): string[] {
  const names = new Set(provided);
  return service.required.filter((name) => !names.has(name));
}

// ---- docker-compose ----------------------------------------------------------------------------

/** Compose accepts a map ({ KEY: value }) or a list (["KEY=value"]); both become a map. */
function composeKeyValues(value: unknown): Record<string, string> {
  if (!Array.isArray(value)) return asStrings(value);
  return Object.fromEntries(
    value.map(String).map((entry) => {
      const equals = entry.indexOf('=');
      return equals < 0 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)];
    }),
  );
}

/** The value compose uses when no variable is set: ${VAR:-default} gives default, ${VAR} gives ''. */
function withComposeDefaults(value: string): string {
  return value.replace(
    /\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}|\$(\w+)/g,
    (match, _name, operator?: string, fallback?: string) => {
      if (match === '$$') return '$';
      return operator?.endsWith('-') ? (fallback ?? '') : '';
    },
  );
}

/** depends_on as { service: condition }, from either the list or the map form. */
function composeDependencies(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(value.map((name) => [String(name), 'service_started']));
  }
  return Object.fromEntries(
    Object.entries(asDict(value)).map(([name, spec]) => [
      name,
      String(at(spec, 'condition') ?? 'service_started'),
    ]),
  );
}

/** A command or healthcheck test in the string or the list form, as one string. */
function commandLine(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(' ') : String(value ?? '');
}

/** A compose service's environment as the container sees it when no variable is set. */
function composeEnvironment(entry: unknown): Env {
  const env = composeKeyValues(at(entry, 'environment'));
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, withComposeDefaults(value)]),
  );
}

function composeServiceProblems(service: DeployedService, compose: Dict): string[] {
  const where = `docker-compose.yml services.${service.name}`;
  const entry = at(compose, 'services', service.name);
  if (!entry) {
    return [
      `docker-compose.yml has no service "${service.name}" (services/${service.name} exists)`,
    ];
  }

  const problems: string[] = [];
  const build =
    typeof at(entry, 'build') === 'string'
      ? { context: at(entry, 'build') }
      : asDict(at(entry, 'build'));
  const args = composeKeyValues(build['args']);
  if (!['.', './'].includes(String(build['context'] ?? ''))) {
    problems.push(`${where}.build.context must be the repository root (.)`);
  }
  if (build['dockerfile'] !== undefined && build['dockerfile'] !== 'Dockerfile') {
    problems.push(`${where}.build.dockerfile must be the shared Dockerfile`);
  }
  if (args['SERVICE'] !== service.name) {
    problems.push(
      `${where}.build.args.SERVICE must be "${service.name}" (got "${args['SERVICE'] ?? ''}")`,
    );
  }
  if (args['PORT'] !== undefined && args['PORT'] !== String(service.port)) {
    problems.push(
      `${where}.build.args.PORT must be ${service.port}, the config's PORT (got ${args['PORT']})`,
    );
  }

  const healthcheck = commandLine(at(entry, 'healthcheck', 'test'));
  if (!healthcheck.includes('/health/ready') || !healthcheck.includes('MANAGEMENT_PORT')) {
    problems.push(`${where}.healthcheck must probe /health/ready on MANAGEMENT_PORT`);
  }
  const dependencies = composeDependencies(at(entry, 'depends_on'));
  for (const dependency of ['postgres', 'nats']) {
    if (dependencies[dependency] !== 'service_healthy') {
      problems.push(`${where}.depends_on.${dependency} must have condition: service_healthy`);
    }
  }

  const env = composeEnvironment(entry);
  const missing = missingRequired(service, Object.keys(env));
  for (const name of missing) {
    problems.push(
      `${where}.environment lacks ${name} (required in production by ${service.configClass.name})`,
    );
  }
  if (env['NODE_ENV'] !== 'production') {
    problems.push(`${where}.environment.NODE_ENV must be production`);
  }
  if (env['SERVICE_NAME'] !== service.serviceName) {
    problems.push(`${where}.environment.SERVICE_NAME must be "${service.serviceName}"`);
  }
  if (env['PORT'] !== String(service.port)) {
    problems.push(`${where}.environment.PORT must be ${service.port}`);
  }
  const rejected = missing.length === 0 && configProblem(service, env);
  if (rejected) {
    problems.push(
      `${where}.environment (with the \${VAR:-default} defaults) is rejected: ${rejected}`,
    );
  }
  return problems;
}

function composeInfrastructureProblems(compose: Dict): string[] {
  const problems: string[] = [];
  const postgres = at(compose, 'services', 'postgres');
  const nats = at(compose, 'services', 'nats');
  if (!postgres) problems.push('docker-compose.yml has no service "postgres"');
  if (!nats) problems.push('docker-compose.yml has no service "nats"');
  if (postgres) {
    if (!String(at(postgres, 'image')).startsWith('postgres:15')) {
      problems.push('postgres must use the postgres:15 image');
    }
    if (!commandLine(at(postgres, 'healthcheck', 'test')).includes('pg_isready')) {
      problems.push('postgres needs a pg_isready healthcheck');
    }
    const mountsInit = asList(at(postgres, 'volumes')).some((volume) =>
      /deploy\/postgres\/init\.sql:\/docker-entrypoint-initdb\.d\//.test(String(volume)),
    );
    if (!mountsInit) {
      problems.push(
        'postgres must mount deploy/postgres/init.sql into /docker-entrypoint-initdb.d/',
      );
    }
  }
  if (nats) {
    const command = ` ${commandLine(at(nats, 'command'))} `;
    if (!/ (-js|--jetstream) /.test(command)) problems.push('nats must run with JetStream (-js)');
    if (!at(nats, 'healthcheck', 'test')) problems.push('nats needs a healthcheck');
  }
  return problems;
}

/** The role and database names in a postgres:// URL. */
function databaseLogin(url: string): { user: string; database: string } {
  const parsed = new URL(url);
  return { user: decodeURIComponent(parsed.username), database: parsed.pathname.slice(1) };
}

function initSqlProblems(sql: string, databaseUrl: string, migrationUrl: string): string[] {
  const runtime = databaseLogin(databaseUrl);
  const owner = databaseLogin(migrationUrl);
  const expected: [RegExp, string][] = [
    [new RegExp(`CREATE ROLE ${DB_ROLES.runtime}\\b`), `create the group role ${DB_ROLES.runtime}`],
    [new RegExp(`CREATE ROLE ${DB_ROLES.auth}\\b`), `create the group role ${DB_ROLES.auth}`],
    [
      new RegExp(`CREATE ROLE ${owner.user}\\b`),
      `create ${owner.user}, the DATABASE_MIGRATION_URL user`,
    ],
    [new RegExp(`CREATE ROLE ${runtime.user}\\b`), `create ${runtime.user}, the DATABASE_URL user`],
    [
      new RegExp(`GRANT ${DB_ROLES.runtime} TO ${runtime.user}\\b`),
      `grant ${DB_ROLES.runtime} to ${runtime.user}`,
    ],
    [
      new RegExp(`GRANT ${DB_ROLES.auth} TO ${owner.user}\\b`),
      `grant ${DB_ROLES.auth} to ${owner.user}`,
    ],
    [
      new RegExp(`CREATE DATABASE ${runtime.database} OWNER ${owner.user}\\b`),
      `create the database ${runtime.database} owned by ${owner.user}`,
    ],
    [
      new RegExp(`GRANT CONNECT ON DATABASE ${runtime.database} TO ${DB_ROLES.runtime}\\b`),
      `let ${DB_ROLES.runtime} connect to ${runtime.database}`,
    ],
  ];
  return expected
    .filter(([pattern]) => !pattern.test(sql))
    .map(([, what]) => `deploy/postgres/init.sql must ${what}`);
}

// ---- kustomize ---------------------------------------------------------------------------------

interface Manifest {
  kind: string;
  name: string;
  body: Dict;
}

/** Every object of the files a kustomization.yaml lists under resources (files only). */
function kustomizeResources(dir: string): Manifest[] {
  const kustomization = readYaml(`${dir}/kustomization.yaml`);
  return asList(kustomization['resources']).flatMap((resource) => {
    const path = `${dir}/${String(resource)}`;
    if (existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isDirectory()) {
      throw new Error(
        `${dir}/kustomization.yaml: this test reads resource files, not directories (${path})`,
      );
    }
    return readYamlDocuments(path).map((body) => ({
      kind: String(body['kind']),
      name: String(at(body, 'metadata', 'name')),
      body,
    }));
  });
}

function findManifest(manifests: Manifest[], kind: string, name: string): Manifest | undefined {
  return manifests.find((manifest) => manifest.kind === kind && manifest.name === name);
}

/** The container that runs the service: the one named after it, else the first. */
function serviceContainer(deployment: Manifest, service: DeployedService): Dict {
  const containers = asList(at(deployment.body, 'spec', 'template', 'spec', 'containers')).map(
    asDict,
  );
  return containers.find((container) => container['name'] === service.name) ?? containers[0] ?? {};
}

/** A probe's port as a number; named ports are looked up in the container's ports. */
function probePort(container: Dict, probe: unknown): number | undefined {
  const port = at(probe, 'httpGet', 'port');
  if (typeof port === 'number') return port;
  const named = asList(container['ports']).find((p) => at(p, 'name') === port);
  const containerPort = at(named, 'containerPort');
  return typeof containerPort === 'number' ? containerPort : undefined;
}

/** What a ConfigMap or Secret provides: data (Secret data is base64) and stringData. */
function manifestValues(manifest: Manifest): Record<string, string> {
  const data = asStrings(manifest.body['data']);
  const decoded =
    manifest.kind === 'Secret'
      ? Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
        )
      : data;
  return { ...decoded, ...asStrings(manifest.body['stringData']) };
}

/** The container's environment: envFrom ConfigMaps and Secrets first, then env (which wins). */
function containerEnvironment(
  container: Dict,
  manifests: Manifest[],
  where: string,
): { env: Env; problems: string[] } {
  const env: Env = {};
  const problems: string[] = [];
  for (const source of asList(container['envFrom'])) {
    const [kind, name] = at(source, 'configMapRef')
      ? ['ConfigMap', String(at(source, 'configMapRef', 'name'))]
      : ['Secret', String(at(source, 'secretRef', 'name'))];
    const manifest = findManifest(manifests, kind, name);
    if (manifest) Object.assign(env, manifestValues(manifest));
    else problems.push(`${where} reads ${kind} "${name}", which k8s/base does not define`);
  }
  for (const variable of asList(container['env'])) {
    env[String(at(variable, 'name'))] = envVarValue(variable, manifests);
  }
  return { env, problems };
}

/** An env entry's value: `value`, or the ConfigMap/Secret key its `valueFrom` names. */
function envVarValue(variable: unknown, manifests: Manifest[]): string {
  for (const [kind, ref] of [
    ['ConfigMap', at(variable, 'valueFrom', 'configMapKeyRef')],
    ['Secret', at(variable, 'valueFrom', 'secretKeyRef')],
  ] as const) {
    const source = ref ? findManifest(manifests, kind, String(at(ref, 'name'))) : undefined;
    if (source) return manifestValues(source)[String(at(ref, 'key'))] ?? '';
  }
  return String(at(variable, 'value') ?? '');
}

function deploymentProblems(service: DeployedService, manifests: Manifest[]): string[] {
  const deployment = findManifest(manifests, 'Deployment', service.name);
  const problems: string[] = [];
  if (!findManifest(manifests, 'Service', service.name)) {
    problems.push(
      `k8s/base has no Service "${service.name}" (list its file in k8s/base/kustomization.yaml)`,
    );
  }
  if (!deployment) {
    return [
      ...problems,
      `k8s/base has no Deployment "${service.name}" (list its file in k8s/base/kustomization.yaml)`,
    ];
  }

  const where = `k8s/base Deployment ${service.name}`;
  const container = serviceContainer(deployment, service);
  if (!String(container['image'] ?? '').startsWith(`techfinance/${service.name}:`)) {
    problems.push(`${where}: image must be techfinance/${service.name}:<tag>`);
  }
  const { env, problems: sourceProblems } = containerEnvironment(container, manifests, where);
  problems.push(...sourceProblems);
  // Liveness on the service's port; readiness (it names the NATS server) on the management port.
  const managementPort = Number(env['MANAGEMENT_PORT']);
  if (!Number.isInteger(managementPort) || managementPort === service.port) {
    problems.push(`${where}: MANAGEMENT_PORT must be set, and not to the service's port`);
  }
  for (const [probe, path, port] of [
    ['readinessProbe', '/health/ready', managementPort],
    ['livenessProbe', '/health/live', service.port],
  ] as const) {
    const spec = container[probe];
    if (at(spec, 'httpGet', 'path') !== path || probePort(container, spec) !== port) {
      problems.push(`${where}: ${probe} must GET ${path} on port ${port}`);
    }
  }
  const scraped = at(
    deployment.body,
    'spec',
    'template',
    'metadata',
    'annotations',
    'prometheus.io/port',
  );
  if (String(scraped) !== String(managementPort)) {
    problems.push(`${where}: prometheus.io/port must be the management port ${managementPort}`);
  }
  for (const bound of ['requests', 'limits']) {
    const resources = asDict(at(container, 'resources', bound));
    if (!resources['cpu'] || !resources['memory']) {
      problems.push(`${where}: resources.${bound} needs cpu and memory`);
    }
  }
  const nonRoot =
    at(deployment.body, 'spec', 'template', 'spec', 'securityContext', 'runAsNonRoot') === true ||
    at(container, 'securityContext', 'runAsNonRoot') === true;
  if (!nonRoot) problems.push(`${where}: securityContext.runAsNonRoot must be true`);

  const missing = missingRequired(service, Object.keys(env));
  for (const name of missing) {
    problems.push(
      `${where}: ${name} (required in production) is in neither ConfigMap ${CONFIG_MAP}, Secret ${SECRET} nor the container env`,
    );
  }
  if (env['SERVICE_NAME'] !== service.serviceName) {
    problems.push(`${where}: env SERVICE_NAME must be "${service.serviceName}"`);
  }
  if (env['PORT'] !== String(service.port)) {
    problems.push(`${where}: env PORT must be ${service.port}`);
  }
  const rejected = missing.length === 0 && configProblem(service, env);
  if (rejected) {
    problems.push(`${where}: its environment is rejected in production: ${rejected}`);
  }
  return problems;
}

/** The objects an overlay's patches contain (patches[].path / patch and patchesStrategicMerge). */
function overlayPatches(dir: string, kustomization: Dict): Dict[] {
  const fromEntry = (entry: unknown): Dict[] => {
    if (typeof entry === 'string') {
      return entry.includes('\n')
        ? parseAllDocuments(entry).map((d) => asDict(d.toJS()))
        : readYamlDocuments(`${dir}/${entry}`);
    }
    if (at(entry, 'path')) return readYamlDocuments(`${dir}/${String(at(entry, 'path'))}`);
    return typeof at(entry, 'patch') === 'string' ? fromEntry(at(entry, 'patch')) : [];
  };
  return [
    ...asList(kustomization['patches']),
    ...asList(kustomization['patchesStrategicMerge']),
  ].flatMap(fromEntry);
}

function overlayProblems(center: string, services: DeployedService[]): string[] {
  const dir = `k8s/overlays/${center}`;
  const kustomization = readYaml(`${dir}/kustomization.yaml`);
  const problems: string[] = [];
  if (!asList(kustomization['resources']).includes('../../base')) {
    problems.push(`${dir}: resources must include ../../base`);
  }
  if (kustomization['namespace'] !== `tf-${center}`) {
    problems.push(`${dir}: namespace must be tf-${center}`);
  }

  const configPatch = overlayPatches(dir, kustomization).find(
    (patch) => patch['kind'] === 'ConfigMap' && at(patch, 'metadata', 'name') === CONFIG_MAP,
  );
  const tenantCodes = at(configPatch, 'data', 'TENANT_CODES');
  if (tenantCodes !== center) {
    problems.push(
      `${dir}: a patch of ConfigMap ${CONFIG_MAP} must set TENANT_CODES to ${center} (got ${String(tenantCodes)})`,
    );
  }

  const images = asList(kustomization['images']);
  for (const service of services) {
    const image = images.find((i) => at(i, 'name') === `techfinance/${service.name}`);
    if (!at(image, 'newTag') && !at(image, 'digest')) {
      problems.push(`${dir}: images must pin techfinance/${service.name} (newTag or digest)`);
    }
  }
  return problems;
}

// ---- Dockerfile ----------------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions grouped by build stage (each starts with its FROM). */
function dockerStages(text: string): Instruction[][] {
  const instructions = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
      return { keyword: keyword.toUpperCase(), args };
    });
  return instructions.reduce<Instruction[][]>((stages, instruction) => {
    if (instruction.keyword === 'FROM') stages.push([instruction]);
    else stages[stages.length - 1]?.push(instruction);
    return stages;
  }, []);
}

function dockerfileProblems(text: string): string[] {
  const stages = dockerStages(text);
  const problems: string[] = [];
  if (stages.length < 2) {
    problems.push(`Dockerfile must be multi-stage (found ${stages.length} FROM)`);
  }

  const usesService = (stage: Instruction[]) => stage.some((i) => /\$\{?SERVICE\b/.test(i.args));
  const declaresService = (stage: Instruction[]) =>
    stage.some((i) => i.keyword === 'ARG' && /^SERVICE\b/.test(i.args));
  if (!stages.some(declaresService)) problems.push('Dockerfile must declare ARG SERVICE');
  stages.forEach((stage, index) => {
    if (usesService(stage) && !declaresService(stage)) {
      problems.push(
        `Dockerfile stage ${index + 1} (${stage[0]?.args}) uses $SERVICE without its own ARG SERVICE`,
      );
    }
  });
  const all = stages.flat();
  if (!all.some((i) => i.keyword === 'RUN' && /nx build "?\$\{?SERVICE\b/.test(i.args))) {
    problems.push('Dockerfile must run `nx build ${SERVICE}`');
  }

  const runtime = stages[stages.length - 1] ?? [];
  const user = runtime
    .filter((i) => i.keyword === 'USER')
    .pop()
    ?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') {
    problems.push(
      `Dockerfile's final stage must switch to a non-root USER (got ${user ?? 'none'})`,
    );
  }
  if (!runtime.some((i) => i.keyword === 'ENV' && /\bNODE_ENV=production\b/.test(i.args))) {
    problems.push("Dockerfile's final stage must set NODE_ENV=production");
  }
  if (!runtime.some((i) => i.keyword === 'HEALTHCHECK' && i.args.includes('/health/live'))) {
    problems.push("Dockerfile's final stage needs a HEALTHCHECK on /health/live");
  }
  if (!runtime.some((i) => i.keyword === 'CMD' && i.args.includes('main.js'))) {
    problems.push("Dockerfile's final stage must run main.js");
  }
  return problems;
}

// ---- the tests -----------------------------------------------------------------------------------

const SERVICES = discoverServices();
const compose = lazy(() => readYaml('docker-compose.yml'));
const baseManifests = lazy(() => kustomizeResources('k8s/base'));

it('discovers the services from services/*/src/config.ts', () => {
  expect(SERVICES.length).toBeGreaterThan(0);
  for (const service of SERVICES) expect(service.required).toContain('DATABASE_URL');
});

describe('Dockerfile', () => {
  it('builds any service in stages and runs it as a non-root user', () => {
    expect(dockerfileProblems(readRepoFile('Dockerfile'))).toEqual([]);
  });

  it('keeps host artefacts out of the build context', () => {
    const ignored = readRepoFile('.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim());
    const missing = ['node_modules', 'dist', '.git'].filter((entry) => !ignored.includes(entry));
    expect(missing.map((entry) => `.dockerignore must list ${entry}`)).toEqual([]);
  });
});

describe('docker-compose.yml', () => {
  it('runs PostgreSQL (with the init script) and NATS with JetStream', () => {
    expect(composeInfrastructureProblems(compose())).toEqual([]);
  });

  it.each(SERVICES.map((service) => [service.name, service] as const))(
    'runs %s, built from the Dockerfile, with everything its config requires',
    (_name, service) => {
      expect(composeServiceProblems(service, compose())).toEqual([]);
    },
  );

  it.each(SERVICES.map((service) => [service.name, service] as const))(
    'creates the roles and database that %s connects as in deploy/postgres/init.sql',
    (name) => {
      const env = composeEnvironment(at(compose(), 'services', name));
      const databaseUrl = env['DATABASE_URL'] ?? '';
      const migrationUrl = env['DATABASE_MIGRATION_URL'] ?? '';
      if (!URL.canParse(databaseUrl) || !URL.canParse(migrationUrl)) {
        throw new Error(`docker-compose.yml services.${name} needs both database URLs`);
      }
      const sql = readRepoFile('deploy/postgres/init.sql');
      expect(initSqlProblems(sql, databaseUrl, migrationUrl)).toEqual([]);
    },
  );
});

describe('k8s/base', () => {
  it.each(SERVICES.map((service) => [service.name, service] as const))(
    'deploys %s with probes, resources, a non-root user and its whole configuration',
    (_name, service) => {
      expect(deploymentProblems(service, baseManifests())).toEqual([]);
    },
  );

  it(`defines ConfigMap ${CONFIG_MAP} and Secret ${SECRET}`, () => {
    const expected = [
      ['ConfigMap', CONFIG_MAP],
      ['Secret', SECRET],
    ] as const;
    const missing = expected.filter(([kind, name]) => !findManifest(baseManifests(), kind, name));
    expect(missing.map(([kind, name]) => `k8s/base has no ${kind} ${name}`)).toEqual([]);
  });

  it('autoscales the gateway with an autoscaling/v2 HorizontalPodAutoscaler', () => {
    const hpa = baseManifests().find(
      (manifest) =>
        manifest.kind === 'HorizontalPodAutoscaler' &&
        at(manifest.body, 'spec', 'scaleTargetRef', 'kind') === 'Deployment' &&
        at(manifest.body, 'spec', 'scaleTargetRef', 'name') === 'gateway',
    );
    expect(hpa ? String(hpa.body['apiVersion']) : 'no HPA targets Deployment gateway').toBe(
      'autoscaling/v2',
    );
  });
});

describe('k8s/overlays', () => {
  it.each(CENTERS)(
    'deploys the base for %s, dedicated to that center, with pinned images',
    (center) => {
      expect(overlayProblems(center, SERVICES)).toEqual([]);
    },
  );
});
