import { Injectable } from '@nestjs/common';
import {
  CreditErrors,
  CreditEvents,
  LOAN_CLASSIFICATIONS,
  credit,
  type LoanClassification,
} from '@tf/contracts';
import {
  actorId,
  isIsoDate,
  Clock,
  conflict,
  DomainError,
  formatMoney,
  hasRole,
  invalidFields,
  messageOf,
  Money,
  newId,
  PolicyStore,
  sumMoney,
  type HandlerContext,
  type TenantWrites,
} from '@tf/platform';
import { In, MoreThan } from 'typeorm';
import { classifyLoan, daysPastDue, penaltyInterest } from '../loans/domain/delinquency';
import type { CreditPolicy, InstallmentPosition } from '../loans/domain/types';
import { LoanEntity } from '../loans/loan.entity';
import { ClassificationRunEntity } from './classification-run.entity';

/** The installments of some loans ($1) that fell due before a day ($2) and are not settled. */
export const OPEN_INSTALLMENTS_SQL = `SELECT loan_id, number, due_on::text AS "dueOn", principal::text, interest::text,
         principal_paid::text AS "principalPaid", interest_paid::text AS "interestPaid"
       FROM credit.installments
       WHERE loan_id = ANY($1::uuid[]) AND due_on < $2::date
         AND (principal_paid < principal OR interest_paid < interest)`;

/** A page of verdicts in one statement ($1-$6 arrays by loan, $7 the day). */
export const WRITE_VERDICTS_SQL = `UPDATE credit.loans l SET
         classification = u.classification,
         days_past_due = u.days,
         penalty_accrued = l.penalty_accrued + u.penalty,
         penalty_accrued_through = GREATEST(l.penalty_accrued_through, $7::date),
         classified_on = $7::date,
         status = u.status,
         defaulted_on = u.defaulted_on,
         updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::numeric[], $5::text[], $6::date[])
         AS u(id, classification, days, penalty, status, defaulted_on)
       WHERE l.id = u.id`;

/** Loans read, judged and written per statement: a 100,000-loan book is a hundred pages. */
const PAGE = 1000;

interface OpenInstallment extends InstallmentPosition {
  loan_id: string;
}

interface Verdict {
  id: string;
  classification: LoanClassification;
  days: number;
  penalty: string;
  status: 'active' | 'defaulted';
  defaultedOn: string | null;
}

/**
 * The classification run (an analyst, as of a day): for every active or defaulted loan of the
 * center, penalty interest is charged up to the day, days past due counted, the five categories
 * applied, and a loan past 90 days defaults (`loan-defaulted`, once). A run for a day already run
 * answers that run's figures and changes nothing; a run for an earlier day than the last is
 * refused: the books never move backwards. Runs of a center queue on a lock.
 */
@Injectable()
export class ClassificationService {
  constructor(
    private readonly policy: PolicyStore<typeof credit.CreditPolicySchema>,
    private readonly clock: Clock,
  ) {}

  async run(
    ctx: HandlerContext,
    request: credit.ClassificationRunRequest,
  ): Promise<credit.ClassificationRun> {
    if (!hasRole(ctx.actor, 'analyst'))
      throw new DomainError(
        CreditErrors.CLASSIFICATION_NOT_ANALYST,
        "classification runs are for the center's analysts",
      );
    const asOf = request.asOf;
    if (!isIsoDate(asOf))
      throw invalidFields([{ field: 'asOf', message: 'must be a date YYYY-MM-DD' }]);
    if (asOf > this.clock.today())
      throw invalidFields([{ field: 'asOf', message: 'must not be in the future' }]);
    const policy = (await this.policy.of(ctx)) as unknown as CreditPolicy;

    return ctx.unitOfWork(async (tx) => {
      await tx.lock('classification-run');
      const runs = tx.rows(ClassificationRunEntity);
      const same = await runs.findOneBy({ asOf });
      if (same) return runMessage(Object.assign({}, same.result, { repeated: true }));
      const [later] = await runs.find(
        { asOf: MoreThan(asOf) },
        { order: { asOf: 'DESC' }, take: 1 },
      );
      if (later)
        throw conflict(
          CreditErrors.CLASSIFICATION_RUN_BACKWARDS,
          `the book was classified as of ${later.asOf}; a run cannot go back to ${asOf}`,
          'asOf',
        );
      const result = await this.classifyAll(tx, asOf, policy);
      await tx.emit(CreditEvents.bookClassified, {
        asOf,
        classes: result.classes,
        loans: result.loans,
      });
      await runs.insert({
        id: newId(),
        asOf,
        result,
        runBy: actorId(tx.actor),
        createdAt: this.clock.now(),
      });
      return runMessage(Object.assign({}, result, { repeated: false }));
    });
  }

