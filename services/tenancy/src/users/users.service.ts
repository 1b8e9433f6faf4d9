import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { tenancy } from '@tf/contracts';
import {
  CENTER_ROLES,
  conflict,
  isUniqueViolation,
  DomainError,
  invalidInput,
  LOGGER,
  newId,
  notFound,
  ROLES,
  TenantDatabase,
  TenantRepository,
  unauthenticated,
  type HandlerContext,
  type Role,
  type TenantHandlerContext,
} from '@tf/platform';
import type { Logger } from 'pino';
import { TenancyConfig } from '../config';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { UserEntity } from './user.entity';

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,62}$/;

interface LoginRow {
  id: string;
  tenant_id: string | null;
  username: string;
  password_hash: string;
  roles: Role[];
  created_at: Date;
}

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  constructor(
    private readonly db: TenantDatabase,
    private readonly config: TenancyConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The first platform admin, from ADMIN_USERNAME / ADMIN_PASSWORD, while there is none. */
  async onApplicationBootstrap(): Promise<void> {
    const hash = await hashPassword(this.config.ADMIN_PASSWORD);
    const created = await this.db.transaction(undefined, async (manager) => {
      const rows: unknown[] = await manager.query(
        'SELECT tenancy.create_first_platform_admin($1, $2, $3) AS created',
        [newId(), this.config.ADMIN_USERNAME, hash],
      );
      return (rows[0] as { created: boolean | null } | undefined)?.created === true;
    });
    if (created)
      this.logger.info({ username: this.config.ADMIN_USERNAME }, 'first platform admin created');
  }

  async create(ctx: TenantHandlerContext, request: tenancy.CreateUserRequest): Promise<UserEntity> {
    const username = request.username.trim().toLowerCase();
    if (!USERNAME.test(username))
      throw invalidInput(
        'username',
        'must be 3-63 characters: lower-case letters, digits, dot, dash, underscore',
      );
    const problem = passwordProblem(request.password);
    if (problem) throw invalidInput('password', problem);
    if (request.roles.length === 0) throw invalidInput('roles', 'must name at least one role');
    const bad = request.roles.filter((r) => !(CENTER_ROLES as readonly string[]).includes(r));
    if (bad.length > 0) {
      const message = `must be among ${CENTER_ROLES.join(', ')}${bad.some((r) => (ROLES as readonly string[]).includes(r)) ? ' (platform-admin is not a center role)' : ''}`;
      throw invalidInput('roles', message);
    }
    const repo = new TenantRepository(ctx.manager, ctx.tenant, UserEntity);
    try {
      return await repo.insert({
        id: newId(),
        username,
        passwordHash: await hashPassword(request.password),
        roles: [...new Set(request.roles)] as Role[],
        createdAt: new Date(),
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict('USERNAME_TAKEN', `username ${username} is taken`, 'username');
      }
      throw error;
    }
  }

  async get(ctx: TenantHandlerContext, id: string): Promise<UserEntity> {
    const user = await new TenantRepository(ctx.manager, ctx.tenant, UserEntity).findById(id);
    if (!user) throw notFound('user', id);
    return user;
  }

  /** Login: the same answer for an unknown user and a wrong password, so usernames cannot be probed. */
  async verify(ctx: HandlerContext, request: tenancy.VerifyPasswordRequest): Promise<tenancy.User> {
    const rows: LoginRow[] = await ctx.manager.query('SELECT * FROM tenancy.user_for_login($1)', [
      request.username.trim().toLowerCase(),
    ]);
    const row = rows[0];
    const valid = row ? await verifyPassword(request.password, row.password_hash) : false;
    if (!row || !valid)
      throw unauthenticated('username or password is wrong', 'INVALID_CREDENTIALS');
    const served = this.config.servedTenants;
    if (row.tenant_id && served && !served.includes(row.tenant_id)) {
      throw new DomainError('INVALID_CREDENTIALS', 401, 'username or password is wrong');
    }
    return {
      $typeName: 'tf.tenancy.v1.User',
      id: row.id,
      tenant: row.tenant_id ?? '',
      username: row.username,
      roles: row.roles,
      createdAt: row.created_at.toISOString(),
    };
  }
}

export function userToMessage(u: UserEntity): tenancy.User {
  return {
    $typeName: 'tf.tenancy.v1.User',
    id: u.id,
    tenant: u.tenantId,
    username: u.username,
    roles: u.roles,
    createdAt: u.createdAt.toISOString(),
  };
}
