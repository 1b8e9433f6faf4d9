import 'reflect-metadata';
import { COMMAND_SQL, EntitySql, IDEMPOTENT_COMMANDS_TABLE, outboxInsertSql } from '@tf/platform';
import { baselineOutbox } from './relay';
import { DataSource, In, MoreThan, type ObjectLiteral } from 'typeorm';
import { IDEMPOTENCY_SQL } from '../../../../services/gateway/src/idempotency/idempotency.store';
import {
  OPEN_INSTALLMENTS_SQL,
  WRITE_VERDICTS_SQL,
} from '../../../../services/credit/src/classification/classification.service';
import { ClassificationRunEntity } from '../../../../services/credit/src/classification/classification-run.entity';
import {
  InstallmentEntity,
  LoanCollateralEntity,
  LoanEntity,
} from '../../../../services/credit/src/loans/loan.entity';
import { RepaymentEntity } from '../../../../services/credit/src/repayments/repayment.entity';
import { LoanApplicationEntity } from '../../../../services/credit/src/applications/loan-application.entity';
import { FundEntity } from '../../../../services/investment/src/funds/fund.entity';
import {
  FUND_ENTRIES_SQL,
  FUND_FLOWS_SQL,
} from '../../../../services/investment/src/funds/metrics.service';
import { ClaimEntity } from '../../../../services/guarantee/src/claims/claim.entity';
import {
  InvestmentEntity,
  InvestmentEntryEntity,
} from '../../../../services/investment/src/investments/investment.entity';
import {
  BidEntity,
  ListingAssetEntity,
  ListingEntity,
} from '../../../../services/trading/src/listings/listing.entity';
import { LISTING_SEARCH_SQL } from '../../../../services/trading/src/listings/listing-search';
import { LISTING_OWNER_SQL } from '../../../../services/trading/src/centers/listing-centers';
import { GuaranteeEntity } from '../../../../services/guarantee/src/guarantees/guarantee.entity';
import { InstitutionEntity } from '../../../../services/guarantee/src/institutions/institution.entity';
import { EnterpriseEntity } from '../../../../services/tenancy/src/enterprises/enterprise.entity';
import { PLEDGES_OF_VALUATIONS } from '../../../../services/valuation/src/pledge-values/pledge-values.service';
import { ComparableEntity } from '../../../../services/valuation/src/comparables/comparable.entity';
import {
  ValuationAssetEntity,
  ValuationEntity,
} from '../../../../services/valuation/src/valuations/valuation.entity';

/**
 * The SQL the baseline runs: the very statement texts the services send for each scenario,
 * written by the same EntitySql from the same entities, and the platform's own (outbox,
 * Idempotency-Key records, advisory lock). The baseline gets them as data and only binds values,
 * so a ratio compares the network with the same SQL run as directly as node can run it.
 */
export interface BaselineStatements {
  /** An enterprise's overview: each service's first page of its rows, as its list runs it. */
  overviewValuations: string;
  overviewGuarantees: string;
  claimsOfGuarantees: string;
  overviewLoans: string;
  fundsOfManager: string;
  overviewInvestments: string;
  entriesOfInvestments: string;
  listingSearch: string;
  listingsByIds: string;
  assetsOfListings: string;
  listingOwner: string;
  listingLock: string;
  bidInsert: string;
  bidColumns: string[];
  listingBid: string;
  tradingOutboxInsert: string;
  fundById: string;
  fundFlows: string;
  fundEntries: string;
  enterpriseById: string;
  enterpriseInsert: string;
  /** The properties whose values an insert binds, in its column order. */
  enterpriseColumns: string[];
  valuationById: string;
  assetsOfValuations: string;
  comparablesOfTypes: string;
  supersedePending: string;
  valuationInsert: string;
  valuationColumns: string[];
  /** Five rows, as a 5-patent valuation inserts them. */
  assetsInsert: string;
  assetColumns: string[];
  guaranteeById: string;
  claimOfGuarantee: string;
  institutionOfCenter: string;
  /** The liable guarantees of one client ($1 statuses, $2 enterprise, $3 center). */
  liableOfClient: string;
  guaranteeInsert: string;
  guaranteeColumns: string[];
  /** Approval: the guarantee and the institution locked, the guarantee approved, the reservation. */
  guaranteeByIdForUpdate: string;
  institutionLock: string;
  guaranteeApprove: string;
  institutionOutstanding: string;
  guaranteeOutboxInsert: string;
  pledgesOfValuations: string;
  /** Credit: a loan and its schedule, a repayment's changes, the classification run's pages. */
  loanById: string;
  loanForUpdate: string;
  installmentsOfLoan: string;
  installmentUpdate: string;
  /** The loan's changes after a repayment, in the order RepaymentsService makes them. */
  loanRepaid: string;
  repaymentInsert: string;
  repaymentColumns: string[];
  creditOutboxInsert: string;
  creditCommandClaim: string;
  creditCommandStore: string;
  runOfDay: string;
  runAfterDay: string;
  runInsert: string;
  runColumns: string[];
  /** An application: the live pledges of its assets, its guarantee's loans, and its rows. */
  livePledges: string;
  guaranteeInUse: string;
  applicationInsert: string;
  applicationColumns: string[];
  loanInsert: string;
  loanColumns: string[];
  collateralInsert: string;
  collateralColumns: string[];
  /** The first page of live loans, locked, and the pages after it. */
  livePageFirst: string;
  livePageAfter: string;
  openInstallments: string;
  writeVerdicts: string;
  lock: string;
  tenancyOutboxInsert: string;
  valuationOutboxInsert: string;
  commandClaim: string;
  commandStore: string;
  idempotencyClaim: string;
  idempotencyFind: string;
  idempotencyComplete: string;
}

