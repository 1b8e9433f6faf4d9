import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  APPLICATION_STATUSES,
  DECLINE_REASONS,
  INSTALLMENT_STATUSES,
  LOAN_CLASSIFICATIONS,
  LOAN_STATUSES,
  HISTORICAL_BOOK_MONTHS,
  MAX_COLLATERAL,
  MAX_LOAN_TERM_MONTHS,
  PRODUCT_CODES,
  REPAYMENT_METHODS,
} from '@tf/contracts';
import {
  DateField,
  EnumField,
  IdField,
  IntField,
  MoneyField,
  NestedListField,
} from '../http/fields';
import { PageQuery } from '../http/page.dto';

export class CollateralInputDto {
  @IdField({
    of: 'a valuation',
    description:
      "An approved, unexpired pledge valuation of the borrower's assets: its value is read from the valuation service",
  })
  valuationId!: string;
}

export class ApplyForLoanDto {
  @IdField({ of: 'an enterprise', description: 'The borrowing SME, an enterprise of this center' })
  enterpriseId!: string;

  @EnumField(PRODUCT_CODES, {
    example: 'ip-pledge',
    description: 'A loan product of the center (GET /loan-products)',
  })
  productCode!: string;

  @MoneyField({ description: "Within the product's limits", example: '1000000.00' })
  principal!: string;

  @IntField({
    minimum: 1,
    maximum: MAX_LOAN_TERM_MONTHS,
    example: 36,
    description: "Months, within the product's limits",
  })
  termMonths!: number;

  @EnumField(REPAYMENT_METHODS, {
    example: 'equal_installment',
    description: 'One the product allows',
  })
  repaymentMethod!: string;

  @NestedListField(CollateralInputDto, {
    maxItems: MAX_COLLATERAL,
    itemName: 'collateral',
    description: 'ip-pledge: the approved valuations whose patents are pledged',
    optional: true,
  })
  collateral?: CollateralInputDto[];

  @IdField({
    of: 'a guarantee',
    description: 'guaranteed: an approved guarantee of this enterprise and bank',
    optional: true,
  })
  guaranteeId?: string;

  @IdField({
    of: 'a partner',
    description:
      "The lending bank: left out with a bank's key (its own), required when staff apply",
    optional: true,
  })
  lenderPartnerId?: string;

  @DateField({
    example: '2026-08-05',
    description: `A loan of the bank's book from before it joined the center: the day it took the application, up to ${HISTORICAL_BOOK_MONTHS} months back. The loan counts as approved that day, so it may be disbursed from then on (its schedule, days past due and classification follow). Left out: today.`,
    past: true,
    optional: true,
  })
  appliedOn?: string;
}

class DeclineReasonDto {
  @ApiProperty({ enum: DECLINE_REASONS, example: 'ltv-exceeded' }) code!: string;
  @ApiProperty({
    example:
      'the pledges allow at most 1200000.00 (appraised value × the LTV cap of each patent type)',
  })
  message!: string;
}

class CollateralDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e72' }) valuationId!: string;
  @ApiProperty({ example: 'CN202110123456.7' }) assetNumber!: string;
  @ApiPropertyOptional({ example: 'invention' }) patentType?: string;
  @ApiProperty({ example: '3000000.00', description: 'Appraised value when the loan was approved' })
  value!: string;
  @ApiProperty({ example: '0.4', description: "The LTV cap of the asset's patent type" })
  ltvCap!: string;
}

export class LoanApplicationDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e80' }) id!: string;
  @ApiProperty({ example: 'jinan' }) tenant!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES, example: 'approved' }) status!: string;
  @ApiPropertyOptional({
    example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e81',
    description: 'The loan, when approved',
  })
  loanId?: string;
  @ApiProperty({ type: [DeclineReasonDto], description: 'Every rule that failed, when declined' })
  reasons!: DeclineReasonDto[];
  @ApiPropertyOptional({
    example: '1200000.00',
    description: 'ip-pledge: Σ appraised value × LTV cap',
  })
  lendable?: string;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e70' }) enterpriseId!: string;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e71' }) lenderPartnerId!: string;
  @ApiProperty({ enum: PRODUCT_CODES, example: 'ip-pledge' }) productCode!: string;
  @ApiProperty({ example: '1000000.00' }) principal!: string;
  @ApiProperty({ example: 36 }) termMonths!: number;
  @ApiProperty({ enum: REPAYMENT_METHODS, example: 'equal_installment' }) repaymentMethod!: string;
  @ApiProperty({ type: [CollateralDto] }) collateral!: CollateralDto[];
  @ApiPropertyOptional({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }) guaranteeId?: string;
  @ApiProperty({ example: 'partner:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e71' }) requestedBy!: string;
  @ApiProperty({
    example: '2026-11-26',
    description: 'The day the bank took it: today, or earlier for a loan of its historical book',
  })
  appliedOn!: string;
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' }) createdAt!: string;
}

