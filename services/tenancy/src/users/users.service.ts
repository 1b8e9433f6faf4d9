import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CENTER_ROLES, ROLES, TenancyErrors, USERNAME, tenancy, type Role } from '@tf/contracts';
import {
  conflict,
  invalidInput,
  isOneOf,
  isUniqueViolation,
  LOGGER,
  messageOf,
  newId,
  notFound,
  TenantDatabase,
  type TenantReads,
  type TenantWrites,
  logFields,
} from '@tf/platform';
import type { Logger } from 'pino';
import { TenancyConfig } from '../config';
import { hashPassword } from './password';
import { passwordProblem } from './password-policy';
import { UserEntity } from './user.entity';

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
    const rows = await this.db.platformWork({ requestId: 'startup' }, (tx) =>
      tx.sql<{ created: boolean | null }>(
        'SELECT tenancy.create_first_platform_admin($1, $2, $3) AS created',
        [newId(), this.config.ADMIN_USERNAME, hash],
      ),
    );
    if (rows[0]?.created === true)
      this.logger.info({ username: this.config.ADMIN_USERNAME }, 'first platform admin created');
  }

  /** Checks and hashes outside any transaction (scrypt takes tens of ms), then stores in `write`. */
  async create(
    request: tenancy.CreateUserRequest,
    write: <T>(work: (tx: TenantWrites) => Promise<T>) => Promise<T>,
  ): Promise<tenancy.User> {
    const username = request.username.trim().toLowerCase();
    if (!USERNAME.test(username))
      throw invalidInput(
        'username',
        'must be 3-63 characters: lower-case letters, digits, dot, dash, underscore',
      );
    const problem = passwordProblem(request.password, username);
    if (problem) throw invalidInput('password', problem);
    if (request.roles.length === 0) throw invalidInput('roles', 'must name at least one role');
    const bad = request.roles.filter((r) => !isOneOf(CENTER_ROLES, r));
    if (bad.length > 0) {
      const message = `must be among ${CENTER_ROLES.join(', ')}${bad.some((r) => isOneOf(ROLES, r)) ? ' (platform-admin is not a center role)' : ''}`;
      throw invalidInput('roles', message);
    }
    const passwordHash = await hashPassword(request.password);
    try {
      return await write(async (tx) =>
        userMessage(
          await tx.rows(UserEntity).insert({
            id: newId(),
            username,
            passwordHash,
            roles: [...new Set(request.roles)] as Role[],
            createdAt: new Date(),
            disabledAt: null,
          }),
        ),
      );
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

  async get(tx: TenantReads, id: string): Promise<tenancy.User> {
    const user = await tx.rows(UserEntity).findById(id);
    if (!user) throw notFound(TenancyErrors.USER_NOT_FOUND, `user ${id}`);
    return userMessage(user);
  }

  async list(
    tx: TenantReads,
    request: tenancy.ListUsersRequest,
  ): Promise<tenancy.ListUsersResponse> {
    const username = request.username?.trim().toLowerCase();
    const page = await tx.rows(UserEntity).page(username ? { username } : {}, request.page);
    return messageOf(tenancy.ListUsersResponseSchema, {
      items: page.items.map(userMessage),
      page: { nextCursor: page.nextCursor },
    });
  }

  /** No more logins, and every open session ends (the gateway notices within its cache window). */
  async disable(tx: TenantWrites, id: string): Promise<tenancy.User> {
    const users = tx.rows(UserEntity);
    const user = await users.findByIdForUpdate(id);
    if (!user) throw notFound(TenancyErrors.USER_NOT_FOUND, `user ${id}`);
    if (!user.disabledAt) {
      user.disabledAt = new Date();
      await users.update(id, { disabledAt: user.disabledAt });
      await tx.sql(
        'UPDATE tenancy.sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
        [id],
      );
      this.logger.info(
        Object.assign({}, logFields(tx), { userId: id }),
        'user disabled; sessions revoked',
      );
    }
    return userMessage(user);
  }
}

function userMessage(user: UserEntity): tenancy.User {
  return messageOf(tenancy.UserSchema, Object.assign({}, user, { tenant: user.tenantId }));
}
