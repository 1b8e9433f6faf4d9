/**
 * The baseline's service half: NATS responders that run, on a pg pool, the statements the
 * services run for each scenario (the harness hands them over), with the valuation arithmetic of
 * the valuation domain itself. JSON in, JSON out; nothing else between the socket and the SQL.
 */
import { formatMoney, newId, sumMoney } from '@tf/core';
import { connect, type Msg, type NatsConnection } from 'nats';
import { assetIdentity, assetSetKey } from '@tf/contracts/vocabulary';
import { computeValuation } from '../../../../services/valuation/src/valuations/domain/compute-valuation';
import { DEFAULT_VALUATION_POLICY } from '../../../../services/valuation/src/valuations/domain/policy';
import type {
  Asset,
  Comparable,
  ValuationInput,
} from '../../../../services/valuation/src/valuations/domain/types';
import { valuationProblems } from '../../../../services/valuation/src/valuations/domain/validate-valuation';
import {
  guaranteedAmount,
  guaranteeFee,
} from '../../../../services/guarantee/src/guarantees/domain/fee';
import { limitBreach } from '../../../../services/guarantee/src/guarantees/domain/limits';
import { DEFAULT_GUARANTEE_POLICY } from '../../../../services/guarantee/src/guarantees/domain/policy';
import { shareByPolicy } from '../../../../services/guarantee/src/guarantees/domain/risk-shares';
import { applicationProblems } from '../../../../services/guarantee/src/guarantees/domain/validate-application';
import {
  classifyLoan,
  daysPastDue,
  penaltyInterest,
} from '../../../../services/credit/src/loans/domain/delinquency';
import {
  DEFAULT_CREDIT_POLICY,
  productOf,
} from '../../../../services/credit/src/loans/domain/policy';
import {
  applicationProblems as loanApplicationProblems,
  ltvCap,
  underwrite,
  type PledgedAsset,
} from '../../../../services/credit/src/loans/domain/underwriting';
import { fundMetrics } from '../../../../services/investment/src/funds/domain/metrics';
import {
  ledgersOf,
  type EntryRow,
  type FlowRow,
} from '../../../../services/investment/src/funds/metrics.service';
import { allocateRepayment, payable } from '../../../../services/credit/src/loans/domain/repayment';
import type { InstallmentPosition } from '../../../../services/credit/src/loans/domain/types';
import { bidRefusal, endAfterBid } from '../../../../services/trading/src/listings/domain/auction';
import { DEFAULT_TRADING_POLICY } from '../../../../services/trading/src/listings/domain/policy';
import { listingSearchValues } from '../../../../services/trading/src/listings/listing-search';
import { inTransaction, loadStatements, pool, run, send } from './pg';
import { BASELINE_OUTBOXES, BaselineRelay, baselineEventSubject, type OutboxOwner } from './relay';

const sql = loadStatements();
const db = pool();
/** Set by main: the responders' connection, also used to ask the other responders. */
let nats: NatsConnection;

type Row = Record<string, unknown>;
interface Answer {
  status: number;
  body: unknown;
}

/** Values in the column order of an insert; objects (json columns) as their JSON text. */
/** A call to another responder, as the services call each other. */
async function ask(subject: string, message: unknown): Promise<Answer> {
  const reply = await nats.request(subject, JSON.stringify(message), { timeout: 10_000 });
  return JSON.parse(Buffer.from(reply.data).toString('utf8')) as Answer;
}

function bind(columns: readonly string[], row: Row): unknown[] {
  return columns.map((column) => {
    const value = row[column] ?? null;
    return value !== null && typeof value === 'object' && !(value instanceof Date)
      ? JSON.stringify(value)
      : value;
  });
}

async function enterpriseGet({ tenant, id }: { tenant: string; id: string }): Promise<Answer> {
  const [row] = await inTransaction(db, tenant, true, (c) =>
    run(c, sql.enterpriseById, [id, tenant, 1]),
  );
  return row ? { status: 200, body: row } : { status: 404, body: null };
}

async function enterpriseCreate(request: {
  tenant: string;
  clientId: string;
  key: string | null;
  fingerprint: string;
  body: { creditCode: string; name: string; industry?: string };
}): Promise<Answer> {
  const { tenant, body } = request;
  return inTransaction(db, tenant, false, async (c) => {
    const command = [tenant, request.clientId, request.key, 'tf.tenancy.enterprise.create'];
    if (request.key) await run(c, sql.commandClaim, [...command, request.fingerprint]);
    const [stored] = await run<Row>(
      c,
      sql.enterpriseInsert,
      bind(sql.enterpriseColumns, {
        id: newId(),
        tenantId: tenant,
        creditCode: body.creditCode,
        name: body.name.trim(),
        industry: body.industry ?? null,
        highTech: false,
        createdAt: new Date(),
      }),
    );
    const event = Buffer.from(
      JSON.stringify({ type: 'enterprise-registered', enterprise: stored }),
    );
    send(c, sql.tenancyOutboxInsert, [
      newId(),
      tenant,
      'enterprise-registered',
      baselineEventSubject(tenant, 'tenancy', 'enterprise-registered'),
      event,
    ]);
    if (request.key) send(c, sql.commandStore, [...command, Buffer.from(JSON.stringify(stored))]);
    return { status: 201, body: stored };
  });
}