export class LoanDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e81' }) id!: string;
  @ApiProperty({ example: 'jinan' }) tenant!: string;
  @ApiProperty({ enum: LOAN_STATUSES, example: 'active' }) status!: string;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e80' }) applicationId!: string;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e70' }) enterpriseId!: string;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e71' }) lenderPartnerId!: string;
  @ApiProperty({ enum: PRODUCT_CODES, example: 'ip-pledge' }) productCode!: string;
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({ example: '1000000.00' }) principal!: string;
  @ApiProperty({ example: '973751.03' }) outstandingPrincipal!: string;
  @ApiProperty({ example: '26248.97' }) principalRepaid!: string;
  @ApiProperty({
    example: '0.00',
    description: 'Defaulted loans: from the guarantee claim and the collateral sale',
  })
  principalRecovered!: string;
  @ApiProperty({ example: '0.00' }) principalWrittenOff!: string;
  @ApiProperty({ example: '3208.33' }) interestPaid!: string;
  @ApiProperty({ example: '0.00' }) penaltyAccrued!: string;
  @ApiProperty({ example: '0.00' }) penaltyPaid!: string;
  @ApiProperty({ example: 36 }) termMonths!: number;
  @ApiProperty({ enum: REPAYMENT_METHODS, example: 'equal_installment' }) repaymentMethod!: string;
  @ApiPropertyOptional({
    example: '0.0385',
    description: "Fixed at disbursement: the center's LPR + the product's spread",
  })
  annualRate?: string;
  @ApiPropertyOptional({
    example: '0.05775',
    description: 'On overdue principal: the policy multiple of annualRate',
  })
  penaltyRate?: string;
  @ApiProperty({ enum: LOAN_CLASSIFICATIONS, example: 'normal' }) classification!: string;
  @ApiProperty({ example: 0 }) daysPastDue!: number;
  @ApiProperty({
    example: '2026-12-01',
    description: "Its application's day (appliedOn): it is disbursed no earlier",
  })
  approvedOn!: string;
  @ApiPropertyOptional({ example: '2026-12-01' }) disbursedOn?: string;
  @ApiPropertyOptional({ example: '2029-12-01' }) maturityOn?: string;
  @ApiPropertyOptional({ example: '2027-09-10' }) defaultedOn?: string;
  @ApiPropertyOptional({ example: '2029-12-01' }) closedOn?: string;
  @ApiPropertyOptional({
    example: '2026-12-31',
    description: 'The last classification run that saw it',
  })
  classifiedOn?: string;
  @ApiPropertyOptional({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }) guaranteeId?: string;
  @ApiProperty({ type: [CollateralDto] }) collateral!: CollateralDto[];
  @ApiPropertyOptional({
    example: '976959.36',
    description: 'Active loans: what paying everything off today would take',
  })
  payoffAmount?: string;
  @ApiPropertyOptional({
    description: "A linked loan: the center fund's investment it is linked to",
  })
  linkedInvestmentId?: string;
  @ApiPropertyOptional({
    example: '0.1',
    description:
      "A linked loan: the bank's warrant covers equity worth this share of the principal",
  })
  warrantCoverage?: string;
  @ApiProperty({ example: 'partner:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e71' }) requestedBy!: string;
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-12-01T10:00:00.000Z' }) updatedAt!: string;
}

export class LoanListDto {
  @ApiProperty({ type: [LoanDto] }) items!: LoanDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}

export class LoanListQuery extends PageQuery {
  @EnumField(LOAN_STATUSES, {
    example: 'active',
    description: 'Only loans in this state',
    optional: true,
  })
  status?: string;

  @EnumField(LOAN_CLASSIFICATIONS, {
    example: 'special_mention',
    description: 'Only loans in this class',
    optional: true,
  })
  classification?: string;
}

export class DisburseLoanDto {
  @DateField({
    example: '2026-12-01',
    description: 'The day the money went out (not in the future)',
    past: true,
  })
  disbursedOn!: string;
}

export class RepayLoanDto {
  @MoneyField({ description: 'The amount received', example: '29457.30' }) amount!: string;
  @DateField({
    example: '2027-01-01',
    description: 'The day it was received (not in the future)',
    past: true,
  })
  paidOn!: string;
}

class InstallmentDto {
  @ApiProperty({ example: 1 }) number!: number;
  @ApiProperty({ example: '2027-01-01' }) dueOn!: string;
  @ApiProperty({ example: '26248.97' }) principal!: string;
  @ApiProperty({ example: '3208.33' }) interest!: string;
  @ApiProperty({ example: '29457.30' }) total!: string;
  @ApiProperty({ example: '0.00' }) principalPaid!: string;
  @ApiProperty({ example: '0.00' }) interestPaid!: string;
  @ApiProperty({ enum: INSTALLMENT_STATUSES, example: 'pending' }) status!: string;
}

