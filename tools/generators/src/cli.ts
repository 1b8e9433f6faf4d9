/**
 * npm run new-service -- <name> --port <n> [--record <singular>] [--plural <plural>]
 *                        [--description "<one line>"] [--dry-run]
 *
 * Writes the service (service-generator.ts), formats what it wrote, then regenerates the
 * protobuf code and the deployment files, so the network runs with the new service at once.
 */
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatFiles } from '@nx/devkit';
import { flushChanges, FsTree, printChanges } from 'nx/src/generators/tree';
import { serviceGenerator } from './service-generator';

const ROOT = join(__dirname, '..', '..', '..');

export async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      record: { type: 'string' },
      plural: { type: 'string' },
      description: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const [name] = positionals;
  if (!name || !values.port) {
    process.stderr.write(
      'usage: npm run new-service -- <name> --port <n> [--record <singular>] [--plural <plural>] [--description "<one line>"] [--dry-run]\n',
    );
    return 2;
  }
  const tree = new FsTree(ROOT, false);
  serviceGenerator(tree, {
    name,
    port: Number(values.port),
    record: values.record,
    plural: values.plural,
    description: values.description,
  });
  await formatFiles(tree);
  const changes = tree.listChanges();
  printChanges(changes);
  if (values['dry-run']) {
    process.stdout.write('Dry run: nothing was written.\n');
    return 0;
  }
  flushChanges(ROOT, changes);
  for (const command of ['npm run generate', 'npm run deploy:render']) {
    execSync(command, { cwd: ROOT, stdio: 'inherit' });
  }
  process.stdout.write(
    [
      '',
      `services/${name} is ready: \`npm start\` runs it and \`npm test\` tests it.`,
      'Next:',
      `- the domain: services/${name}/src/<feature>/domain/ (pure functions, scenario-named specs);`,
      `- its vocabulary and errors: libs/contracts/src/vocabulary/${name}.ts;`,
      `- partner scopes for its routes: services/tenancy/src/partners/partner-kinds.ts;`,
      '- docs/api.md and the README.',
      '',
    ].join('\n'),
  );
  return 0;
}