/** Every property of an entity set, as the services set them all (null where absent). */
function everyColumn<E extends ObjectLiteral>(dataSource: DataSource, entity: new () => E): E {
  const row: Record<string, unknown> = {};
  for (const column of dataSource.getMetadata(entity).columns) row[column.propertyName] = null;
  return row as E;
}

/** An insert of every column binds them in the metadata's order. */
function columnsOf(dataSource: DataSource, entity: new () => ObjectLiteral): string[] {
  return dataSource.getMetadata(entity).columns.map((column) => column.propertyName);
}

export async function baselineStatements(): Promise<BaselineStatements> {
  const dataSource = new DataSource({
    type: 'postgres',
    entities: [
      FundEntity,
      EnterpriseEntity,
      ValuationEntity,
      ValuationAssetEntity,
      ComparableEntity,
      InstitutionEntity,
      GuaranteeEntity,
      ClaimEntity,
      LoanEntity,
      InstallmentEntity,
      RepaymentEntity,
      ClassificationRunEntity,
      LoanApplicationEntity,
      LoanCollateralEntity,
      ListingEntity,
      ListingAssetEntity,
      BidEntity,
      InvestmentEntity,
      InvestmentEntryEntity,
    ],
  });
  // Metadata only: nothing connects.
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  const enterprises = EntitySql.of(dataSource, EnterpriseEntity);
  const valuations = EntitySql.of(dataSource, ValuationEntity);
  const assets = EntitySql.of(dataSource, ValuationAssetEntity);
  const comparables = EntitySql.of(dataSource, ComparableEntity);
  const asset = everyColumn(dataSource, ValuationAssetEntity);
  const guarantees = EntitySql.of(dataSource, GuaranteeEntity);
  return {
    enterpriseById: enterprises.select({ id: '', tenantId: '' }, { take: 1 }).text,
    enterpriseInsert: enterprises.insert([everyColumn(dataSource, EnterpriseEntity)]).text,
    enterpriseColumns: columnsOf(dataSource, EnterpriseEntity),
    valuationById: valuations.select({ id: '', tenantId: '' }, { take: 1 }).text,
    assetsOfValuations: assets.select(
      { valuationId: In([]), tenantId: '' },
      { order: { position: 'ASC' } },
    ).text,
    comparablesOfTypes: comparables.select(
      { patentType: In([]), tenantId: '' },
      { order: { closedOn: 'DESC' }, take: 5000 },
    ).text,
    supersedePending: valuations.update(
      {
        holder: '',
        enterpriseId: '',
        purpose: 'pledge',
        assetKey: '',
        status: 'computed',
        tenantId: '',
      },
      { status: 'superseded', supersededBy: '', updatedAt: new Date() },
    ).text,
    valuationInsert: valuations.insert([everyColumn(dataSource, ValuationEntity)]).text,
    valuationColumns: columnsOf(dataSource, ValuationEntity),
    assetsInsert: assets.insert([asset, asset, asset, asset, asset]).text,
    assetColumns: columnsOf(dataSource, ValuationAssetEntity),
    guaranteeById: guarantees.select({ id: '', tenantId: '' }, { take: 1 }).text,
    claimOfGuarantee: EntitySql.of(dataSource, ClaimEntity).select(
      { guaranteeId: '', tenantId: '' },
      { take: 1 },
    ).text,
    institutionOfCenter: EntitySql.of(dataSource, InstitutionEntity).select({ tenantId: '' }, {})
      .text,
    liableOfClient: guarantees.select(
      { status: In(['approved']), enterpriseId: '', tenantId: '' },
      {},
    ).text,
    guaranteeInsert: guarantees.insert([everyColumn(dataSource, GuaranteeEntity)]).text,
    guaranteeColumns: columnsOf(dataSource, GuaranteeEntity),
    guaranteeByIdForUpdate: guarantees.select({ id: '', tenantId: '' }, { lock: 'update' }).text,
    institutionLock: EntitySql.of(dataSource, InstitutionEntity).select(
      { id: '', tenantId: '' },
      { lock: 'update' },
    ).text,
    // The changes in the order the guarantee service makes them (GuaranteesService.approve).
    guaranteeApprove: guarantees.update(
      { id: '', tenantId: '' },
      {
        status: 'approved',
        outstandingLiability: '',
        approvedBy: '',
        approvedAt: new Date(),
        updatedAt: new Date(),
      },
    ).text,
    institutionOutstanding: EntitySql.of(dataSource, InstitutionEntity).update(
      { id: '', tenantId: '' },
      { outstanding: '', updatedAt: new Date() },
    ).text,
    guaranteeOutboxInsert: outboxInsertSql(baselineOutbox('guarantee')),
    pledgesOfValuations: PLEDGES_OF_VALUATIONS,
    ...creditStatements(dataSource),
    ...tradingStatements(dataSource),
    ...overviewStatements(dataSource),
    fundById: EntitySql.of(dataSource, FundEntity).select({ id: '', tenantId: '' }, { take: 1 })
      .text,
    fundFlows: FUND_FLOWS_SQL,
    fundEntries: FUND_ENTRIES_SQL,
    lock: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
    tenancyOutboxInsert: outboxInsertSql(baselineOutbox('tenancy')),
    valuationOutboxInsert: outboxInsertSql(baselineOutbox('valuation')),
    commandClaim: COMMAND_SQL.claim(`tenancy.${IDEMPOTENT_COMMANDS_TABLE}`),
    commandStore: COMMAND_SQL.store(`tenancy.${IDEMPOTENT_COMMANDS_TABLE}`),
    idempotencyClaim: IDEMPOTENCY_SQL.claim,
    idempotencyFind: IDEMPOTENCY_SQL.find,
    idempotencyComplete: IDEMPOTENCY_SQL.complete,
  };
}

