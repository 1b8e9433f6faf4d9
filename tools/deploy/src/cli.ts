/**
 * npm run deploy:render            writes every generated deployment file
 * npm run deploy:render -- --check lists the stale ones and exits 1 (what CI would run)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadServices, renderDeployment, ROOT, SERVICES_DIR } from './render-deployment';

export function main(args: string[]): number {
  const check = args.includes('--check');
  const files = renderDeployment(loadServices());
  const rendered = new Set(files.map((file) => file.path));
  // A service folder that was removed leaves its k8s file behind: delete it.
  const leftovers = existsSync(join(ROOT, SERVICES_DIR))
    ? readdirSync(join(ROOT, SERVICES_DIR))
        .map((name) => `${SERVICES_DIR}/${name}`)
        .filter((path) => !rendered.has(path))
    : [];
  const stale = files.filter((file) => {
    const path = join(ROOT, file.path);
    return !existsSync(path) || readFileSync(path, 'utf8') !== file.content;
  });

  if (check) {
    for (const path of [...stale.map((file) => file.path), ...leftovers]) {
      process.stderr.write(`stale: ${path}\n`);
    }
    if (stale.length + leftovers.length > 0) {
      process.stderr.write('Run `npm run deploy:render` and commit the result.\n');
      return 1;
    }
    process.stdout.write(`${files.length} generated deployment files are up to date.\n`);
    return 0;
  }
  for (const file of stale) {
    mkdirSync(dirname(join(ROOT, file.path)), { recursive: true });
    writeFileSync(join(ROOT, file.path), file.content);
    process.stdout.write(`wrote ${file.path}\n`);
  }
  for (const path of leftovers) {
    rmSync(join(ROOT, path));
    process.stdout.write(`deleted ${path}\n`);
  }
  process.stdout.write(`${files.length} generated deployment files, ${stale.length} changed.\n`);
  return 0;
}
