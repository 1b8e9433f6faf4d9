import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeEnvironment, PlatformConfig } from '@tf/platform';

const ROOT = join(__dirname, '..', '..');

/** The README's configuration table names every variable any service reads. */
describe('README configuration table', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const services = readdirSync(join(ROOT, 'services')).filter((name) =>
    existsSync(join(ROOT, 'services', name, 'src', 'config.ts')),
  );

  it.each(services)('documents every variable of %s', (name) => {
    const exported = require(join(ROOT, 'services', name, 'src', 'config.ts')) as Record<
      string,
      unknown
    >;
    const configClass = Object.values(exported).find(
      (value): value is typeof PlatformConfig =>
        typeof value === 'function' && value.prototype instanceof PlatformConfig,
    );
    expect(configClass).toBeDefined();
    const missing = describeEnvironment(configClass!)
      .map((spec) => spec.name)
      .filter((variable) => !new RegExp(`^\\| \`${variable}\` +\\|`, 'm').test(readme));
    expect(missing).toEqual([]);
  });
});
