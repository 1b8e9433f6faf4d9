/**
 * `npm run new-service -- <name> --port <n>`: a new domain service in the shape valuation and
 * tenancy have, so that what is left to write is its domain. An Nx generator (a function of a
 * devkit Tree), so it runs the same on the workspace (./cli.ts) and on a temporary copy (the test).
 *
 * It writes services/<name> (config, the domainService, a migration, an entity, one query with its
 * handler, an integration test), proto/tf/<name>/v1, the contracts and the declared errors, and a
 * gateway route GET /api/v1/<plural>/{id}; and it registers them where the network lists them.
 * The deployment files come from `npm run deploy:render` (cli.ts runs it).
 */
import { generateFiles, names, type Tree } from '@nx/devkit';
import { join } from 'node:path';

export interface ServiceOptions {
  /** One lower-case word: the folder, NATS subjects tf.<name>.*, the PostgreSQL schema. */
  name: string;
  /** Its HTTP port (/health/live); the management port is 6000 above it. */
  port: number;
  /** Its first record, singular and kebab-case ("loan"); the service name when not given. */
  record?: string;
  /** The record's plural, the route and table ("loans"); the record plus "s" when not given. */
  plural?: string;
  /** One line on what the service does, for its definition and its Swagger tag. */
  description?: string;
  /** The migration's timestamp; now when not given. */
  timestamp?: number;
}

const MANAGEMENT_PORT_OFFSET = 6000;

export function serviceGenerator(tree: Tree, options: ServiceOptions): void {
  const variables = templateVariables(tree, options);
  const templates = join(__dirname, '..', 'files', 'service');
  const existing = new Set(tree.children('services'));
  if (existing.has(options.name)) throw new Error(`services/${options.name} exists already`);
  const declared = declaredAhead(tree, variables.name);
  generateFiles(tree, templates, '.', variables);
  if (declared) foldDeclaredEvents(tree, variables.name, declared);
  registerContracts(tree, variables);
  registerGatewayRoute(tree, variables);
}

/**
 * Events of a service that other services consumed before it existed (credit's and trading's
 * were declared by guarantee): their messages in proto/tf/<name>/v1/events.proto and their
 * contracts in libs/contracts/src/<name>.ts. The generated files would replace them.
 */
interface DeclaredEvents {
  proto: string;
  contracts: string;
}

function declaredAhead(tree: Tree, name: string): DeclaredEvents | undefined {
  const proto = tree.read(`proto/tf/${name}/v1/events.proto`, 'utf8');
  const contracts = tree.read(`libs/contracts/src/${name}.ts`, 'utf8');
  if (proto === null && contracts === null) return undefined;
  if (proto === null || contracts === null)
    throw new Error(
      `proto/tf/${name}/v1/events.proto and libs/contracts/src/${name}.ts go together; one is missing`,
    );
  return { proto, contracts };
}

/**
 * One proto file and one contracts file per service: the declared event messages move into the
 * generated <name>.proto, and the declared contracts (the Events table) join the generated Rpc
 * table, reading the messages from <name>_pb.
 */
function foldDeclaredEvents(tree: Tree, name: string, declared: DeclaredEvents): void {
  const messages = declared.proto.split(/^package [\w.]+;$/m)[1]?.trim() ?? '';
  edit(tree, `proto/tf/${name}/v1/${name}.proto`, (proto) => `${proto.trimEnd()}\n\n${messages}\n`);
  tree.delete(`proto/tf/${name}/v1/events.proto`);

  const alias = new RegExp(
    `^import \\* as (\\w+) from '\\./gen/tf/${name}/v1/events_pb';$`,
    'm',
  ).exec(declared.contracts)?.[1];
  if (!alias) throw new Error(`libs/contracts/src/${name}.ts does not import its events_pb`);
  const body = declared.contracts
    .split('\n')
    .filter((line) => !line.startsWith('import '))
    .join('\n')
    .replace(new RegExp(`\\b${alias}\\.`, 'g'), 'm.')
    .trim();
  edit(
    tree,
    `libs/contracts/src/${name}.ts`,
    (generated) =>
      `${generated.replace("import { query } from './contract';", "import { event, query } from './contract';").trimEnd()}\n\n${body}\n`,
  );
  edit(tree, 'libs/contracts/src/index.ts', (index) =>
    index.replace(`export * as ${name} from './gen/tf/${name}/v1/events_pb';\n`, ''),
  );
}

type Names = ReturnType<typeof names> & { tableName: string; words: string };

interface TemplateVariables {
  name: string;
  Name: string;
  port: number;
  managementPort: number;
  timestamp: number;
  description: string;
  record: Names;
  plural: Names;
  /** For file names: __recordFile__ and __pluralFile__. */
  recordFile: string;
  pluralFile: string;
  tmpl: '';
}

