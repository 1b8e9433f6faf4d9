import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What the demo keeps between runs, in `.demo/state-<hash of the URL>.json` (gitignored): the
 * API keys it was shown once, the day its plan's dates count back from, the ids of guarantees
 * (the API has no list of them), and the last statistics it printed. The network is the
 * authority on everything else; each run looks things up there first. A state file whose
 * network was dropped and re-created (its centers' creation time changed) is started afresh.
 */
export interface IssuedKey {
  id: string;
  key: string;
}

export interface CenterState {
  keys: Record<string, IssuedKey[]>;
  guarantees: Record<string, string>;
  notes: Record<string, string>;
}

export interface SeedState {
  anchor: string;
  network: string;
  centers: Record<string, CenterState>;
  lastStats?: unknown;
}

interface StateFile {
  version: 1;
  url: string;
  seeds: Record<string, SeedState>;
}

export class DemoState {
  private constructor(
    private readonly path: string,
    private readonly file: StateFile,
  ) {}

  static load(directory: string, url: string): DemoState {
    const hash = createHash('sha256').update(url).digest('hex').slice(0, 12);
    const path = join(directory, `state-${hash}.json`);
    const file: StateFile = existsSync(path)
      ? (JSON.parse(readFileSync(path, 'utf8')) as StateFile)
      : { version: 1, url, seeds: {} };
    return new DemoState(path, file);
  }

  get location(): string {
    return this.path;
  }

  /**
   * The seed's state for this network (identified by `network`, e.g. when its centers were
   * created); a fresh one, anchored today, when there is none or it belonged to another.
   */
  seed(seed: number, network: string, today: string): SeedState {
    const existing = this.file.seeds[String(seed)];
    if (existing && existing.network === network) return existing;
    const fresh: SeedState = { anchor: today, network, centers: {} };
    this.file.seeds[String(seed)] = fresh;
    return fresh;
  }

  static center(seed: SeedState, code: string): CenterState {
    return (seed.centers[code] ??= { keys: {}, guarantees: {}, notes: {} });
  }

  /** Written whole to a temporary file and renamed, so a crash never leaves half a file. */
  save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(`${this.path}.tmp`, `${JSON.stringify(this.file, null, 2)}\n`, { mode: 0o600 });
    renameSync(`${this.path}.tmp`, this.path);
  }
}
