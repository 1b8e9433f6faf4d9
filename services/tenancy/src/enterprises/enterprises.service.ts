import { Injectable } from '@nestjs/common';
import { TenancyErrors, TenancyEvents, tenancy } from '@tf/contracts';
import {
  Clock,
  conflict,
  formatMoney,
  invalidInput,
  isMoneyString,
  isUniqueViolation,
  messageOf,
  newId,
  notFound,
  smeScope,
  type TenantReads,
  type TenantWrites,
} from '@tf/platform';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from './credit-code';
import { EnterpriseEntity } from './enterprise.entity';

/** The technology SMEs a center serves, keyed by their unified social credit code. */
@Injectable()
export class EnterprisesService {
  constructor(private readonly clock: Clock) {}

  async register(
    tx: TenantWrites,
    request: tenancy.CreateEnterpriseRequest,
  ): Promise<tenancy.Enterprise> {
    if (!request.name.trim()) throw invalidInput('name', 'must not be blank');
    if (request.foundedOn && request.foundedOn > this.clock.today())
      throw invalidInput('foundedOn', 'must not be in the future');
    const problem = creditCodeProblem(request.creditCode);
    if (problem) {
      throw invalidInput(
        'creditCode',
        CREDIT_CODE_MESSAGES[problem],
        TenancyErrors.INVALID_CREDIT_CODE,
      );
    }
    if (request.registeredCapital !== undefined && !isMoneyString(request.registeredCapital)) {
      throw invalidInput(
        'registeredCapital',
        'must be a decimal amount with at most 2 places, such as "5000000.00"',
      );
    }
    let enterprise: EnterpriseEntity;
    try {
      enterprise = await tx.rows(EnterpriseEntity).insert({
        id: newId(),
        creditCode: request.creditCode,
        name: request.name.trim(),
        industry: request.industry ?? null,
        foundedOn: request.foundedOn ?? null,
        employees: request.employees ?? null,
        groupCode: request.groupCode ?? null,
        highTech: request.highTech,
        registeredCapital:
          request.registeredCapital === undefined ? null : formatMoney(request.registeredCapital),
        createdAt: new Date(),
      });
    } catch (error) {
      // The unique index decides, so two registrations racing meet it too.
      if (isUniqueViolation(error, 'enterprises_credit_code_unique')) {
        throw conflict(
          TenancyErrors.ENTERPRISE_CREDIT_CODE_TAKEN,
          `an enterprise with credit code ${request.creditCode} is already registered`,
          'creditCode',
        );
      }
      throw error;
    }
    const message = enterpriseMessage(enterprise);
    await tx.emit(TenancyEvents.enterpriseRegistered, { enterprise: message });
    return message;
  }

  /** One enterprise of this center; an SME's key finds its own only. */
  async get(tx: TenantReads, id: string): Promise<tenancy.Enterprise> {
    const scope = smeScope(tx.actor);
    const enterprise =
      scope && scope.enterpriseId !== id ? null : await tx.rows(EnterpriseEntity).findById(id);
    if (!enterprise) throw notFound(TenancyErrors.ENTERPRISE_NOT_FOUND, `enterprise ${id}`);
    return enterpriseMessage(enterprise);
  }

  /** The center's enterprises; an SME's key lists its own only. */
  async list(
    tx: TenantReads,
    request: tenancy.ListEnterprisesRequest,
  ): Promise<tenancy.ListEnterprisesResponse> {
    const scope = smeScope(tx.actor);
    const page =
      scope && !scope.enterpriseId
        ? { items: [] }
        : await tx
            .rows(EnterpriseEntity)
            .page(
              Object.assign(
                {},
                request.creditCode ? { creditCode: request.creditCode } : {},
                scope?.enterpriseId ? { id: scope.enterpriseId } : {},
              ),
              request.page,
            );
    return messageOf(tenancy.ListEnterprisesResponseSchema, {
      items: page.items.map(enterpriseMessage),
      page: { nextCursor: page.nextCursor },
    });
  }
}

function enterpriseMessage(enterprise: EnterpriseEntity): tenancy.Enterprise {
  return messageOf(
    tenancy.EnterpriseSchema,
    Object.assign({}, enterprise, { tenant: enterprise.tenantId }),
  );
}
