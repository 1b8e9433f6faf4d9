/**
 * Turns a service's pino JSON line into one readable line for a terminal:
 * "12:04:05 tenancy  INFO  centers seeded {centers: [...]}". Lines that are not JSON pass through.
 */
const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
const HIDDEN = new Set(['level', 'time', 'service', 'msg', 'pid', 'hostname', 'context']);

export function formatLogLine(service: string, line: string): string {
  const name = service.padEnd(10);
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${clock(new Date())} ${name} ${line}`;
  }
  if (typeof entry !== 'object' || entry === null) return `${clock(new Date())} ${name} ${line}`;
  const time = typeof entry['time'] === 'string' ? new Date(entry['time']) : new Date();
  const level = LEVELS[Number(entry['level'])] ?? 'INFO ';
  const extra = Object.fromEntries(Object.entries(entry).filter(([key]) => !HIDDEN.has(key)));
  const rest = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
  return `${clock(time)} ${name} ${level} ${String(entry['msg'] ?? '')}${rest}`;
}

function clock(date: Date): string {
  return Number.isNaN(date.getTime()) ? '--:--:--' : date.toISOString().slice(11, 19);
}