async function valuationGet(request: {
  tenant: string;
  partnerId: string;
  id: string;
}): Promise<Answer> {
  const { tenant, id } = request;
  return inTransaction(db, tenant, true, async (c) => {
    const [valuation] = await run<Row>(c, sql.valuationById, [id, tenant, 1]);
    // A partner sees the valuations it asked for, as the service decides.
    if (!valuation || valuation['preparedByPartner'] !== request.partnerId)
      return { status: 404, body: null };
    const assets = await run(c, sql.assetsOfValuations, [[id], tenant]);
    return { status: 200, body: Object.assign({}, valuation, { assets }) };
  });
}

async function valuationRequest(request: {
  tenant: string;
  partnerId: string;
  body: {
    enterpriseId: string;
    purpose: 'pledge';
    referenceDate: string;
    assets: Asset[];
    income?: ValuationInput['income'];
  };
}): Promise<Answer> {
  const { tenant, body } = request;
  const [enterprise] = await inTransaction(db, tenant, true, (c) =>
    run<Row>(c, sql.enterpriseById, [body.enterpriseId, tenant, 1]),
  );
  if (!enterprise) return { status: 404, body: null };
  const input: ValuationInput = {
    purpose: body.purpose,
    referenceDate: body.referenceDate,
    assets: body.assets,
    income: body.income,
    enterprise: {
      industry: (enterprise['industry'] as string | null) ?? undefined,
      highTech: enterprise['highTech'] === true,
    },
  };
  const problems = valuationProblems(input);
  if (problems.length > 0) return { status: 400, body: problems };
  const types = [
    ...new Set(input.assets.flatMap((a) => (a.kind === 'patent' ? [a.patentType] : []))),
  ];
  const comparables = await inTransaction(db, tenant, true, (c) =>
    run<Comparable>(c, sql.comparablesOfTypes, [types, tenant, 5000]),
  );
  const result = computeValuation(input, DEFAULT_VALUATION_POLICY, comparables);
  const holder = `partner:${request.partnerId}`;
  const identities = input.assets.map((a) => assetIdentity(a.kind, a.number));
  const assetKey = assetSetKey(identities);
  return inTransaction(db, tenant, false, async (c) => {
    const id = newId();
    const now = new Date();
    await run(c, sql.lock, [
      [
        'valuation',
        tenant,
        'valuation-set',
        holder,
        enterprise['id'],
        input.purpose,
        assetKey,
      ].join('|'),
    ]);
    await run(c, sql.supersedePending, [
      'superseded',
      id,
      now,
      holder,
      enterprise['id'],
      input.purpose,
      assetKey,
      'computed',
      tenant,
    ]);
    const [stored] = await run<Row>(
      c,
      sql.valuationInsert,
      bind(sql.valuationColumns, {
        id,
        tenantId: tenant,
        enterpriseId: enterprise['id'],
        purpose: input.purpose,
        referenceDate: input.referenceDate,
        status: 'computed',
        currency: result.conclusion.currency,
        value: result.conclusion.value,
        low: result.conclusion.low,
        high: result.conclusion.high,
        methods: result.methods,
        score: result.score,
        assumptions: result.assumptions,
        parameters: Object.assign({}, result.parameters, { valuationValidityMonths: '12' }),
        income: input.income ?? null,
        assetKey,
        holder,
        preparedBy: holder,
        preparedByPartner: request.partnerId,
        preparedAt: now,
        updatedAt: now,
      }),
    );
    const assets = await run(
      c,
      sql.assetsInsert,
      result.assets.flatMap((asset, position) => {
        const given = input.assets[position] as Asset;
        return bind(sql.assetColumns, {
          id: newId(),
          tenantId: tenant,
          valuationId: id,
          position,
          kind: asset.kind,
          number: asset.number,
          identity: identities[position],
          livePledge: false,
          title: asset.title,
          patentType: given.kind === 'patent' ? given.patentType : null,
          input: given,
          remainingLegalYears: asset.remainingLegalYears,
          economicLifeYears: asset.economicLifeYears,
          value: asset.value,
          methods: asset.methods,
          score: asset.score,
        });
      }),
      false,
    );
    const event = Buffer.from(JSON.stringify({ type: 'valuation-computed', valuationId: id }));
    send(c, sql.valuationOutboxInsert, [
      newId(),
      tenant,
      'valuation-computed',
      baselineEventSubject(tenant, 'valuation', 'valuation-computed'),
      event,
    ]);
    return { status: 201, body: Object.assign({}, stored, { assets }) };
  });
}

async function guaranteeGet(request: {
  tenant: string;
  partnerId: string;
  id: string;
}): Promise<Answer> {
  const { tenant, id } = request;
  return inTransaction(db, tenant, true, async (c) => {
    const [guarantee] = await run<Row>(c, sql.guaranteeById, [id, tenant, 1]);
    // The lending bank sees its own, as the service decides.
    if (!guarantee || guarantee['lenderPartnerId'] !== request.partnerId)
      return { status: 404, body: null };
    const [claim] = await run(c, sql.claimOfGuarantee, [id, tenant, 1]);
    return { status: 200, body: Object.assign({}, guarantee, { claim }) };
  });
}

/** The live pledges of valuations, as the valuation service reads them. */
async function pledgeValueGet(request: {
  tenant: string;
  valuationIds: string[];
}): Promise<Answer> {
  const rows = await inTransaction(db, request.tenant, true, (c) =>
    run(c, sql.pledgesOfValuations, [new Date().toISOString().slice(0, 10), request.valuationIds]),
  );
  return { status: 200, body: rows };
}

const sum = (rows: Row[], column: string) =>
  formatMoney(sumMoney(rows.map((row) => String(row[column]))));

