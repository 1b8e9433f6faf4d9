import { Injectable } from '@nestjs/common';
import { TenancyErrors, TenancyEvents, type tenancy } from '@tf/contracts';
import {
  Clock,
  conflict,
  formatMoney,
  isUniqueViolation,
  invalidInput,
  isMoneyString,
  newId,
  notFound,
  smeScope,
  TenantRepository,
  type TenantHandlerContext,
} from '@tf/platform';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from './credit-code';
import { EnterpriseEntity } from './enterprise.entity';

@Injectable()
export class EnterprisesService {
  constructor(private readonly clock: Clock) {}

  async register(
    ctx: TenantHandlerContext,
    request: tenancy.CreateEnterpriseRequest,
  ): Promise<EnterpriseEntity> {
    if (!request.name.trim()) throw invalidInput('name', 'must not be blank');
    if (request.foundedOn && request.foundedOn > this.clock.today())
      throw invalidInput('foundedOn', 'must not be in the future');
    const problem = creditCodeProblem(request.creditCode);
    if (problem)
      throw invalidInput(
        'creditCode',
        CREDIT_CODE_MESSAGES[problem],
        TenancyErrors.INVALID_CREDIT_CODE,
      );
    if (request.registeredCapital && !isMoneyString(request.registeredCapital)) {
      throw invalidInput(
        'registeredCapital',
        'must be a decimal amount with at most 2 places, such as "5000000.00"',
      );
    }
    const repo = this.repo(ctx);
    if (await repo.findOneBy({ creditCode: request.creditCode })) {
      throw conflict(
        TenancyErrors.ENTERPRISE_CREDIT_CODE_TAKEN,
        `an enterprise with credit code ${request.creditCode} is already registered`,
        'creditCode',
      );
    }
    const enterprise = await insertOrConflict(() =>
      repo.insert({
        id: newId(),
        creditCode: request.creditCode,
        name: request.name.trim(),
        industry: request.industry || null,
        foundedOn: request.foundedOn || null,
        employees: request.employees || null,
        groupCode: request.groupCode || null,
        highTech: request.highTech,
        registeredCapital: request.registeredCapital
          ? formatMoney(request.registeredCapital)
          : null,
        createdAt: new Date(),
      }),
    );
    await ctx.emit(TenancyEvents.enterpriseRegistered, {
      enterprise: enterpriseToMessage(enterprise),
    });
    return enterprise;
  }

  async get(ctx: TenantHandlerContext, id: string): Promise<EnterpriseEntity> {
    const scope = smeScope(ctx.actor);
    const enterprise =
      scope && scope.enterpriseId !== id ? null : await this.repo(ctx).findById(id);
    if (!enterprise) throw notFound(TenancyErrors.ENTERPRISE_NOT_FOUND, `enterprise ${id}`);
    return enterprise;
  }

  /** The center's enterprises; an SME's key lists its own only. */
  async list(ctx: TenantHandlerContext, request: tenancy.ListEnterprisesRequest) {
    const scope = smeScope(ctx.actor);
    if (scope && !scope.enterpriseId) return { items: [], nextCursor: '' };
    return this.repo(ctx).page(
      {
        ...(request.creditCode ? { creditCode: request.creditCode } : {}),
        ...(scope?.enterpriseId ? { id: scope.enterpriseId } : {}),
      },
      request.page ?? {},
    );
  }

  private repo(ctx: TenantHandlerContext) {
    return new TenantRepository(ctx.manager, ctx.tenant, EnterpriseEntity);
  }
}

/** Two registrations of one code racing past the look-up meet the unique constraint: still a 409. */
async function insertOrConflict<T>(insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if (isUniqueViolation(error, 'enterprises_credit_code_unique')) {
      throw conflict(
        TenancyErrors.ENTERPRISE_CREDIT_CODE_TAKEN,
        'an enterprise with this credit code is already registered',
        'creditCode',
      );
    }
    throw error;
  }
}

export function enterpriseToMessage(e: EnterpriseEntity): tenancy.Enterprise {
  return {
    $typeName: 'tf.tenancy.v1.Enterprise',
    id: e.id,
    tenant: e.tenantId,
    creditCode: e.creditCode,
    name: e.name,
    industry: e.industry ?? '',
    foundedOn: e.foundedOn ?? '',
    employees: e.employees ?? 0,
    groupCode: e.groupCode ?? '',
    highTech: e.highTech,
    registeredCapital: e.registeredCapital ? formatMoney(e.registeredCapital) : '',
    createdAt: e.createdAt.toISOString(),
  };
}
