import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TenancyErrors, type Role, type tenancy } from '@tf/contracts';
import {
  Clock,
  CommonErrors,
  DomainError,
  invalidInput,
  isUuid,
  LOGGER,
  newId,
  PlatformConfig,
  PlatformMetrics,
  tooManyAttempts,
  type PlatformContext,
  type PlatformReads,
  type PlatformWrites,
  logFields,
} from '@tf/platform';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { hashPassword, verifyPassword } from '../users/password';
import { decideAttempt } from './login-throttle';

interface LoginRow {
  id: string;
  tenant_id: string | null;
  username: string;
  password_hash: string;
  roles: Role[];
  created_at: Date;
  disabled_at: Date | null;
}

interface SessionRow {
  id: string;
  user_id: string;
  tenant_id: string | null;
  expires_at: Date;
}

type FailureReason = 'unknown_user' | 'wrong_password' | 'disabled' | 'not_served' | 'locked';

/**
 * Staff logins and their sessions. A staff token names its session, and the gateway asks (and
 * caches briefly) whether it still stands, so logging out and disabling a user take effect
 * within that cache window rather than at the token's expiry.
 */
@Injectable()
export class SessionsService {
  /** Verified when the user is unknown, so that case costs one scrypt too (no timing oracle). */
  private readonly dummyHash = hashPassword(randomBytes(18).toString('base64url'));
  private readonly failures: Counter<'reason'>;

  constructor(
    private readonly config: PlatformConfig,
    private readonly clock: Clock,
    metrics: PlatformMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.failures = new Counter({
      name: 'tf_login_failures_total',
      help: 'Failed staff logins, by reason',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
  }

  /**
   * Three short transactions (count the attempt, find the user, open the session), and none held
   * while scrypt runs.
   */
  async open(ctx: PlatformContext, request: tenancy.OpenSessionRequest): Promise<tenancy.Login> {
    if (request.ttlSeconds < 60 || request.ttlSeconds > 86_400)
      throw invalidInput('ttlSeconds', 'must be from 60 to 86400');
    const username = request.username.trim().toLowerCase();
    const now = this.clock.now();
    const attempt = await ctx.unitOfWork((tx) => countAttempt(tx, username, now));
    if (!attempt.allowed) {
      this.failed(ctx, 'locked', username);
      throw tooManyAttempts(
        TenancyErrors.LOGIN_LOCKED,
        'too many failed logins for this account; try again after the time in Retry-After',
        attempt.retryAfterSeconds,
      );
    }
    const rows = await ctx.read((tx) =>
      tx.sql<LoginRow>('SELECT * FROM tenancy.user_for_login($1)', [username]),
    );
    const user = rows[0];
    const passwordMatches = await verifyPassword(
      request.password,
      user?.password_hash ?? (await this.dummyHash),
    );
    const reason = this.refusal(user, passwordMatches);
    if (reason || !user) {
      this.failed(ctx, reason ?? 'unknown_user', username);
      throw new DomainError(TenancyErrors.INVALID_CREDENTIALS, 'username or password is wrong');
    }
    const session = {
      id: newId(),
      expiresAt: new Date(now.getTime() + request.ttlSeconds * 1000),
    };
    await ctx.unitOfWork(async (tx) => {
      await tx.sql('DELETE FROM tenancy.login_attempts WHERE username = $1', [username]);
      await tx.sql(
        'INSERT INTO tenancy.sessions (id, user_id, tenant_id, expires_at) VALUES ($1, $2, $3, $4)',
        [session.id, user.id, user.tenant_id, session.expiresAt],
      );
    });
    return {
      $typeName: 'tf.tenancy.v1.Login',
      session: sessionMessage(
        Object.assign({}, session, { user_id: user.id, tenant_id: user.tenant_id }),
      ),
      user: {
        $typeName: 'tf.tenancy.v1.User',
        id: user.id,
        tenant: user.tenant_id ?? '',
        username: user.username,
        roles: user.roles,
        createdAt: user.created_at.toISOString(),
      },
    };
  }

  /** The session if it still stands; 401 once logged out, revoked by disabling, or expired. */
  async check(tx: PlatformReads, id: string): Promise<tenancy.Session> {
    const rows = isUuid(id)
      ? await tx.sql<SessionRow>(
          `SELECT id, user_id, tenant_id, expires_at FROM tenancy.sessions
           WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2`,
          [id, this.clock.now()],
        )
      : [];
    const row = rows[0];
    if (!row) throw sessionEnded();
    return sessionMessage({
      id: row.id,
      user_id: row.user_id,
      tenant_id: row.tenant_id,
      expiresAt: row.expires_at,
    });
  }

  /** Logout: the caller's own session (the gateway names it from the verified token). */
  async close(tx: PlatformWrites, id: string): Promise<tenancy.Session> {
    const session = await this.check(tx, id);
    await tx.sql('UPDATE tenancy.sessions SET revoked_at = now() WHERE id = $1', [id]);
    return session;
  }

  private refusal(user: LoginRow | undefined, passwordMatches: boolean): FailureReason | null {
    if (!user) return 'unknown_user';
    if (!passwordMatches) return 'wrong_password';
    if (user.disabled_at) return 'disabled';
    const served = this.config.servedTenants;
    if (user.tenant_id && served && !served.includes(user.tenant_id)) return 'not_served';
    return null;
  }

  private failed(ctx: PlatformContext, reason: FailureReason, username: string): void {
    this.failures.inc({ reason });
    this.logger.warn(Object.assign({}, logFields(ctx), { username, reason }), 'login refused');
  }
}

function sessionEnded() {
  return new DomainError(
    CommonErrors.SESSION_REVOKED,
    'this session has ended (logged out, or the user was disabled); log in again',
  );
}

function sessionMessage(row: {
  id: string;
  user_id: string;
  tenant_id: string | null;
  expiresAt: Date;
}): tenancy.Session {
  return {
    $typeName: 'tf.tenancy.v1.Session',
    id: row.id,
    userId: row.user_id,
    ...(row.tenant_id ? { tenant: row.tenant_id } : {}),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * Counts the attempt before the password is checked, in its own transaction so the count stands
 * whatever happens next; the upsert holds the row lock, so parallel attempts queue here.
 */
async function countAttempt(tx: PlatformWrites, username: string, now: Date) {
  const rows = await tx.sql<{ failures: number; locked_until: Date | null }>(
    `INSERT INTO tenancy.login_attempts (username, failures, last_attempt_at) VALUES ($1, 0, $2)
     ON CONFLICT (username) DO UPDATE SET last_attempt_at = EXCLUDED.last_attempt_at
     RETURNING failures, locked_until`,
    [username, now],
  );
  const previous = rows[0] ?? { failures: 0, locked_until: null };
  const decision = decideAttempt(
    { failures: previous.failures, lockedUntil: previous.locked_until },
    now,
  );
  if (decision.allowed) {
    await tx.sql(
      'UPDATE tenancy.login_attempts SET failures = $2, locked_until = $3 WHERE username = $1',
      [username, decision.failures, decision.lockedUntil],
    );
  }
  return decision;
}
