import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CENTER_ROLES, ROLES, TenancyErrors, type Role, type tenancy } from '@tf/contracts';
import {
  conflict,
  invalidInput,
  isUniqueViolation,
  LOGGER,
  newId,
  notFound,
  TenantDatabase,
  TenantRepository,
  type TenantHandlerContext,
} from '@tf/platform';
import type { Logger } from 'pino';
import { TenancyConfig } from '../config';
import { hashPassword } from './password';
import { passwordProblem } from './password-policy';
import { UserEntity } from './user.entity';

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,62}$/;

/** Center staff: created and disabled by a center admin; the first platform admin at start. */
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
    const problem = passwordProblem(request.password, username);
    if (problem) throw invalidInput('password', problem);
    if (request.roles.length === 0) throw invalidInput('roles', 'must name at least one role');
    const bad = request.roles.filter((r) => !(CENTER_ROLES as readonly string[]).includes(r));
    if (bad.length > 0) {
      const message = `must be among ${CENTER_ROLES.join(', ')}${bad.some((r) => (ROLES as readonly string[]).includes(r)) ? ' (platform-admin is not a center role)' : ''}`;
      throw invalidInput('roles', message);
    }
    try {
      return await this.repo(ctx).insert({
        id: newId(),
        username,
        passwordHash: await hashPassword(request.password),
        roles: [...new Set(request.roles)] as Role[],
        createdAt: new Date(),
        disabledAt: null,
      });
    } catch (error) {
      // Usernames are unique across the platform (a login names no center), but which center
      // holds a name is not this center's business: one answer whoever has it.
      if (isUniqueViolation(error)) {
        throw conflict(
          TenancyErrors.USERNAME_UNAVAILABLE,
          'this username cannot be used; choose another',
          'username',
        );
      }
      throw error;
    }
  }

  async get(ctx: TenantHandlerContext, id: string): Promise<UserEntity> {
    const user = await this.repo(ctx).findById(id);
    if (!user) throw notFound(TenancyErrors.USER_NOT_FOUND, `user ${id}`);
    return user;
  }

  list(ctx: TenantHandlerContext, request: tenancy.ListUsersRequest) {
    const username = request.username?.trim().toLowerCase();
    return this.repo(ctx).page(username ? { username } : {}, request.page ?? {});
  }

  /** No more logins, and every open session ends (the gateway notices within its cache window). */
  async disable(ctx: TenantHandlerContext, id: string): Promise<UserEntity> {
    const repo = this.repo(ctx);
    const user = await repo.findByIdForUpdate(id);
    if (!user) throw notFound(TenancyErrors.USER_NOT_FOUND, `user ${id}`);
    if (!user.disabledAt) {
      user.disabledAt = new Date();
      await repo.update(id, { disabledAt: user.disabledAt });
      await ctx.manager.query(
        'UPDATE tenancy.sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
        [id],
      );
      this.logger.info({ userId: id }, 'user disabled; sessions revoked');
    }
    return user;
  }

  private repo(ctx: TenantHandlerContext) {
    return new TenantRepository(ctx.manager, ctx.tenant, UserEntity);
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
    ...(u.disabledAt ? { disabledAt: u.disabledAt.toISOString() } : {}),
  };
}