export class ScheduleDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e81' }) loanId!: string;
  @ApiProperty({ enum: REPAYMENT_METHODS, example: 'equal_installment' }) repaymentMethod!: string;
  @ApiPropertyOptional({ example: '0.0385' }) annualRate?: string;
  @ApiProperty({ type: [InstallmentDto] }) installments!: InstallmentDto[];
}

export class RepaymentDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e82' }) id!: string;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e81' }) loanId!: string;
  @ApiProperty({ example: '29457.30' }) amount!: string;
  @ApiProperty({ example: '2027-01-01' }) paidOn!: string;
  @ApiProperty({ example: '0.00', description: 'Paid first: penalty interest' }) penalty!: string;
  @ApiProperty({ example: '3208.33', description: 'Overdue and current interest' })
  interest!: string;
  @ApiProperty({ example: '26248.97', description: 'Overdue, current and prepaid principal' })
  principal!: string;
  @ApiProperty({ example: '0.00' }) overdueInterest!: string;
  @ApiProperty({ example: '0.00' }) overduePrincipal!: string;
  @ApiProperty({ example: '3208.33' }) currentInterest!: string;
  @ApiProperty({ example: '26248.97' }) currentPrincipal!: string;
  @ApiProperty({
    example: '0.00',
    description: 'Paid ahead: the rest of the schedule is re-amortised',
  })
  prepaidPrincipal!: string;
  @ApiProperty({ example: '973751.03' }) outstandingPrincipal!: string;
  @ApiProperty({
    enum: LOAN_STATUSES,
    example: 'active',
    description: 'closed when this cleared the loan',
  })
  loanStatus!: string;
  @ApiProperty({ example: false }) reamortised!: boolean;
  @ApiProperty({ example: '2027-01-01T10:00:00.000Z' }) createdAt!: string;
}

export class ClassificationRunDto {
  @DateField({
    example: '2027-01-11',
    description: 'The day the book is classified as of (not in the future)',
    past: true,
  })
  asOf!: string;
}

class ClassCountDto {
  @ApiProperty({ enum: LOAN_CLASSIFICATIONS, example: 'normal' }) classification!: string;
  @ApiProperty({ example: 12 }) loans!: number;
  @ApiProperty({ example: '12000000.00' }) outstanding!: string;
}

export class ClassificationResultDto {
  @ApiProperty({ example: '2027-01-11' }) asOf!: string;
  @ApiProperty({ type: [ClassCountDto] }) classes!: ClassCountDto[];
  @ApiProperty({ example: 12 }) loans!: number;
  @ApiProperty({
    example: 0,
    description: 'Loans that went past 90 days in this run (loan-defaulted)',
  })
  newlyDefaulted!: number;
  @ApiProperty({ example: '16.04', description: 'Penalty interest charged by this run' })
  penaltyAccrued!: string;
  @ApiProperty({
    example: false,
    description: 'A run for this day had been made: its figures, nothing changed',
  })
  repeated!: boolean;
}

export class PortfolioDto {
  @ApiProperty({ example: 12 }) loans!: number;
  @ApiProperty({ example: '12000000.00' }) disbursed!: string;
  @ApiProperty({ example: '11000000.00' }) outstanding!: string;
  @ApiProperty({ type: [ClassCountDto] }) classes!: ClassCountDto[];
  @ApiProperty({
    example: '0.00',
    description: 'Outstanding of substandard, doubtful and loss loans',
  })
  nonPerforming!: string;
  @ApiProperty({ example: '0', description: 'nonPerforming ÷ outstanding' }) nplRatio!: string;
  @ApiProperty({ example: '1000000.00' }) principalRepaid!: string;
  @ApiProperty({ example: '0.00' }) principalRecovered!: string;
  @ApiProperty({ example: '0.00' }) principalWrittenOff!: string;
}

class LoanProductDto {
  @ApiProperty({ enum: PRODUCT_CODES, example: 'ip-pledge' }) code!: string;
  @ApiProperty({ example: '知识产权质押贷 IP-pledge loan' }) name!: string;
  @ApiProperty({ example: '100000.00' }) minPrincipal!: string;
  @ApiProperty({ example: '30000000.00' }) maxPrincipal!: string;
  @ApiProperty({ example: 6 }) minTermMonths!: number;
  @ApiProperty({ example: 60 }) maxTermMonths!: number;
  @ApiProperty({ example: '0.0085', description: "Over the center's LPR" }) spread!: string;
  @ApiProperty({ enum: REPAYMENT_METHODS, isArray: true, example: ['equal_installment'] })
  repaymentMethods!: string[];
  @ApiPropertyOptional({ example: '0.0385', description: 'LPR + spread today' })
  annualRate?: string;
}

export class LoanProductListDto {
  @ApiProperty({ type: [LoanProductDto] }) items!: LoanProductDto[];
  @ApiProperty({ example: '0.0300' }) loanPrimeRate!: string;
}