async function guaranteeRequest(request: {
  tenant: string;
  partnerId: string;
  body: {
    enterpriseId: string;
    lenderPartnerId: string;
    principal: string;
    termMonths: number;
    coverageRatio: string;
    counterGuarantees: { kind: string; valuationId: string }[];
  };
}): Promise<Answer> {
  const { tenant, body } = request;
  const problems = applicationProblems(body);
  if (problems.length > 0 || body.lenderPartnerId !== request.partnerId)
    return { status: 400, body: problems };
  const policy = DEFAULT_GUARANTEE_POLICY;
  const valuationIds = body.counterGuarantees.map((counter) => counter.valuationId);
  // The network's topology: the enterprise and the pledge values are other services' data, asked
  // for over NATS (each answered in its own read transaction), then this service's own reads.
  const [enterpriseAnswer, pledgeAnswer] = await Promise.all([
    ask('bench.enterprise.get', { tenant, id: body.enterpriseId }),
    ask('bench.pledge-value.get', { tenant, valuationIds }),
  ]);
  const enterprise = enterpriseAnswer.body as Row | null;
  const pledges = (pledgeAnswer.body ?? []) as Row[];
  const read = await inTransaction(db, tenant, true, async (c) => {
    const [institution] = await run<Row>(c, sql.institutionOfCenter, [tenant]);
    const liable = await run<Row>(c, sql.liableOfClient, [
      ['approved', 'active'],
      body.enterpriseId,
      tenant,
    ]);
    return { institution, liable };
  });
  const { institution } = read;
  if (!enterprise || !institution) return { status: 404, body: null };
  if (valuationIds.some((id) => !pledges.some((p) => p['valuation_id'] === id)))
    return { status: 422, body: { type: '/problems/counter-guarantee-not-pledgeable' } };
  const amount = guaranteedAmount(body.principal, body.coverageRatio);
  const exposure = {
    netAssets: String(institution['netAssets']),
    outstanding: String(institution['outstanding']),
    client: sum(read.liable, 'outstandingLiability'),
    group: null,
  };
  if (limitBreach(exposure, amount, policy)) return { status: 422, body: null };
  const counterGuarantees = valuationIds.map((valuationId) => ({
    kind: 'ip_pledge',
    valuationId,
    pledgeValue: sum(
      pledges.filter((p) => p['valuation_id'] === valuationId),
      'value',
    ),
  }));
  return inTransaction(db, tenant, false, async (c) => {
    const now = new Date();
    const [stored] = await run<Row>(
      c,
      sql.guaranteeInsert,
      bind(sql.guaranteeColumns, {
        id: newId(),
        tenantId: tenant,
        institutionId: institution['id'],
        enterpriseId: enterprise['id'],
        groupCode: null,
        lenderPartnerId: body.lenderPartnerId,
        currency: 'CNY',
        principal: formatMoney(body.principal),
        termMonths: body.termMonths,
        coverageRatio: body.coverageRatio,
        guaranteedAmount: amount,
        outstandingLiability: '0.00',
        annualFeeRate: policy.annualFeeRate,
        fee: guaranteeFee(
          body.principal,
          body.coverageRatio,
          policy.annualFeeRate,
          body.termMonths,
        ),
        riskShares: shareByPolicy(amount, policy),
        counterGuarantees,
        pledgeValue: sum(counterGuarantees, 'pledgeValue'),
        status: 'pending',
        requestedBy: `partner:${request.partnerId}`,
        requestedByPartner: request.partnerId,
        createdAt: now,
        updatedAt: now,
      }),
    );
    return { status: 201, body: stored };
  });
}

/**
 * An analyst's approval, as GuaranteesService.approve does it in one transaction and as many
 * round trips: the guarantee seen; the institution's row locked (approvals of a center queue
 * there), the guarantee locked and the client's liability summed, sent together; the limits
 * checked; the guarantee approved and the amount reserved on the institution, sent together; the
 * event in the outbox, sent with the COMMIT.
 */
async function guaranteeApprove(request: {
  tenant: string;
  analystId: string;
  id: string;
}): Promise<Answer> {
  const { tenant, id } = request;
  return inTransaction(db, tenant, false, async (c) => {
    const [seen] = await run<Row>(c, sql.guaranteeById, [id, tenant, 1]);
    if (!seen) return { status: 404, body: null };
    // Sent together, as the service does: one round trip under the institution's lock.
    const [[institution], [found], liable] = await Promise.all([
      run<Row>(c, sql.institutionLock, [seen['institutionId'], tenant]),
      run<Row>(c, sql.guaranteeByIdForUpdate, [id, tenant]),
      run<Row>(c, sql.liableOfClient, [['approved', 'active'], seen['enterpriseId'], tenant]),
    ]);
    if (!institution || !found) return { status: 404, body: null };
    if (found['status'] !== 'pending') return { status: 409, body: null };
    const amount = String(found['guaranteedAmount']);
    const exposure = {
      netAssets: String(institution['netAssets']),
      outstanding: String(institution['outstanding']),
      client: sum(liable, 'outstandingLiability'),
      group: null,
    };
    if (limitBreach(exposure, amount, DEFAULT_GUARANTEE_POLICY)) return { status: 422, body: null };
    const now = new Date();
    const approvedBy = `user:${request.analystId}`;
    await Promise.all([
      run(c, sql.guaranteeApprove, ['approved', amount, approvedBy, now, now, id, tenant]),
      run(c, sql.institutionOutstanding, [
        formatMoney(sumMoney([String(institution['outstanding']), amount])),
        now,
        institution['id'],
        tenant,
      ]),
    ]);
    send(c, sql.guaranteeOutboxInsert, [
      newId(),
      tenant,
      'guarantee-approved',
      baselineEventSubject(tenant, 'guarantee', 'guarantee-approved'),
      Buffer.from(JSON.stringify({ guaranteeId: id, guaranteedAmount: amount })),
    ]);
    return {
      status: 200,
      body: Object.assign({}, found, {
        status: 'approved',
        outstandingLiability: amount,
        approvedBy,
      }),
    };
  });
}

