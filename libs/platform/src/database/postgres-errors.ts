/** True for PostgreSQL's unique_violation (optionally of one named constraint). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  // pg's own error, or TypeORM's QueryFailedError around it.
  const pgError = error as { code?: string; constraint?: string; driverError?: unknown } | null;
  const cause = (pgError?.driverError ?? pgError) as { code?: string; constraint?: string } | null;
  return cause?.code === '23505' && (!constraint || cause.constraint === constraint);
}

/**
 * PostgreSQL's SQLSTATEs for "not now" rather than "wrong": connection exceptions (class 08),
 * the server shutting down or starting (57P01-57P03), and no connection slot left (53300).
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;
const UNAVAILABLE_SOCKET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
]);
/** What pg and its pool say when the connection is gone; they carry no code. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
];

/**
 * True when a statement failed because the database could not be reached or is restarting: the
 * request may succeed if tried again (a 503), unlike a bug or a broken rule (500, 4xx).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const outer = error as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  const cause = (outer?.driverError ?? outer) as { code?: unknown; message?: unknown } | null;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  if (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_SOCKET.has(code)) return true;
  const message = typeof cause?.message === 'string' ? cause.message : '';
  return UNAVAILABLE_MESSAGES.some((known) => message.startsWith(known));
}
