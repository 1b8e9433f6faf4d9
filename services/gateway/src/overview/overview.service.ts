import type { DescMessage, JsonObject, JsonValue, MessageInitShape } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import {
  CreditRpc,
  GuaranteeRpc,
  InvestmentRpc,
  TenancyRpc,
  TradingRpc,
  ValuationRpc,
  type RpcContract,
} from '@tf/contracts';
import { DomainError } from '@tf/platform';
import { Forward } from '../http/forward';
import type { HttpRequest } from '../http/http-types';

/** How long the overview waits for the slowest section before it answers without it. */
export const OVERVIEW_DEADLINE_MS = 2_000;
/** The newest of each kind shown; `more` says there are others (the service's own list has them). */
export const OVERVIEW_SECTION_ITEMS = 20;

/** One service's part of the overview: its items as the caller may see them, or why not. */
export type OverviewSection =
  | { items: JsonValue[]; more: boolean }
  | { unavailable: true; reason: string }
  | { forbidden: true };

/**
 * An enterprise and what the five services hold about it, asked of them over NATS in parallel,
 * each as the caller (a bank sees its own guarantees and loans, as everywhere). A service that
 * does not answer within the deadline, or is down, makes its own section `{unavailable: true}`:
 * the overview answers with the rest rather than failing.
 */
@Injectable()
export class OverviewService {
  constructor(private readonly forward: Forward) {}

  async overview(id: string, request: HttpRequest): Promise<JsonObject> {
    // The enterprise first: another center's id, or another SME's for an SME key, is 404 here.
    const enterprise = await this.forward.json(TenancyRpc.getEnterprise, { id }, request);
    const page = { limit: OVERVIEW_SECTION_ITEMS };
    const [valuations, guarantees, loans, investments, listings] = await Promise.all([
      this.section(ValuationRpc.list, { page, enterpriseId: id }, request),
      this.section(GuaranteeRpc.list, { page, enterpriseId: id }, request),
      this.section(CreditRpc.list, { page, enterpriseId: id }, request),
      this.section(InvestmentRpc.listInvestments, { page, enterpriseId: id }, request),
      this.section(TradingRpc.listListings, { page, sellerEnterpriseId: id }, request),
    ]);
    return { enterprise, valuations, guarantees, loans, investments, listings };
  }

  private async section<Req extends DescMessage, Res extends DescMessage>(
    contract: RpcContract<Req, Res>,
    message: MessageInitShape<Req>,
    request: HttpRequest,
  ): Promise<OverviewSection> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), OVERVIEW_DEADLINE_MS);
    });
    try {
      const json = await Promise.race([this.forward.json(contract, message, request), deadline]);
      if (json === 'late')
        return { unavailable: true, reason: `no answer within ${OVERVIEW_DEADLINE_MS} ms` };
      const page = json['page'] as JsonObject | null | undefined;
      return {
        items: (json['items'] as JsonValue[] | undefined) ?? [],
        more: Boolean(page?.['nextCursor']),
      };
    } catch (error) {
      if (error instanceof DomainError && error.status === 403) return { forbidden: true };
      if (error instanceof DomainError && error.status === 503)
        return { unavailable: true, reason: error.message };
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
