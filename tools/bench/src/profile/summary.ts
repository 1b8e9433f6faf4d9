/**
 * What a V8 CPU profile (.cpuprofile) says, in a few lines a developer can act on: where the
 * process spent its time by package (a dependency, node's own code, the project's bundle, the
 * garbage collector), and the functions with the most self time and the most inclusive time.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  /** Microseconds since the previous sample, one per sample. */
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  /** Sampled time the process was not idle, in milliseconds. */
  busyMs: number;
  idleMs: number;
  packages: Share[];
  selfTime: Share[];
  inclusiveTime: Share[];
}

/** Which package a frame belongs to: `pg`, `@nestjs/core`, `node`, `project`, `(gc)`. */
export function packageOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + 'node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  if (url.startsWith('node:') || (url !== '' && !url.includes('/'))) return 'node';
  if (url === '') return functionName.startsWith('(') ? functionName : 'native';
  return 'project';
}

function frameName(frame: CallFrame): string {
  const file = frame.url.split('/').slice(-2).join('/');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

function shares(totals: Map<string, number>, busyMs: number, top: number): Share[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms: round(ms), percent: round((100 * ms) / (busyMs || 1)) }));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function summarize(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const idle = [...self].reduce(
    (sum, [id, ms]) => (byId.get(id)?.callFrame.functionName === '(idle)' ? sum + ms : sum),
    0,
  );
  const busyMs = [...self.values()].reduce((sum, ms) => sum + ms, 0) - idle;

  const packages = new Map<string, number>();
  const selfTime = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const pkg = packageOf(node.callFrame);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    const name = `${frameName(node.callFrame)} [${pkg}]`;
    selfTime.set(name, (selfTime.get(name) ?? 0) + ms);
  }

  // Inclusive time: a frame's subtree, counted once where the frame recurses into itself.
  const inclusive = new Map<string, number>();
  const root = profile.nodes[0];
  const onStack = new Map<string, number>();
  const visit = (node: ProfileNode): number => {
    const name = frameName(node.callFrame);
    onStack.set(name, (onStack.get(name) ?? 0) + 1);
    let total = self.get(node.id) ?? 0;
    for (const child of node.children ?? []) {
      const next = byId.get(child);
      if (next) total += visit(next);
    }
    const depth = (onStack.get(name) ?? 1) - 1;
    onStack.set(name, depth);
    if (depth === 0 && node.callFrame.functionName !== '(idle)' && node !== root)
      inclusive.set(name, (inclusive.get(name) ?? 0) + total);
    return total;
  };
  if (root) visit(root);
  for (const name of [...inclusive.keys()])
    if (name.startsWith('(root)') || name.startsWith('(program)')) inclusive.delete(name);

  return {
    busyMs: round(busyMs),
    idleMs: round(idle),
    packages: shares(packages, busyMs, top),
    selfTime: shares(selfTime, busyMs, top),
    inclusiveTime: shares(inclusive, busyMs, top),
  };
}

/** The summary as terminal lines. */
export function formatSummary(title: string, summary: ProfileSummary): string {
  const table = (heading: string, rows: Share[]) =>
    [
      `  ${heading}`,
      ...rows.map(
        (r) =>
          `    ${r.percent.toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}`,
      ),
    ].join('\n');
  return [
    `${title}: ${summary.busyMs.toFixed(0)} ms busy, ${summary.idleMs.toFixed(0)} ms idle`,
    table('by package (self time)', summary.packages),
    table('functions by self time', summary.selfTime),
    table('functions by inclusive time', summary.inclusiveTime),
  ].join('\n');
}
