/**
 * Named places where a fault test crashes a service on purpose, as a power cut would, to prove
 * what survives it: `TF_FAILPOINTS=inbox.after-commit` kills the process (SIGKILL, no cleanup)
 * the first time an event's transaction has committed and its acknowledgement is not yet sent.
 * Read once at start; ignored in production, where nothing may arm it.
 */
export type Failpoint = 'inbox.after-commit';

const armed = new Set(
  process.env['NODE_ENV'] === 'production'
    ? []
    : (process.env['TF_FAILPOINTS'] ?? '').split(',').filter(Boolean),
);

export function failpoint(name: Failpoint): void {
  if (armed.has(name)) process.kill(process.pid, 'SIGKILL');
}