const money = (value: unknown) => formatMoney(String(value));
const positionOf = (row: Row): InstallmentPosition => ({
  number: row['number'] as number,
  dueOn: row['dueOn'] as string,
  principal: money(row['principal']),
  interest: money(row['interest']),
  principalPaid: money(row['principalPaid']),
  interestPaid: money(row['interestPaid']),
});

/** A fund's returns on a day, as MetricsService.metrics answers: the fund, its flows, its ledgers. */
async function fundMetricsGet(request: {
  tenant: string;
  id: string;
  asOf: string;
}): Promise<Answer> {
  const { tenant, id, asOf } = request;
  return inTransaction(db, tenant, true, async (c) => {
    const [fund] = await run<Row>(c, sql.fundById, [id, tenant, 1]);
    if (!fund) return { status: 404, body: null };
    const flows = await run<FlowRow>(c, sql.fundFlows, [id, asOf], false);
    const entries = await run<EntryRow>(c, sql.fundEntries, [id, asOf], false);
    const ledgers = ledgersOf(entries);
    return {
      status: 200,
      body: Object.assign({}, fundMetrics(flows, ledgers, asOf), {
        fundId: id,
        investments: ledgers.length,
      }),
    };
  });
}

/** A loan with what paying it off today would take, as LoansService.get answers. */
async function loanGet(request: {
  tenant: string;
  partnerId: string;
  id: string;
}): Promise<Answer> {
  const { tenant, id } = request;
  return inTransaction(db, tenant, true, async (c) => {
    const [loan] = await run<Row>(c, sql.loanById, [id, tenant, 1]);
    if (!loan || loan['lenderPartnerId'] !== request.partnerId) return { status: 404, body: null };
    const installments = (await run<Row>(c, sql.installmentsOfLoan, [id, tenant])).map(positionOf);
    const today = new Date().toISOString().slice(0, 10);
    const since = String(loan['penaltyAccruedThrough'] ?? loan['disbursedOn']);
    const penalty =
      since < today
        ? penaltyInterest(installments, String(loan['penaltyRate']), since, today)
        : '0';
    const payoffAmount = payable(
      {
        outstandingPrincipal: money(loan['outstandingPrincipal']),
        penaltyDue: formatMoney(
          sumMoney([String(loan['penaltyAccrued']), penalty]).minus(String(loan['penaltyPaid'])),
        ),
        startedOn: String(loan['disbursedOn']),
        installments,
      },
      today,
    );
    return { status: 200, body: Object.assign({}, loan, { payoffAmount }) };
  });
}

/** A repayment, as RepaymentsService.repay makes it: one transaction, the loan locked. */
async function loanRepay(request: {
  tenant: string;
  clientId: string;
  key: string | null;
  fingerprint: string;
  partnerId: string;
  id: string;
  body: { amount: string; paidOn: string };
}): Promise<Answer> {
  const { tenant, id, body } = request;
  return inTransaction(db, tenant, false, async (c) => {
    const command = [tenant, request.clientId, request.key, 'tf.credit.loan.repay'];
    if (request.key) await run(c, sql.creditCommandClaim, [...command, request.fingerprint]);
    const [loan] = await run<Row>(c, sql.loanForUpdate, [id, tenant]);
    if (!loan || loan['lenderPartnerId'] !== request.partnerId) return { status: 404, body: null };
    const rows = await run<Row>(c, sql.installmentsOfLoan, [id, tenant]);
    const installments = rows.map(positionOf);
    const bookedThrough = String(loan['penaltyAccruedThrough']);
    if (body.paidOn < bookedThrough) return { status: 409, body: null };
    const charged = penaltyInterest(
      installments,
      String(loan['penaltyRate']),
      bookedThrough,
      body.paidOn,
    );
    const penaltyAccrued = sumMoney([String(loan['penaltyAccrued']), charged]);
    const outcome = allocateRepayment(
      {
        outstandingPrincipal: money(loan['outstandingPrincipal']),
        penaltyDue: formatMoney(penaltyAccrued.minus(String(loan['penaltyPaid']))),
        startedOn: String(loan['disbursedOn']),
        installments,
      },
      body.amount,
      body.paidOn,
      {
        annualRate: String(loan['annualRate']),
        method: loan['repaymentMethod'] as 'equal_principal',
      },
    );
    if (outcome.kind === 'overpayment') return { status: 422, body: outcome };
    const before = new Map(installments.map((i, k) => [i.number, { i, row: rows[k] as Row }]));
    for (const line of outcome.installments) {
      const old = before.get(line.number);
      if (!old || JSON.stringify(old.i) === JSON.stringify(line)) continue;
      await run(c, sql.installmentUpdate, [
        line.principal,
        line.interest,
        line.principalPaid,
        line.interestPaid,
        old.row['id'],
        id,
        tenant,
      ]);
    }
    const days = daysPastDue(outcome.installments, body.paidOn);
    const { classification } = classifyLoan(
      days,
      DEFAULT_CREDIT_POLICY,
      loan['status'] === 'defaulted',
    );
    const now = new Date();
    await run(c, sql.loanRepaid, [
      outcome.outstandingPrincipal,
      money(sumMoney([String(loan['principalRepaid']), outcome.principalPaid])),
      money(sumMoney([String(loan['interestPaid']), outcome.interestPaid])),
      money(penaltyAccrued),
      money(sumMoney([String(loan['penaltyPaid']), outcome.allocation.penalty])),
      body.paidOn,
      days,
      classification,
      now,
      id,
      tenant,
    ]);
    const [stored] = await run<Row>(
      c,
      sql.repaymentInsert,
      bind(sql.repaymentColumns, {
        id: newId(),
        tenantId: tenant,
        loanId: id,
        amount: money(body.amount),
        paidOn: body.paidOn,
        ...outcome.allocation,
        outstandingPrincipal: outcome.outstandingPrincipal,
        reamortised: outcome.reamortised,
        recordedBy: `partner:${request.partnerId}`,
        createdAt: now,
      }),
    );
    send(c, sql.creditOutboxInsert, [
      newId(),
      tenant,
      'loan-repaid',
      baselineEventSubject(tenant, 'credit', 'loan-repaid'),
      Buffer.from(JSON.stringify({ loanId: id, principalRepaid: outcome.principalPaid })),
    ]);
    if (request.key)
      send(c, sql.creditCommandStore, [...command, Buffer.from(JSON.stringify(stored))]);
    return { status: 201, body: stored };
  });
}

