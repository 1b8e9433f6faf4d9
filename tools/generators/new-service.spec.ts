import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flushChanges, FsTree, type FileChange } from 'nx/src/generators/tree';
import { serviceGenerator } from './src/service-generator';

/*
 * Issue 7: the generator, run on a copy of the workspace, makes a service that typechecks, that
 * runs (its own integration test boots it on PostgreSQL and NATS, reads a row in its center and
 * answers 404 to a rival partner and to another center), and that is at most 300 lines to own.
 */
const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const COPIED = ['libs', 'services', 'proto', 'tsconfig.base.json'].concat([
  'buf.yaml',
  'buf.gen.yaml',
  'jest.preset.js',
  '.prettierrc',
  'package.json',
]);

/** Runs a tool of node_modules/.bin; a failure says what the tool printed. */
function run(command: string, args: string[], cwd: string): void {
  try {
    execFileSync(join(BIN, command), args, {
      cwd,
      stdio: 'pipe',
      env: { ...process.env, PATH: `${BIN}:${process.env['PATH'] ?? ''}` },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`${command} ${args.join(' ')} failed:\n${String(stdout)}${String(stderr)}`);
  }
}

describe('npm run new-service, on a copy of the workspace', () => {
  let root: string;
  let changes: FileChange[];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tf-new-service-'));
    for (const entry of COPIED) {
      cpSync(join(ROOT, entry), join(root, entry), {
        recursive: true,
        filter: (source) => !/[/\\](node_modules|dist|gen)$/.test(source),
      });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(
      join(root, 'tsconfig.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { noEmit: true, types: ['node', 'jest'] },
        include: ['services/**/*.ts', 'libs/**/*.ts'],
      }),
    );
    const tree = new FsTree(root, false);
    serviceGenerator(tree, {
      name: 'demo',
      port: 3199,
      record: 'demo-case',
      description: 'A demonstration.',
      timestamp: 1764400000000,
    });
    changes = tree.listChanges();
    flushChanges(root, changes);
    // As the CLI does with formatFiles (which cannot load prettier inside Jest).
    run('prettier', ['--write', '--ignore-unknown', ...changes.map((change) => change.path)], root);
    run('buf', ['generate'], root);
  }, 120_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('writes the service, its contracts and its route, and lists them where the network looks', () => {
    const written = changes.map((change) => `${change.type} ${change.path}`);
    expect(written).toEqual(
      expect.arrayContaining([
        'CREATE services/demo/src/service.ts',
        'CREATE services/demo/src/migrations/1764400000000-demo-schema.ts',
        'CREATE services/demo/src/demo-cases/demo-cases.handlers.ts',
        'CREATE proto/tf/demo/v1/demo.proto',
        'CREATE libs/contracts/src/demo.ts',
        'CREATE libs/contracts/src/vocabulary/demo.ts',
        'CREATE services/gateway/src/demo-cases/demo-cases.controller.ts',
        'UPDATE libs/contracts/src/index.ts',
        'UPDATE libs/contracts/src/vocabulary/index.ts',
        'UPDATE services/gateway/src/app.module.ts',
        'UPDATE services/gateway/src/http/swagger.ts',
      ]),
    );
    const config = readFileSync(join(root, 'services/demo/src/config.ts'), 'utf8');
    expect(config).toContain('PORT = 3199');
    expect(config).toContain('MANAGEMENT_PORT = 9199');
  });

  it('typechecks with the whole workspace', () => {
    expect(() => run('tsc', ['-p', 'tsconfig.json'], root)).not.toThrow();
  }, 120_000);

  it('runs: its own integration test passes on PostgreSQL and NATS', () => {
    expect(() => run('jest', ['-c', 'services/demo/jest.config.js', '--ci'], root)).not.toThrow();
  }, 120_000);

  it('is at most 300 lines to own, outside domain/ and tests', () => {
    const owned = changes
      .filter((change) => !/\/(test|domain)\/|\.spec\.ts$/.test(change.path))
      .map((change) => {
        const lines = (path: string) =>
          readFileSync(path, 'utf8')
            .split('\n')
            .filter((line) => line.trim()).length;
        const now = lines(join(root, change.path));
        return change.type === 'CREATE' ? now : now - lines(join(ROOT, change.path));
      })
      .reduce((sum, count) => sum + count, 0);
    expect(owned).toBeLessThanOrEqual(300);
  });

  it("keeps events declared before their service (as guarantee declared trading's): one proto, one contracts file", () => {
    const tree = new FsTree(root, false);
    // What a consumer writes before the service exists: its event messages and their contracts.
    tree.write(
      'proto/tf/exchange/v1/events.proto',
      'syntax = "proto3";\n\npackage tf.exchange.v1;\n\nmessage LotSold {\n  string lot_id = 1;\n}\n',
    );
    tree.write(
      'libs/contracts/src/exchange.ts',
      "import * as x from './gen/tf/exchange/v1/events_pb';\nimport { event } from './contract';\n\nexport const ExchangeEvents = {\n  lotSold: event('exchange', 'lot-sold', x.LotSoldSchema),\n} as const;\n",
    );
    // ...and its exports, in their groups, sorted (where a consumer puts them).
    const indexBefore = tree.read('libs/contracts/src/index.ts', 'utf8') ?? '';
    tree.write(
      'libs/contracts/src/index.ts',
      indexBefore
        .replace(
          "export * as credit from './gen/tf/credit/v1/credit_pb';\n",
          "$&export * as exchange from './gen/tf/exchange/v1/events_pb';\n",
        )
        .replace("export * from './credit';\n", "$&export * from './exchange';\n"),
    );
    serviceGenerator(tree, { name: 'exchange', port: 3198, record: 'lot', timestamp: 1 });
    const read = (path: string) => tree.read(path, 'utf8') ?? '';
    expect(tree.exists('proto/tf/exchange/v1/events.proto')).toBe(false);
    const proto = read('proto/tf/exchange/v1/exchange.proto');
    expect(proto).toContain('message Lot {');
    expect(proto).toContain('message LotSold {');
    expect(proto.match(/^package /gm)).toHaveLength(1);
    const contracts = read('libs/contracts/src/exchange.ts');
    expect(contracts).toContain("import { event, query } from './contract';");
    expect(contracts).toContain('export const ExchangeRpc = {');
    expect(contracts).toContain("lotSold: event('exchange', 'lot-sold', m.LotSoldSchema)");
    expect(contracts).not.toContain('events_pb');
    const index = read('libs/contracts/src/index.ts');
    expect(index.match(/^export \* as exchange from .+$/gm)).toEqual([
      "export * as exchange from './gen/tf/exchange/v1/exchange_pb';",
    ]);
    expect(index.match(/^export \* from '\.\/exchange';$/gm)).toHaveLength(1);
  });

  it('refuses a taken port and a name already used, before writing anything', () => {
    const tree = new FsTree(root, false);
    expect(() => serviceGenerator(tree, { name: 'credit', port: 3102 })).toThrow(
      'port 3102 is taken by valuation',
    );
    expect(() => serviceGenerator(tree, { name: 'demo', port: 3150 })).toThrow(
      'services/demo exists already',
    );
    expect(() => serviceGenerator(tree, { name: 'Credit-Loans', port: 3150 })).toThrow(
      'must be one lower-case word',
    );
    expect(tree.listChanges()).toEqual([]);
  });
});