  private async classifyAll(tx: TenantWrites, asOf: string, policy: CreditPolicy) {
    const classes = new Map<LoanClassification, { loans: number; outstanding: Money }>(
      LOAN_CLASSIFICATIONS.map((c) => [c, { loans: 0, outstanding: new Money(0) }]),
    );
    let loans = 0;
    let newlyDefaulted = 0;
    let penaltyTotal = new Money(0);
    let after: string | undefined;
    for (;;) {
      // Locked until the run commits: a repayment meanwhile waits, rather than being overwritten
      // by a class worked out before it (or a just-closed loan set back to defaulted).
      const page = await tx
        .rows(LoanEntity)
        .findForUpdate(
          { status: In(['active', 'defaulted']), ...(after ? { id: MoreThan(after) } : {}) },
          { order: { id: 'ASC' }, take: PAGE },
        );
      if (page.length === 0) break;
      after = page[page.length - 1]?.id;
      const open = await this.openInstallments(
        tx,
        page.map((l) => l.id),
        asOf,
      );
      const verdicts: Verdict[] = [];
      for (const loan of page) {
        const installments = open.get(loan.id) ?? [];
        const since = loan.penaltyAccruedThrough ?? loan.disbursedOn ?? asOf;
        const penalty =
          since < asOf
            ? penaltyInterest(installments, loan.penaltyRate ?? '0', since, asOf)
            : '0.00';
        const days = daysPastDue(installments, asOf);
        const judged = classifyLoan(days, policy, loan.status === 'defaulted');
        const defaultsNow = judged.defaulted && loan.status !== 'defaulted';
        verdicts.push({
          id: loan.id,
          classification: judged.classification,
          days,
          penalty,
          status: judged.defaulted ? 'defaulted' : 'active',
          defaultedOn: defaultsNow ? asOf : loan.defaultedOn,
        });
        loans++;
        penaltyTotal = penaltyTotal.plus(penalty);
        const cls = classes.get(judged.classification);
        if (cls) {
          cls.loans++;
          cls.outstanding = cls.outstanding.plus(loan.outstandingPrincipal);
        }
        if (defaultsNow) {
          newlyDefaulted++;
          await tx.emit(CreditEvents.loanDefaulted, {
            loanId: loan.id,
            guaranteeId: loan.guaranteeId ?? undefined,
            defaultedPrincipal: formatMoney(loan.outstandingPrincipal),
            defaultedInterest: formatMoney(
              sumMoney(installments.map((i) => new Money(i.interest).minus(i.interestPaid))),
            ),
            defaultedOn: asOf,
            enterpriseId: loan.enterpriseId,
            lenderPartnerId: loan.lenderPartnerId,
            pledgedAssets: loan.collateral.map((c) => ({
              valuationId: c.valuationId,
              assetNumber: c.assetNumber,
              patentType: c.patentType ?? undefined,
              value: formatMoney(c.value),
            })),
            daysPastDue: days,
          });
        }
      }
      await this.write(tx, verdicts, asOf);
    }
    return {
      asOf,
      loans,
      newlyDefaulted,
      penaltyAccrued: formatMoney(penaltyTotal),
      classes: [...classes].map(([classification, c]) => ({
        classification,
        loans: c.loans,
        outstanding: formatMoney(c.outstanding),
      })),
    };
  }

  /** The installments of these loans that fell due before the day and are not settled. */
  private async openInstallments(
    tx: TenantWrites,
    loanIds: string[],
    asOf: string,
  ): Promise<Map<string, InstallmentPosition[]>> {
    const rows = await tx.sql<OpenInstallment>(OPEN_INSTALLMENTS_SQL, [loanIds, asOf]);
    const byLoan = new Map<string, InstallmentPosition[]>();
    for (const { loan_id, ...installment } of rows) {
      const list = byLoan.get(loan_id) ?? [];
      list.push(installment);
      byLoan.set(loan_id, list);
    }
    return byLoan;
  }

  /** One statement for the page: each loan's class, days, penalty and status. */
  private async write(tx: TenantWrites, verdicts: Verdict[], asOf: string): Promise<void> {
    if (verdicts.length === 0) return;
    await tx.sql(WRITE_VERDICTS_SQL, [
      verdicts.map((v) => v.id),
      verdicts.map((v) => v.classification),
      verdicts.map((v) => v.days),
      verdicts.map((v) => v.penalty),
      verdicts.map((v) => v.status),
      verdicts.map((v) => v.defaultedOn),
      asOf,
    ]);
  }
}

function runMessage(result: Record<string, unknown>): credit.ClassificationRun {
  return messageOf(credit.ClassificationRunSchema, result);
}