/**
 * An enterprise's overview: the first page of each service's list, as each repository writes it
 * for a bank's key (its own rows, of this enterprise), keyset-ordered by id.
 */
function overviewStatements(dataSource: DataSource) {
  const page = { order: { id: 'ASC' as const }, take: 0 };
  return {
    overviewValuations: EntitySql.of(dataSource, ValuationEntity).select(
      { enterpriseId: '', preparedByPartner: '', tenantId: '' },
      page,
    ).text,
    overviewGuarantees: EntitySql.of(dataSource, GuaranteeEntity).select(
      { lenderPartnerId: '', enterpriseId: '', tenantId: '' },
      page,
    ).text,
    claimsOfGuarantees: EntitySql.of(dataSource, ClaimEntity).select({
      guaranteeId: In([]),
      tenantId: '',
    }).text,
    overviewLoans: EntitySql.of(dataSource, LoanEntity).select(
      { lenderPartnerId: '', enterpriseId: '', tenantId: '' },
      page,
    ).text,
    fundsOfManager: EntitySql.of(dataSource, FundEntity).select({
      managerPartnerId: '',
      tenantId: '',
    }).text,
    overviewInvestments: EntitySql.of(dataSource, InvestmentEntity).select(
      { fundId: In([]), enterpriseId: '', tenantId: '' },
      page,
    ).text,
    entriesOfInvestments: EntitySql.of(dataSource, InvestmentEntryEntity).select(
      { investmentId: In([]), tenantId: '' },
      { order: { on: 'ASC', id: 'ASC' } },
    ).text,
  };
}

