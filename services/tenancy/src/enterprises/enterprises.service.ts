import { Injectable } from '@nestjs/common';
import { TenancyEvents, type tenancy } from '@tf/contracts';
import {
  conflict,
  formatMoney,
  isUniqueViolation,
  invalidInput,
  isMoneyString,
  newId,
  notFound,
  TenantRepository,
  type TenantHandlerContext,
} from '@tf/platform';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from './credit-code';
import { EnterpriseEntity } from './enterprise.entity';

@Injectable()
export class EnterprisesService {
  async register(
    ctx: TenantHandlerContext,
    request: tenancy.CreateEnterpriseRequest,
  ): Promise<EnterpriseEntity> {
    const problem = creditCodeProblem(request.creditCode);
    if (problem)
      throw invalidInput('creditCode', CREDIT_CODE_MESSAGES[problem], 'INVALID_CREDIT_CODE');
    if (request.registeredCapital && !isMoneyString(request.registeredCapital)) {
      throw invalidInput(
        'registeredCapital',
        'must be a decimal amount with at most 2 places, such as "5000000.00"',
      );
    }
    const repo = this.repo(ctx);
    if (await repo.findOneBy({ creditCode: request.creditCode })) {
      throw conflict(
        'ENTERPRISE_CREDIT_CODE_TAKEN',
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
    const enterprise = await this.repo(ctx).findById(id);
    if (!enterprise) throw notFound('enterprise', id);
    return enterprise;
  }

  list(ctx: TenantHandlerContext, request: tenancy.ListEnterprisesRequest) {
    return this.repo(ctx).page(
      request.creditCode ? { creditCode: request.creditCode } : {},
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
        'ENTERPRISE_CREDIT_CODE_TAKEN',
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