/** A classification run over the center's book, as ClassificationService.run makes it. */
async function classificationRun(request: {
  tenant: string;
  body: { asOf: string };
}): Promise<Answer> {
  const { tenant } = request;
  const asOf = request.body.asOf;
  return inTransaction(db, tenant, false, async (c) => {
    await run(c, sql.lock, [['credit', tenant, 'classification-run'].join('|')]);
    const [same] = await run<Row>(c, sql.runOfDay, [asOf, tenant, 1]);
    if (same) return { status: 200, body: same['result'] };
    const [later] = await run<Row>(c, sql.runAfterDay, [asOf, tenant, 1]);
    if (later) return { status: 409, body: null };
    let after: string | undefined;
    let loans = 0;
    for (;;) {
      const page = after
        ? await run<Row>(c, sql.livePageAfter, [['active', 'defaulted'], after, tenant, 1000])
        : await run<Row>(c, sql.livePageFirst, [['active', 'defaulted'], tenant, 1000]);
      if (page.length === 0) break;
      after = page[page.length - 1]?.['id'] as string;
      const ids = page.map((l) => l['id'] as string);
      const open = new Map<string, InstallmentPosition[]>();
      for (const row of await run<Row>(c, sql.openInstallments, [ids, asOf], false)) {
        const list = open.get(row['loan_id'] as string) ?? [];
        list.push(positionOf(row));
        open.set(row['loan_id'] as string, list);
      }
      const verdicts = page.map((loan) => {
        const installments = open.get(loan['id'] as string) ?? [];
        const since = String(loan['penaltyAccruedThrough'] ?? loan['disbursedOn']);
        const penalty =
          since < asOf
            ? penaltyInterest(installments, String(loan['penaltyRate']), since, asOf)
            : '0.00';
        const days = daysPastDue(installments, asOf);
        const judged = classifyLoan(days, DEFAULT_CREDIT_POLICY, loan['status'] === 'defaulted');
        return {
          id: loan['id'],
          classification: judged.classification,
          days,
          penalty,
          status: judged.defaulted ? 'defaulted' : 'active',
          defaultedOn:
            judged.defaulted && loan['status'] !== 'defaulted' ? asOf : loan['defaultedOn'],
        };
      });
      loans += verdicts.length;
      await run(
        c,
        sql.writeVerdicts,
        [
          verdicts.map((v) => v.id),
          verdicts.map((v) => v.classification),
          verdicts.map((v) => v.days),
          verdicts.map((v) => v.penalty),
          verdicts.map((v) => v.status),
          verdicts.map((v) => v.defaultedOn),
          asOf,
        ],
        false,
      );
    }
    const result = { asOf, loans };
    await run(
      c,
      sql.runInsert,
      bind(sql.runColumns, {
        id: newId(),
        tenantId: tenant,
        asOf,
        result,
        runBy: 'bench',
        createdAt: new Date(),
      }),
    );
    return { status: 200, body: result };
  });
}

/**
 * A loan application, as ApplicationsService.apply makes it: the input checked against the
 * product, the enterprise and the pledge values or the guarantee asked for over NATS, then one
 * transaction: the command recorded, locks per guarantee and asset, the live pledges and the
 * guarantee's loans read, the decision, the application, the loan, its collateral and the event.
 */
