import { Injectable } from '@nestjs/common';
import {
  CreditEvents,
  GuaranteeEvents,
  InvestmentEvents,
  patentIdentity,
  tenancy,
  TradingEvents,
  ValuationEvents,
  type credit,
  type guarantee,
  type investment,
  type trading,
  type valuation,
} from '@tf/contracts';
import {
  DomainError,
  CommonErrors,
  hasRole,
  messageOf,
  newId,
  OnEvent,
  type EventContext,
  type TenantReads,
  type TenantWrites,
} from '@tf/platform';
import { nplRatio } from './domain/npl-ratio';
import { CenterStatsEntity, StatsMemberEntity } from './center-stats.entity';

/** The figures an event moves, as SQL over the center's one row (named columns only). */
type Moves = Record<string, { add: string | number } | { set: string | null }>;

/**
 * A center's headline figures (API.md "Network": GET /stats), kept as a read model: each
 * service's event moves the center's one row in the inbox's transaction, so a redelivered event
 * moves nothing twice and a read costs one row, however large the book. Distinct counts
 * (patents valued, enterprises guaranteed) remember what they counted.
 */
@Injectable()
export class StatsService {
  @OnEvent(ValuationEvents.approved)
  async valuationApproved(event: valuation.ValuationApproved, ctx: EventContext): Promise<void> {
    const patents = event.assetNumbers.flatMap((n) => patentIdentity(n) ?? []);
    const counted = await this.countOnce(ctx, 'patent-valued', patents);
    await this.move(ctx, { patents_valued: { add: counted }, valued_total: { add: event.value } });
  }

  @OnEvent(GuaranteeEvents.approved)
  async guaranteeApproved(event: guarantee.GuaranteeApproved, ctx: EventContext): Promise<void> {
    const counted = await this.countOnce(ctx, 'enterprise-guaranteed', [event.enterpriseId]);
    await this.move(ctx, {
      enterprises_guaranteed: { add: counted },
      guaranteed_amount: { add: event.guaranteedAmount },
    });
  }

  @OnEvent(CreditEvents.loanDisbursed)
  async loanDisbursed(event: credit.LoanDisbursed, ctx: EventContext): Promise<void> {
    await this.move(ctx, {
      loans: { add: 1 },
      loan_amount: { add: event.principal },
      loans_outstanding: { add: event.principal },
    });
  }

  @OnEvent(CreditEvents.loanRepaid)
  async loanRepaid(event: credit.LoanRepaid, ctx: EventContext): Promise<void> {
    await this.move(ctx, { loans_outstanding: { add: `-${event.principalRepaid}` } });
  }

  @OnEvent(CreditEvents.loanRecovered)
  async loanRecovered(event: credit.LoanRecovered, ctx: EventContext): Promise<void> {
    await this.move(ctx, { loans_outstanding: { add: `-${event.principalRecovered}` } });
  }

  @OnEvent(CreditEvents.bookClassified)
  async bookClassified(event: credit.BookClassified, ctx: EventContext): Promise<void> {
    await this.move(ctx, {
      npl_ratio: { set: nplRatio(event.classes) },
      npl_as_of: { set: event.asOf },
    });
  }

  @OnEvent(InvestmentEvents.investmentClosed)
  async investmentClosed(event: investment.InvestmentClosed, ctx: EventContext): Promise<void> {
    await this.move(ctx, { investments: { add: 1 }, invested_amount: { add: event.amount } });
  }

  @OnEvent(TradingEvents.tradeDealClosed)
  async tradeDealClosed(event: trading.TradeDealClosed, ctx: EventContext): Promise<void> {
    await this.move(ctx, { trade_deals: { add: 1 }, traded_amount: { add: event.price } });
  }

  /** The center's figures, for its staff (and a platform admin naming it). */
  async get(tx: TenantReads): Promise<tenancy.CenterStats> {
    if (!hasRole(tx.actor, 'platform-admin', 'center-admin', 'analyst', 'auditor'))
      throw new DomainError(CommonErrors.ROLE_MISSING, "a center's statistics are for its staff");
    const row = await tx.rows(CenterStatsEntity).findOneBy({});
    return messageOf(tenancy.CenterStatsSchema, {
      tenant: tx.tenant,
      patentsValued: row?.patentsValued ?? 0,
      valuedTotal: row?.valuedTotal ?? '0.00',
      enterprisesGuaranteed: row?.enterprisesGuaranteed ?? 0,
      guaranteedAmount: row?.guaranteedAmount ?? '0.00',
      loans: row?.loans ?? 0,
      loanAmount: row?.loanAmount ?? '0.00',
      loansOutstanding: row?.loansOutstanding ?? '0.00',
      nplRatio:
        row?.nplRatio === null || row?.nplRatio === undefined
          ? undefined
          : Number(row.nplRatio).toFixed(4),
      nplAsOf: row?.nplAsOf ?? undefined,
      investments: row?.investments ?? 0,
      investedAmount: row?.investedAmount ?? '0.00',
      tradeDeals: row?.tradeDeals ?? 0,
      tradedAmount: row?.tradedAmount ?? '0.00',
      updatedAt: row?.updatedAt,
    });
  }

  /** How many of `keys` were not counted before (and are now). */
  private async countOnce(
    tx: TenantWrites,
    kind: StatsMemberEntity['kind'],
    keys: string[],
  ): Promise<number> {
    const fresh = await tx.rows(StatsMemberEntity).insertMany(
      [...new Set(keys)].map((key) => ({ id: newId(), kind, key })),
      { ignoreDuplicates: true },
    );
    return fresh.length;
  }

  /**
   * Moves the center's row in one statement: the center's first event makes it with the moves
   * applied to zero, later ones change it in place (ON CONFLICT on its one row), so concurrent
   * events of one center queue on the row rather than overwrite each other.
   */
  private async move(tx: TenantWrites, moves: Moves): Promise<void> {
    const entries = Object.entries(moves);
    const columns = entries.map(([column]) => column);
    const values: unknown[] = [newId(), tx.tenant];
    const updates = entries.map(([column, move]) => {
      values.push('add' in move ? String(move.add) : move.set);
      return 'add' in move
        ? `${column} = center_stats.${column} + EXCLUDED.${column}`
        : `${column} = EXCLUDED.${column}`;
    });
    await tx.sql(
      `INSERT INTO tenancy.center_stats AS center_stats (id, tenant_id, ${columns.join(', ')})
       VALUES ($1, $2, ${columns.map((_, i) => `$${i + 3}`).join(', ')})
       ON CONFLICT (tenant_id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()`,
      values,
    );
  }
}