/** The trading service's statements: the search and its page's rows, and a bid. */
function tradingStatements(dataSource: DataSource) {
  const listings = EntitySql.of(dataSource, ListingEntity);
  return {
    listingSearch: LISTING_SEARCH_SQL,
    // tx.visible: no center predicate, PostgreSQL's policies decide.
    listingsByIds: listings.select({ id: In([]) }).text,
    assetsOfListings: EntitySql.of(dataSource, ListingAssetEntity).select(
      { listingId: In([]) },
      { order: { listingId: 'ASC', position: 'ASC' } },
    ).text,
    listingOwner: LISTING_OWNER_SQL,
    listingLock: listings.select({ id: '', tenantId: '' }, { lock: 'update' }).text,
    bidInsert: EntitySql.of(dataSource, BidEntity).insert([everyColumn(dataSource, BidEntity)])
      .text,
    bidColumns: columnsOf(dataSource, BidEntity),
    // The changes in the order BidsService.place makes them.
    listingBid: listings.update(
      { id: '', tenantId: '' },
      { bestBid: '', bidCount: 0, endsAt: new Date() },
    ).text,
    tradingOutboxInsert: outboxInsertSql(baselineOutbox('trading')),
  };
}

/** The credit service's statements, as its repositories write them. */
function creditStatements(dataSource: DataSource) {
  const loans = EntitySql.of(dataSource, LoanEntity);
  const installments = EntitySql.of(dataSource, InstallmentEntity);
  const runs = EntitySql.of(dataSource, ClassificationRunEntity);
  const live = In(['active', 'defaulted']);
  const collateral = EntitySql.of(dataSource, LoanCollateralEntity);
  return {
    livePledges: collateral.select({ identity: In(['']), live: true, tenantId: '' }).text,
    guaranteeInUse: loans.count({
      guaranteeId: '',
      status: In(['approved', 'active', 'defaulted']),
      tenantId: '',
    }).text,
    applicationInsert: EntitySql.of(dataSource, LoanApplicationEntity).insert([
      everyColumn(dataSource, LoanApplicationEntity),
    ]).text,
    applicationColumns: columnsOf(dataSource, LoanApplicationEntity),
    loanInsert: loans.insert([everyColumn(dataSource, LoanEntity)]).text,
    loanColumns: columnsOf(dataSource, LoanEntity),
    collateralInsert: collateral.insert([everyColumn(dataSource, LoanCollateralEntity)]).text,
    collateralColumns: columnsOf(dataSource, LoanCollateralEntity),
    loanById: loans.select({ id: '', tenantId: '' }, { take: 1 }).text,
    loanForUpdate: loans.select({ id: '', tenantId: '' }, { lock: 'update' }).text,
    installmentsOfLoan: installments.select(
      { loanId: '', tenantId: '' },
      { order: { number: 'ASC' } },
    ).text,
    installmentUpdate: installments.update(
      { id: '', loanId: '', tenantId: '' },
      { principal: '', interest: '', principalPaid: '', interestPaid: '' },
    ).text,
    loanRepaid: loans.update(
      { id: '', tenantId: '' },
      {
        outstandingPrincipal: '',
        principalRepaid: '',
        interestPaid: '',
        penaltyAccrued: '',
        penaltyPaid: '',
        penaltyAccruedThrough: '',
        daysPastDue: 0,
        classification: 'normal',
        updatedAt: new Date(),
      },
    ).text,
    repaymentInsert: EntitySql.of(dataSource, RepaymentEntity).insert([
      everyColumn(dataSource, RepaymentEntity),
    ]).text,
    repaymentColumns: columnsOf(dataSource, RepaymentEntity),
    creditOutboxInsert: outboxInsertSql(baselineOutbox('credit')),
    creditCommandClaim: COMMAND_SQL.claim(`credit.${IDEMPOTENT_COMMANDS_TABLE}`),
    creditCommandStore: COMMAND_SQL.store(`credit.${IDEMPOTENT_COMMANDS_TABLE}`),
    runOfDay: runs.select({ asOf: '', tenantId: '' }, { take: 1 }).text,
    runAfterDay: runs.select(
      { asOf: MoreThan(''), tenantId: '' },
      { order: { asOf: 'DESC' }, take: 1 },
    ).text,
    runInsert: runs.insert([everyColumn(dataSource, ClassificationRunEntity)]).text,
    runColumns: columnsOf(dataSource, ClassificationRunEntity),
    livePageFirst: loans.select(
      { status: live, tenantId: '' },
      { order: { id: 'ASC' }, take: 1000, lock: 'update' },
    ).text,
    livePageAfter: loans.select(
      { status: live, id: MoreThan(''), tenantId: '' },
      { order: { id: 'ASC' }, take: 1000, lock: 'update' },
    ).text,
    openInstallments: OPEN_INSTALLMENTS_SQL,
    writeVerdicts: WRITE_VERDICTS_SQL,
  };
}