async function loanApply(request: {
  tenant: string;
  clientId: string;
  key: string | null;
  fingerprint: string;
  partnerId: string;
  body: {
    enterpriseId: string;
    productCode: string;
    principal: string;
    termMonths: number;
    repaymentMethod: string;
    collateral?: { valuationId: string }[];
    guaranteeId?: string;
  };
}): Promise<Answer> {
  const { tenant, body } = request;
  const policy = DEFAULT_CREDIT_POLICY;
  const product = productOf(policy, body.productCode);
  const input = Object.assign({}, body, { collateral: body.collateral ?? [] });
  if (!product || loanApplicationProblems(input, product).length > 0)
    return { status: 400, body: null };
  const valuationIds = input.collateral.map((c) => c.valuationId);
  const [enterprise, pledged, guaranteed] = await Promise.all([
    ask('bench.enterprise.get', { tenant, id: body.enterpriseId }),
    valuationIds.length > 0 ? ask('bench.pledge-value.get', { tenant, valuationIds }) : undefined,
    body.guaranteeId
      ? ask('bench.guarantee.get', { tenant, partnerId: request.partnerId, id: body.guaranteeId })
      : undefined,
  ]);
  if (enterprise.status !== 200) return { status: 404, body: null };
  const pledges: PledgedAsset[] = ((pledged?.body ?? []) as Row[]).map((row) => ({
    valuationId: row['valuation_id'] as string,
    identity: row['identity'] as string,
    assetNumber: row['number'] as string,
    patentType: row['patent_type'] as 'invention',
    value: money(row['value']),
  }));
  if (valuationIds.some((id) => !pledges.some((p) => p.valuationId === id)))
    return { status: 422, body: null };
  const guarantee = guaranteed?.body as Row | undefined;
  if (body.guaranteeId && guaranteed?.status !== 200) return { status: 404, body: null };
  return inTransaction(db, tenant, false, async (c) => {
    const command = [tenant, request.clientId, request.key, 'tf.credit.loan-application.submit'];
    if (request.key) await run(c, sql.creditCommandClaim, [...command, request.fingerprint]);
    const lock = (...key: string[]) => run(c, sql.lock, [['credit', tenant, ...key].join('|')]);
    if (body.guaranteeId) await lock('guarantee', body.guaranteeId);
    for (const identity of [...new Set(pledges.map((p) => p.identity))].sort())
      await lock('asset', identity);
    const live =
      pledges.length > 0
        ? await run<Row>(c, sql.livePledges, [pledges.map((p) => p.identity), true, tenant])
        : [];
    const inUse = body.guaranteeId
      ? ((
          await run<{ n: number }>(c, sql.guaranteeInUse, [
            body.guaranteeId,
            ['approved', 'active', 'defaulted'],
            tenant,
          ])
        )[0]?.n ?? 0) > 0
      : false;
    const decision = underwrite(
      {
        product,
        principal: body.principal,
        termMonths: body.termMonths,
        enterpriseId: body.enterpriseId,
        lenderPartnerId: request.partnerId,
        pledges,
        pledgedElsewhere: live.map((row) => row['identity'] as string),
        ...(guarantee
          ? {
              guarantee: {
                status: guarantee['status'] as string,
                enterpriseId: guarantee['enterpriseId'] as string,
                lenderPartnerId: guarantee['lenderPartnerId'] as string,
                principal: money(guarantee['principal']),
                termMonths: guarantee['termMonths'] as number,
              },
              guaranteeInUse: inUse,
            }
          : {}),
      },
      policy,
    );
    const now = new Date();
    const collateral = pledges.map((p) =>
      Object.assign({}, p, { ltvCap: ltvCap(policy, p.patentType) }),
    );
    const applicationId = newId();
    const loanId = decision.approved ? newId() : null;
    const [application] = await run<Row>(
      c,
      sql.applicationInsert,
      bind(sql.applicationColumns, {
        id: applicationId,
        tenantId: tenant,
        enterpriseId: body.enterpriseId,
        lenderPartnerId: request.partnerId,
        productCode: product.code,
        principal: money(body.principal),
        termMonths: body.termMonths,
        repaymentMethod: body.repaymentMethod,
        status: decision.approved ? 'approved' : 'declined',
        loanId,
        reasons: decision.reasons,
        lendable: decision.lendable ?? null,
        collateral,
        guaranteeId: body.guaranteeId ?? null,
        requestedBy: `partner:${request.partnerId}`,
        requestedByPartner: request.partnerId,
        appliedOn: now.toISOString().slice(0, 10),
        createdAt: now,
      }),
    );
    if (loanId) {
      await run(
        c,
        sql.loanInsert,
        bind(sql.loanColumns, {
          id: loanId,
          applicationId,
          tenantId: tenant,
          enterpriseId: body.enterpriseId,
          lenderPartnerId: request.partnerId,
          productCode: product.code,
          status: 'approved',
          currency: 'CNY',
          principal: money(body.principal),
          outstandingPrincipal: '0.00',
          principalRepaid: '0.00',
          principalRecovered: '0.00',
          principalWrittenOff: '0.00',
          interestPaid: '0.00',
          penaltyAccrued: '0.00',
          penaltyPaid: '0.00',
          termMonths: body.termMonths,
          repaymentMethod: body.repaymentMethod,
          classification: 'normal',
          daysPastDue: 0,
          approvedOn: now.toISOString().slice(0, 10),
          guaranteeId: body.guaranteeId ?? null,
          collateral,
          requestedBy: `partner:${request.partnerId}`,
          requestedByPartner: request.partnerId,
          createdAt: now,
          updatedAt: now,
        }),
      );
      for (const p of collateral)
        await run(
          c,
          sql.collateralInsert,
          bind(sql.collateralColumns, {
            id: newId(),
            tenantId: tenant,
            loanId,
            identity: p.identity,
            valuationId: p.valuationId,
            assetNumber: p.assetNumber,
            patentType: p.patentType,
            value: p.value,
            ltvCap: p.ltvCap,
            live: true,
          }),
          false,
        );
      send(c, sql.creditOutboxInsert, [
        newId(),
        tenant,
        'loan-approved',
        baselineEventSubject(tenant, 'credit', 'loan-approved'),
        Buffer.from(JSON.stringify({ loanId, applicationId })),
      ]);
    }
    if (request.key)
      send(c, sql.creditCommandStore, [...command, Buffer.from(JSON.stringify(application))]);
    return { status: 201, body: application };
  });
}

