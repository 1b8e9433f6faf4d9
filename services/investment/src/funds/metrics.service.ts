import { Injectable } from '@nestjs/common';
import { InvestmentErrors, investment } from '@tf/contracts';
import { Clock, invalidFields, isIsoDate, messageOf, type TenantReads } from '@tf/platform';
import type { InvestmentEntry } from './domain/holding';
import { fundMetrics } from './domain/metrics';
import { FundsService } from './funds.service';

interface FlowRow {
  kind: 'capital_call' | 'distribution';
  on: string;
  amount: string;
}

interface EntryRow extends InvestmentEntry {
  investment_id: string;
}

/**
 * A fund's returns on a day: its flows and its holdings' ledgers up to that day, read in two
 * statements and folded by the pure metrics.
 */
@Injectable()
export class MetricsService {
  constructor(
    private readonly funds: FundsService,
    private readonly clock: Clock,
  ) {}

  async metrics(
    tx: TenantReads,
    request: investment.FundMetricsRequest,
  ): Promise<investment.FundMetrics> {
    const today = this.clock.today();
    const asOf = request.asOf ?? today;
    if (!isIsoDate(asOf) || asOf > today)
      throw invalidFields(
        [{ field: 'asOf', message: `must be a date written YYYY-MM-DD, at most today (${today})` }],
        InvestmentErrors.INVALID_INVESTMENT,
      );
    const fund = await this.funds.find(tx, request.fundId);
    const flows = await tx.sql<FlowRow>(
      `SELECT kind, to_char("on", 'YYYY-MM-DD') AS "on", amount::text AS amount
       FROM investment.fund_flows WHERE fund_id = $1 AND "on" <= $2`,
      [fund.id, asOf],
    );
    const entries = await tx.sql<EntryRow>(
      `SELECT investment_id, kind, to_char("on", 'YYYY-MM-DD') AS "on", amount::text AS amount,
         pre_money::text AS "preMoney", fair_value::text AS "fairValue", fraction::text AS fraction,
         proceeds::text AS proceeds
       FROM investment.investment_entries WHERE fund_id = $1 AND "on" <= $2`,
      [fund.id, asOf],
    );
    const byInvestment = new Map<string, InvestmentEntry[]>();
    for (const entry of entries) {
      const ledger = byInvestment.get(entry.investment_id) ?? [];
      ledger.push(entry);
      byInvestment.set(entry.investment_id, ledger);
    }
    const metrics = fundMetrics(flows, [...byInvestment.values()], asOf);
    return messageOf(investment.FundMetricsSchema, {
      ...metrics,
      fundId: fund.id,
      dpi: metrics.dpi ?? undefined,
      rvpi: metrics.rvpi ?? undefined,
      tvpi: metrics.tvpi ?? undefined,
      irr: metrics.irr ?? undefined,
      investments: byInvestment.size,
    });
  }
}
