import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const GENERATED = join(ROOT, 'libs', 'contracts', 'src', 'gen');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The TypeScript in src/gen must be exactly what buf makes from proto/ now. */
describe('generated contracts', () => {
  it('are up to date with proto/ (run `npm run generate` if this fails)', () => {
    const out = mkdtempSync(join(tmpdir(), 'tf-contracts-'));
    try {
      const buf = spawnSync(
        join(ROOT, 'node_modules', '.bin', 'buf'),
        ['generate', '--output', out],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(buf.stderr).toBe('');
      expect(buf.status).toBe(0);
      const fresh = join(out, 'libs', 'contracts', 'src', 'gen');
      const expected = files(fresh).map((f) => relative(fresh, f));
      expect(
        files(GENERATED)
          .map((f) => relative(GENERATED, f))
          .sort(),
      ).toEqual(expected.sort());
      for (const file of expected) {
        expect({ file, content: readFileSync(join(GENERATED, file), 'utf8') }).toEqual({
          file,
          content: readFileSync(join(fresh, file), 'utf8'),
        });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('every proto file has generated code', () => {
    const protos = files(join(ROOT, 'proto')).filter((f) => f.endsWith('.proto'));
    for (const proto of protos) {
      const generated = join(
        GENERATED,
        relative(join(ROOT, 'proto'), proto).replace(/\.proto$/, '_pb.ts'),
      );
      expect(statSync(generated).isFile()).toBe(true);
    }
  });
});