/**
 * A page of the listing search, as ListingsService.list answers it: the search statement, then
 * the page's listings and their assets, shaped as the API shows them (a bank's key: its center's
 * published listings).
 */
async function listingSearch(request: {
  tenant: string;
  partnerId: string;
  q: string | null;
  limit: number;
}): Promise<Answer> {
  const { tenant, partnerId, q, limit } = request;
  return inTransaction(db, tenant, true, async (c) => {
    const actor = {
      kind: 'partner' as const,
      id: partnerId,
      apiKeyId: '',
      partnerKind: 'bank',
      scopes: [],
    };
    const found = await run<{ id: string }>(
      c,
      sql.listingSearch,
      listingSearchValues({ q: q ?? undefined, includeShared: false }, actor, { limit }),
      false,
    );
    const ids = found.slice(0, limit).map((r) => r.id);
    const listings = ids.length ? await run<Row>(c, sql.listingsByIds, [ids]) : [];
    const assets = ids.length ? await run<Row>(c, sql.assetsOfListings, [ids]) : [];
    const byId = new Map(listings.map((l) => [l['id'] as string, l]));
    return {
      status: 200,
      body: {
        items: ids.flatMap((id) => {
          const l = byId.get(id);
          if (!l) return [];
          return [
            {
              id,
              tenant: l['tenantId'],
              title: l['title'],
              sellerEnterpriseId: l['sellerEnterpriseId'],
              dealType: l['dealType'],
              status: l['status'],
              pricing: {
                mode: l['mode'],
                askingPrice: l['askingPrice'],
                reservePrice: l['reservePrice'],
                increment: l['increment'],
                endsAt: l['endsAt'],
              },
              bestBid: l['bestBid'],
              bidCount: l['bidCount'],
              assets: assets
                .filter((a) => a['listingId'] === id)
                .map((a) => ({
                  kind: a['kind'],
                  number: a['number'],
                  title: a['title'],
                  patentType: a['patentType'],
                  ipcClass: a['ipcClass'],
                })),
            },
          ];
        }),
        page: found.length > limit ? { nextCursor: ids[ids.length - 1] } : {},
      },
    };
  });
}

/**
 * A bid on an auction, as BidsService.place makes it: the listing locked, the bid checked by the
 * same pure functions, the bid written, the listing's best bid and end moved, the event recorded.
 */
async function listingBid(request: {
  tenant: string;
  partnerId: string;
  id: string;
  amount: string;
}): Promise<Answer> {
  const { tenant, partnerId, id, amount } = request;
  return inTransaction(db, tenant, false, async (c) => {
    const [listing] = await run<Row>(c, sql.listingLock, [id, tenant]);
    if (!listing) return { status: 404, body: null };
    const now = new Date();
    const auction = {
      reservePrice: listing['reservePrice'] as string | null,
      increment: listing['increment'] as string,
      endsAt: new Date(listing['endsAt'] as string),
      bestBid: listing['bestBid'] as string | null,
    };
    const refusal = bidRefusal(auction, amount, now);
    if (refusal) return { status: 422, body: { type: `/problems/bid-${refusal.kind}` } };
    const endsAt = endAfterBid(auction.endsAt, now, {
      windowMinutes: DEFAULT_TRADING_POLICY.antiSnipingWindowMinutes,
      extensionMinutes: DEFAULT_TRADING_POLICY.antiSnipingExtensionMinutes,
    });
    const bid = {
      // Time-ordered, as every id here (newId): two bids placed in the same millisecond are told
      // apart in placing order, which the bench's check of the auction reads.
      id: newId(),
      tenantId: tenant,
      listingId: id,
      amount,
      bidder: `partner:${partnerId}`,
      bidderCenter: tenant,
      bidderPartner: partnerId,
      placedAt: now,
      endsAt,
    };
    await run(c, sql.bidInsert, bind(sql.bidColumns, bid));
    await run(c, sql.listingBid, [amount, (listing['bidCount'] as number) + 1, endsAt, id, tenant]);
    send(c, sql.tradingOutboxInsert, [
      newId(),
      tenant,
      'bid-placed',
      baselineEventSubject(tenant, 'trading', 'bid-placed'),
      Buffer.from(JSON.stringify({ listingId: id, bidId: bid.id, amount, bidderCenter: tenant })),
    ]);
    return { status: 201, body: bid };
  });
}

/** The page an overview section shows (OVERVIEW_SECTION_ITEMS), one more to know of others. */
const OVERVIEW_PAGE = 21;

interface OverviewRequest {
  tenant: string;
  partnerId: string;
  enterpriseId: string;
}