function templateVariables(tree: Tree, options: ServiceOptions): TemplateVariables {
  const { name, port } = options;
  if (!/^[a-z]{3,20}$/.test(name))
    throw new Error(`the name "${name}" must be one lower-case word of 3 to 20 letters`);
  const record = options.record ?? name;
  const plural = options.plural ?? `${record}s`;
  for (const [what, value] of [
    ['record', record],
    ['plural', plural],
  ] as const) {
    if (!/^[a-z]+(-[a-z]+)*$/.test(value))
      throw new Error(`the ${what} "${value}" must be lower-case words joined by dashes`);
  }
  if (!Number.isInteger(port) || port < 1024 || port + MANAGEMENT_PORT_OFFSET > 65535)
    throw new Error(
      `the port must be a whole number from 1024 to ${65535 - MANAGEMENT_PORT_OFFSET}`,
    );
  const managementPort = port + MANAGEMENT_PORT_OFFSET;
  const taken = portsInUse(tree);
  for (const wanted of [port, managementPort]) {
    const user = taken.get(wanted);
    if (user) throw new Error(`port ${wanted} is taken by ${user}; choose another --port`);
  }
  const withTable = (value: string): Names => ({
    ...names(value),
    tableName: value.replace(/-/g, '_'),
    words: value.replace(/-/g, ' '),
  });
  return {
    name,
    Name: names(name).className,
    port,
    managementPort,
    timestamp: options.timestamp ?? Date.now(),
    description: options.description ?? `The ${name} service.`,
    record: withTable(record),
    plural: withTable(plural),
    recordFile: record,
    pluralFile: plural,
    tmpl: '',
  };
}

/** The PORT and MANAGEMENT_PORT defaults of every service's config, by port. */
function portsInUse(tree: Tree): Map<number, string> {
  const taken = new Map<number, string>();
  for (const service of tree.children('services')) {
    const config = tree.read(`services/${service}/src/config.ts`, 'utf8') ?? '';
    for (const match of config.matchAll(/\b(?:MANAGEMENT_)?PORT = (\d+)/g))
      taken.set(Number(match[1]), service);
  }
  return taken;
}

/** The proto namespace, the contracts and the declared errors join the others' lists. */
function registerContracts(tree: Tree, v: TemplateVariables): void {
  edit(tree, 'libs/contracts/src/index.ts', (source) =>
    addToGroup(
      addToGroup(
        source,
        /^export \* as \w+ from '\.\/gen\/.+';$/,
        `export * as ${v.name} from './gen/tf/${v.name}/v1/${v.name}_pb';`,
      ),
      /^export \* from '\.\/(?!contract'|vocabulary'|policy-sections')[\w-]+';$/,
      `export * from './${v.name}';`,
    ),
  );
  edit(tree, 'libs/contracts/src/vocabulary/index.ts', (source) => {
    const withImport = addToGroup(
      addToGroup(
        source,
        /^import \{ \w+Errors \} from '\.\/[\w-]+';$/,
        `import { ${v.Name}Errors } from './${v.name}';`,
      ),
      /^export \* from '\.\/[\w-]+';$/,
      `export * from './${v.name}';`,
    );
    return insertAfterLast(withImport, /^ {2}\w+Errors,$/, `  ${v.Name}Errors,`);
  });
}

/** The gateway mounts the route's controller and Swagger lists the service's tag. */
function registerGatewayRoute(tree: Tree, v: TemplateVariables): void {
  const controller = `${v.plural.className}Controller`;
  edit(tree, 'services/gateway/src/app.module.ts', (source) =>
    insertAfterLast(
      insertAfterLast(
        source,
        /^import \{ \w+Controller \} from '\.\/[\w-]+\/[\w-]+\.controller';$/,
        `import { ${controller} } from './${v.pluralFile}/${v.pluralFile}.controller';`,
      ),
      /^ {8}\w+Controller,$/,
      `        ${controller},`,
    ),
  );
  edit(tree, 'services/gateway/src/http/swagger.ts', (source) =>
    insertAfterLast(
      source,
      /^ {4}\.addTag\(.+\)$/,
      `    .addTag('${v.name}', '${v.description.replace(/['\\]/g, '\\$&')}')`,
    ),
  );
}

function edit(tree: Tree, path: string, change: (source: string) => string): void {
  const source = tree.read(path, 'utf8');
  if (source === null) throw new Error(`${path} is missing`);
  tree.write(path, change(source));
}

/** Adds `line` to the run of lines matching `member`, keeping the run in alphabetical order. */
function addToGroup(source: string, member: RegExp, line: string): string {
  const lines = source.split('\n');
  const first = lines.findIndex((l) => member.test(l));
  if (first < 0) throw new Error(`no line like ${member} to add "${line}" to`);
  let end = first;
  while (end < lines.length && member.test(lines[end] ?? '')) end++;
  const current = lines.slice(first, end);
  if (current.includes(line)) return source;
  const group = [...current, line].sort();
  return [...lines.slice(0, first), ...group, ...lines.slice(end)].join('\n');
}

/** Adds `line` after the last line matching `anchor`. */
function insertAfterLast(source: string, anchor: RegExp, line: string): string {
  const lines = source.split('\n');
  const last = lines.map((l) => anchor.test(l)).lastIndexOf(true);
  if (last < 0) throw new Error(`no line like ${anchor} to add "${line}" after`);
  return [...lines.slice(0, last + 1), line, ...lines.slice(last + 1)].join('\n');
}
