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

/** A distinct count: the members of `kind` a center has counted, in `column`. */
type Count = { kind: StatsMemberEntity['kind']; column: string };
const PATENTS_VALUED: Count = { kind: 'patent-valued', column: 'patents_valued' };
const ENTERPRISES_GUARANTEED: Count = {
  kind: 'enterprise-guaranteed',
  column: 'enterprises_guaranteed',
};

/**
 * What one transaction's events move on the center's row (named columns only), written as one
 * statement before it commits: the inbox handles a lot of a center's events in one transaction,
 * and one upsert per lot costs PostgreSQL and this service about half of one per event
 * (docs/performance.md). Additions are summed by PostgreSQL as numerics, so an amount it cannot
 * read fails the lot, and then the event alone, as it always did; the last `set` of a column wins.
 */
class CenterMoves {
  readonly adds = new Map<string, string[]>();
  readonly sets = new Map<string, string | null>();
  /** Keys to count once, across the lot and against what the center counted before. */
  readonly counts = new Map<Count, Set<string>>();

  add(column: string, amount: string | number): this {
    this.adds.set(column, [...(this.adds.get(column) ?? []), String(amount)]);
    return this;
  }

  set(column: string, value: string | null): this {
    this.sets.set(column, value);
    return this;
  }

  countOnce(count: Count, keys: string[]): this {
    const known = this.counts.get(count) ?? new Set<string>();
    for (const key of keys) known.add(key);
    this.counts.set(count, known);
    return this;
  }
}

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
    this.moves(ctx).countOnce(PATENTS_VALUED, patents).add('valued_total', event.value);
  }

  @OnEvent(GuaranteeEvents.approved)
  async guaranteeApproved(event: guarantee.GuaranteeApproved, ctx: EventContext): Promise<void> {
    this.moves(ctx)
      .countOnce(ENTERPRISES_GUARANTEED, [event.enterpriseId])
      .add('guaranteed_amount', event.guaranteedAmount);
  }

  @OnEvent(CreditEvents.loanDisbursed)
  async loanDisbursed(event: credit.LoanDisbursed, ctx: EventContext): Promise<void> {
    this.moves(ctx)
      .add('loans', 1)
      .add('loan_amount', event.principal)
      .add('loans_outstanding', event.principal);
  }

  @OnEvent(CreditEvents.loanRepaid)
  async loanRepaid(event: credit.LoanRepaid, ctx: EventContext): Promise<void> {
    this.moves(ctx).add('loans_outstanding', `-${event.principalRepaid}`);
  }

  @OnEvent(CreditEvents.loanRecovered)
  async loanRecovered(event: credit.LoanRecovered, ctx: EventContext): Promise<void> {
    this.moves(ctx).add('loans_outstanding', `-${event.principalRecovered}`);
  }

  @OnEvent(CreditEvents.bookClassified)
  async bookClassified(event: credit.BookClassified, ctx: EventContext): Promise<void> {
    this.moves(ctx).set('npl_ratio', nplRatio(event.classes)).set('npl_as_of', event.asOf);
  }

  @OnEvent(InvestmentEvents.investmentClosed)
  async investmentClosed(event: investment.InvestmentClosed, ctx: EventContext): Promise<void> {
    this.moves(ctx).add('investments', 1).add('invested_amount', event.amount);
  }

  @OnEvent(TradingEvents.tradeDealClosed)
  async tradeDealClosed(event: trading.TradeDealClosed, ctx: EventContext): Promise<void> {
    this.moves(ctx).add('trade_deals', 1).add('traded_amount', event.price);
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

  /** This transaction's moves, written once before it commits. */
  private moves(tx: TenantWrites): CenterMoves {
    return tx.gather(
      this,
      () => new CenterMoves(),
      (moves) => this.write(tx, moves),
    );
  }

  /**
   * The moves in one statement: the center's first event makes the row with the moves applied
   * to zero, later ones change it in place (ON CONFLICT on its one row), so concurrent
   * transactions of one center queue on the row rather than overwrite each other.
   */
  private async write(tx: TenantWrites, moves: CenterMoves): Promise<void> {
    for (const [{ kind, column }, keys] of moves.counts) {
      const fresh = await tx.rows(StatsMemberEntity).insertMany(
        [...keys].map((key) => ({ id: newId(), kind, key })),
        {
          ignoreDuplicates: true,
        },
      );
      moves.add(column, fresh.length);
    }
    const values: unknown[] = [newId(), tx.tenant];
    const columns: string[] = [];
    const inserted: string[] = [];
    const updates: string[] = [];
    for (const [column, amounts] of moves.adds) {
      values.push(amounts);
      columns.push(column);
      inserted.push(`(SELECT sum(amount) FROM unnest($${values.length}::numeric[]) AS amount)`);
      updates.push(`${column} = center_stats.${column} + EXCLUDED.${column}`);
    }
    for (const [column, value] of moves.sets) {
      values.push(value);
      columns.push(column);
      inserted.push(`$${values.length}`);
      updates.push(`${column} = EXCLUDED.${column}`);
    }
    if (columns.length === 0) return;
    await tx.sql(
      `INSERT INTO tenancy.center_stats AS center_stats (id, tenant_id, ${columns.join(', ')})
       VALUES ($1, $2, ${inserted.join(', ')})
       ON CONFLICT (tenant_id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()`,
      values,
    );
  }
}