/** Each section of the overview, as each service's list answers a bank's key: one read each. */
const overviewSections = {
  valuations: ({ tenant, partnerId, enterpriseId }: OverviewRequest) =>
    inTransaction(db, tenant, true, async (c) => {
      const rows = await run<Row>(c, sql.overviewValuations, [
        enterpriseId,
        partnerId,
        tenant,
        OVERVIEW_PAGE,
      ]);
      const assets = rows.length
        ? await run<Row>(c, sql.assetsOfValuations, [rows.map((r) => r['id']), tenant])
        : [];
      return rows.map((v) =>
        Object.assign({}, v, { assets: assets.filter((a) => a['valuationId'] === v['id']) }),
      );
    }),
  guarantees: ({ tenant, partnerId, enterpriseId }: OverviewRequest) =>
    inTransaction(db, tenant, true, async (c) => {
      const rows = await run<Row>(c, sql.overviewGuarantees, [
        partnerId,
        enterpriseId,
        tenant,
        OVERVIEW_PAGE,
      ]);
      const claims = rows.length
        ? await run<Row>(c, sql.claimsOfGuarantees, [rows.map((r) => r['id']), tenant])
        : [];
      return rows.map((g) =>
        Object.assign({}, g, { claim: claims.find((k) => k['guaranteeId'] === g['id']) }),
      );
    }),
  loans: ({ tenant, partnerId, enterpriseId }: OverviewRequest) =>
    inTransaction(db, tenant, true, (c) =>
      run<Row>(c, sql.overviewLoans, [partnerId, enterpriseId, tenant, OVERVIEW_PAGE]),
    ),
  investments: ({ tenant, partnerId, enterpriseId }: OverviewRequest) =>
    inTransaction(db, tenant, true, async (c) => {
      // A partner key lists the holdings of the funds it manages (a bank's: none).
      const funds = await run<Row>(c, sql.fundsOfManager, [partnerId, tenant]);
      const rows = await run<Row>(c, sql.overviewInvestments, [
        funds.map((f) => f['id']),
        enterpriseId,
        tenant,
        OVERVIEW_PAGE,
      ]);
      const entries = rows.length
        ? await run<Row>(c, sql.entriesOfInvestments, [rows.map((r) => r['id']), tenant])
        : [];
      return rows.map((i) =>
        Object.assign({}, i, { entries: entries.filter((e) => e['investmentId'] === i['id']) }),
      );
    }),
  listings: ({ tenant, partnerId, enterpriseId }: OverviewRequest) =>
    inTransaction(db, tenant, true, async (c) => {
      const actor = {
        kind: 'partner' as const,
        id: partnerId,
        apiKeyId: '',
        partnerKind: 'bank',
        scopes: [],
      };
      const found = await run<{ id: string }>(
        c,
        sql.listingSearch,
        listingSearchValues({ sellerEnterpriseId: enterpriseId, includeShared: false }, actor, {
          limit: OVERVIEW_PAGE - 1,
        }),
        false,
      );
      const ids = found.map((r) => r.id);
      if (ids.length === 0) return [];
      const [listings, assets] = [
        await run<Row>(c, sql.listingsByIds, [ids]),
        await run<Row>(c, sql.assetsOfListings, [ids]),
      ];
      return listings.map((l) =>
        Object.assign({}, l, { assets: assets.filter((a) => a['listingId'] === l['id']) }),
      );
    }),
};

/** One section of an enterprise's overview (the front asks the five at once). */
async function overviewSection(
  request: OverviewRequest & { section: keyof typeof overviewSections },
): Promise<Answer> {
  const rows = await overviewSections[request.section](request);
  return {
    status: 200,
    body: { items: rows.slice(0, OVERVIEW_PAGE - 1), more: rows.length >= OVERVIEW_PAGE },
  };
}

/** The baseline's outbox relays, one per outbox it writes to (started by main). */
const relays = new Map<OutboxOwner, BaselineRelay>();

/**
 * A handler whose transaction may record `owner`'s event: its relay is woken once it has
 * committed, as the services' commits wake theirs.
 */
function announcing<R>(
  owner: OutboxOwner,
  handle: (request: R) => Promise<Answer>,
): (request: R) => Promise<Answer> {
  return async (request) => {
    const answer = await handle(request);
    relays.get(owner)?.wake();
    return answer;
  };
}

const HANDLERS: Record<string, (request: never) => Promise<Answer>> = {
  'bench.overview.section': overviewSection,
  'bench.listing.search': listingSearch,
  'bench.listing.bid': announcing('trading', listingBid),
  'bench.guarantee.get': guaranteeGet,
  'bench.guarantee.request': guaranteeRequest,
  'bench.pledge-value.get': pledgeValueGet,
  'bench.guarantee.approve': announcing('guarantee', guaranteeApprove),
  'bench.loan.get': loanGet,
  'bench.fund.metrics': fundMetricsGet,
  'bench.loan.repay': announcing('credit', loanRepay),
  'bench.loan.apply': announcing('credit', loanApply),
  'bench.classification.run': classificationRun,
  'bench.enterprise.get': enterpriseGet,
  'bench.enterprise.create': announcing('tenancy', enterpriseCreate),
  'bench.valuation.get': valuationGet,
  'bench.valuation.request': announcing('valuation', valuationRequest),
};

export async function main(): Promise<number> {
  nats = await connect({ servers: process.env['NATS_URL'], noAsyncTraces: true });
  for (const owner of BASELINE_OUTBOXES) relays.set(owner, new BaselineRelay(owner, db, nats));
  for (const [subject, handle] of Object.entries(HANDLERS)) {
    nats.subscribe(subject, {
      queue: 'bench-baseline',
      callback: (error, message: Msg) => {
        if (error) return;
        handle(JSON.parse(Buffer.from(message.data).toString('utf8')) as never).then(
          (answer) => message.respond(JSON.stringify(answer)),
          (failure: unknown) =>
            message.respond(JSON.stringify({ status: 500, body: String(failure) })),
        );
      },
    });
  }
  process.stdout.write('baseline back ready\n');
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await Promise.all([...relays.values()].map((relay) => relay.stop()));
  await nats.drain();
  await db.end();
  return 0;
}
