/** True for PostgreSQL's unique_violation (optionally of one named constraint). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  // pg's own error, or TypeORM's QueryFailedError around it.
  const pgError = error as { code?: string; constraint?: string; driverError?: unknown } | null;
  const cause = (pgError?.driverError ?? pgError) as { code?: string; constraint?: string } | null;
  return cause?.code === '23505' && (!constraint || cause.constraint === constraint);
}
