import { Injectable } from '@nestjs/common';
import { InvestmentErrors, investment } from '@tf/contracts';
import { Clock, invalidFields, isIsoDate, messageOf, type TenantReads } from '@tf/platform';
import type { InvestmentEntry } from './domain/holding';
import { fundMetrics } from './domain/metrics';
import { FundsService } from './funds.service';

export interface FlowRow {
  kind: 'capital_call' | 'distribution';
  on: string;
  amount: string;
}

export interface EntryRow extends InvestmentEntry {
  investment_id: string;
}

/** A fund's capital calls and distributions up to a day ($1 fund, $2 day); row-level security names the center. */
export const FUND_FLOWS_SQL = `SELECT kind, to_char("on", 'YYYY-MM-DD') AS "on", amount::text AS amount
  FROM investment.fund_flows WHERE fund_id = $1 AND "on" <= $2`;

/** The ledgers of a fund's holdings up to a day ($1 fund, $2 day). */
export const FUND_ENTRIES_SQL = `SELECT investment_id, kind, to_char("on", 'YYYY-MM-DD') AS "on", amount::text AS amount,
    pre_money::text AS "preMoney", fair_value::text AS "fairValue", fraction::text AS fraction,
    proceeds::text AS proceeds
  FROM investment.investment_entries WHERE fund_id = $1 AND "on" <= $2`;

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
    const flows = await tx.sql<FlowRow>(FUND_FLOWS_SQL, [fund.id, asOf]);
    const entries = await tx.sql<EntryRow>(FUND_ENTRIES_SQL, [fund.id, asOf]);
    const ledgers = ledgersOf(entries);
    const metrics = fundMetrics(flows, ledgers, asOf);
    return messageOf(
      investment.FundMetricsSchema,
      Object.assign({}, metrics, {
        fundId: fund.id,
        dpi: metrics.dpi ?? undefined,
        rvpi: metrics.rvpi ?? undefined,
        tvpi: metrics.tvpi ?? undefined,
        irr: metrics.irr ?? undefined,
        investments: ledgers.length,
      }),
    );
  }
}

/** The entries of a fund's holdings, one ledger per investment. */
export function ledgersOf(entries: readonly EntryRow[]): InvestmentEntry[][] {
  const byInvestment = new Map<string, InvestmentEntry[]>();
  for (const entry of entries) {
    const ledger = byInvestment.get(entry.investment_id) ?? [];
    ledger.push(entry);
    byInvestment.set(entry.investment_id, ledger);
  }
  return [...byInvestment.values()];
}
