import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DEAL_STAGES,
  FUND_FLOW_KINDS,
  INSTRUMENTS,
  MAX_COMMITTEE_MEMBERS,
  VOTES,
} from '@tf/contracts';
import {
  DateField,
  EnumField,
  IdField,
  IntField,
  MoneyField,
  RateField,
  TextField,
  TextListField,
} from '../http/fields';
import { PageQuery } from '../http/page.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class CreateFundDto {
  @TextField({ maxLength: 200, example: '济南科创投资基金一期 Jinan Tech Venture Fund I' })
  name!: string;

  @MoneyField({ description: 'What the fund may invest in all', example: '500000000.00' })
  size!: string;

  @IntField({
    minimum: 1990,
    maximum: 2100,
    example: 2026,
    description: 'The year of its first closing',
  })
  vintageYear!: number;

  @RateField({
    description: "A year's management fee on commitments; the center's default when left out",
    example: '0.02',
    optional: true,
  })
  managementFeeRate?: string;

  @RateField({
    description: "The manager's share of profits; the center's default when left out",
    example: '0.20',
    optional: true,
  })
  carriedInterestRate?: string;

  @RateField({
    description: "The preferred return before carry; the center's default when left out",
    example: '0.08',
    optional: true,
  })
  hurdleRate?: string;

  @TextListField({
    minItems: 1,
    maxItems: MAX_COMMITTEE_MEMBERS,
    maxLength: 36,
    pattern: UUID,
    patternMessage: 'must be a staff user id',
    description:
      "The investment committee: staff user ids of this center, at least the policy's quorum",
    example: [
      '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e90',
      '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e91',
      '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e92',
    ],
  })
  committee!: string[];

  @IdField({
    of: 'a partner',
    description: 'The fund-manager partner (kind fund) whose keys may read the fund',
    optional: true,
  })
  managerPartnerId?: string;
}

export class FundDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5ea0' }) id!: string;
  @ApiProperty({ example: 'jinan' }) tenant!: string;
  @ApiProperty({ example: '济南科创投资基金一期 Jinan Tech Venture Fund I' }) name!: string;
  @ApiProperty({ example: '500000000.00' }) size!: string;
  @ApiProperty({ example: 2026 }) vintageYear!: number;
  @ApiProperty({ example: '0.02' }) managementFeeRate!: string;
  @ApiProperty({ example: '0.2' }) carriedInterestRate!: string;
  @ApiProperty({ example: '0.08' }) hurdleRate!: string;
  @ApiProperty({ type: [String] }) committee!: string[];
  @ApiPropertyOptional() managerPartnerId?: string;
  @ApiProperty({
    example: '30000000.00',
    description: 'Invested in companies: closings and follow-ons',
  })
  committed!: string;
  @ApiProperty({
    example: '470000000.00',
    description: 'Size less committed: what a closing may still take',
  })
  uncommitted!: string;
  @ApiProperty({ example: '500000000.00', description: "The limited partners' commitments" })
  commitments!: string;
  @ApiProperty({ example: '100000000.00', description: 'Capital called (paid in)' })
  called!: string;
  @ApiProperty({ example: '0.00' }) distributed!: string;
  @ApiProperty({ example: 'user:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e93' }) createdBy!: string;
  @ApiProperty({ example: '2026-12-01T10:00:00.000Z' }) createdAt!: string;
}

export class FundListDto {
  @ApiProperty({ type: [FundDto] }) items!: FundDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}

export class AddLimitedPartnerDto {
  @TextField({ maxLength: 200, example: '山东省新旧动能转换引导基金 Shandong guidance fund' })
  name!: string;
  @MoneyField({
    description: "What it commits; all commitments together at most the fund's size",
    example: '200000000.00',
  })
  commitment!: string;
}

export class LimitedPartnerDto {
  @ApiProperty() id!: string;
  @ApiProperty() fundId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '200000000.00' }) commitment!: string;
  @ApiProperty({ example: '40000000.00' }) called!: string;
  @ApiProperty({ example: '0.00' }) distributed!: string;
  @ApiProperty() createdAt!: string;
}

export class LimitedPartnerListDto {
  @ApiProperty({ type: [LimitedPartnerDto] }) items!: LimitedPartnerDto[];
}

export class RecordFundFlowDto {
  @EnumField(FUND_FLOW_KINDS, {
    example: 'capital_call',
    description: 'capital_call (paid in) or distribution (paid out)',
  })
  kind!: string;
  @MoneyField({
    description: 'Split across the limited partners to the cent',
    example: '100000000.00',
  })
  amount!: string;
  @DateField({
    example: '2026-12-01',
    description: 'The day the money moved (not in the future)',
    past: true,
  })
  on!: string;
}

class FlowShareDto {
  @ApiProperty() limitedPartnerId!: string;
  @ApiProperty({ example: '40000000.00' }) amount!: string;
}

export class FundFlowDto {
  @ApiProperty() id!: string;
  @ApiProperty() fundId!: string;
  @ApiProperty({ enum: FUND_FLOW_KINDS }) kind!: string;
  @ApiProperty({ example: '100000000.00' }) amount!: string;
  @ApiProperty({ example: '2026-12-01' }) on!: string;
  @ApiProperty({ type: [FlowShareDto], description: 'The parts add up to the amount' })
  shares!: FlowShareDto[];
  @ApiProperty() recordedBy!: string;
  @ApiProperty() createdAt!: string;
}

export class MetricsQuery {
  @DateField({
    example: '2026-12-01',
    description: 'The day the returns are read at; today when left out',
    optional: true,
    past: true,
  })
  asOf?: string;
}

export class FundMetricsDto {
  @ApiProperty() fundId!: string;
  @ApiProperty({ example: '2026-12-01' }) asOf!: string;
  @ApiProperty({ example: '2000000.00', description: 'Capital called up to asOf' }) paidIn!: string;
  @ApiProperty({ example: '1200000.00' }) distributed!: string;
  @ApiProperty({
    example: '1200000.00',
    description: 'The holdings at their latest marks (at cost until marked)',
  })
  nav!: string;
  @ApiPropertyOptional({
    example: '0.6000',
    description: 'distributed / paid-in; absent before any call',
  })
  dpi?: string;
  @ApiPropertyOptional({ example: '0.6000', description: 'NAV / paid-in' }) rvpi?: string;
  @ApiPropertyOptional({ example: '1.2000', description: 'DPI + RVPI' }) tvpi?: string;
  @ApiPropertyOptional({
    example: '0.095439',
    description:
      'XIRR of calls, distributions and NAV on asOf; absent when there is no rate (notes say why)',
  })
  irr?: string;
  @ApiProperty({ type: [String] }) notes!: string[];
  @ApiProperty({ example: 1 }) investments!: number;
}

export class CreateDealDto {
  @IdField({ of: 'a fund', description: 'A fund of this center' }) fundId!: string;
  @IdField({ of: 'an enterprise', description: 'The company, an enterprise of this center' })
  enterpriseId!: string;
}

export class MoveDealDto {
  @EnumField(DEAL_STAGES, {
    example: 'screening',
    description:
      'A later stage (term_sheet needs the committee passed), or rejected; closed only by closing',
  })
  stage!: string;
  @TextField({
    maxLength: 1000,
    example: 'The market is too small',
    description: 'Why (for a rejection above all)',
    optional: true,
  })
  reason?: string;
}

export class VoteDto {
  @EnumField(VOTES, {
    example: 'for',
    description: 'An abstention counts towards the quorum, not the majority',
  })
  vote!: string;
  @TextField({ maxLength: 2000, example: 'Strong patents, clear path to revenue', optional: true })
  comment?: string;
}

export class CloseDealDto {
  @MoneyField({
    description: "The fund's money in; at most its uncommitted capacity",
    example: '1500000.00',
  })
  amount!: string;
  @MoneyField({ description: 'The company before the money (positive)', example: '6000000.00' })
  preMoneyValuation!: string;
  @DateField({
    example: '2026-12-01',
    description: 'The closing day (not in the future)',
    past: true,
  })
  closedOn!: string;
  @EnumField(INSTRUMENTS, {
    example: 'equity',
    description: 'equity when left out',
    optional: true,
  })
  instrument?: string;
}

class StageMoveDto {
  @ApiPropertyOptional({ enum: DEAL_STAGES }) from?: string;
  @ApiProperty({ enum: DEAL_STAGES }) to!: string;
  @ApiProperty({ example: 'user:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e93' }) by!: string;
  @ApiProperty() at!: string;
  @ApiPropertyOptional() reason?: string;
}

class CommitteeVoteDto {
  @ApiProperty({ example: 'user:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e90' }) voter!: string;
  @ApiProperty({ enum: VOTES }) vote!: string;
  @ApiPropertyOptional() comment?: string;
  @ApiProperty() at!: string;
}

class CommitteeTallyDto {
  @ApiProperty({ example: 3 }) cast!: number;
  @ApiProperty({ example: 2 }) inFavour!: number;
  @ApiProperty({ example: 1 }) against!: number;
  @ApiProperty({ example: 0 }) abstain!: number;
  @ApiProperty({ example: 3 }) quorum!: number;
  @ApiProperty({ example: true }) passed!: boolean;
}

export class DealDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'jinan' }) tenant!: string;
  @ApiProperty() fundId!: string;
  @ApiProperty() enterpriseId!: string;
  @ApiProperty({ enum: DEAL_STAGES }) stage!: string;
  @ApiProperty({ type: [StageMoveDto], description: 'Every move, with who and when' })
  history!: StageMoveDto[];
  @ApiProperty({ type: [CommitteeVoteDto] }) votes!: CommitteeVoteDto[];
  @ApiProperty({ type: CommitteeTallyDto }) committee!: CommitteeTallyDto;
  @ApiPropertyOptional({ description: 'Once closed' }) investmentId?: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
}

export class DealListDto {
  @ApiProperty({ type: [DealDto] }) items!: DealDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}

export class DealListQuery extends PageQuery {
  @IdField({ of: 'a fund', description: "Only this fund's deals", optional: true }) fundId?: string;
  @EnumField(DEAL_STAGES, {
    example: 'committee',
    description: 'Only deals at this stage',
    optional: true,
  })
  stage?: string;
}

export class FollowOnDto {
  @MoneyField({
    description: "More money in; at most the fund's uncommitted capacity",
    example: '3000000.00',
  })
  amount!: string;
  @MoneyField({ description: 'The company before this round', example: '27000000.00' })
  preMoneyValuation!: string;
  @DateField({
    example: '2026-12-01',
    description: 'Not in the future, nor before the latest entry',
    past: true,
  })
  investedOn!: string;
}

export class MarkDto {
  @MoneyField({ description: 'What the holding is worth (0 writes it off)', example: '2400000.00' })
  fairValue!: string;
  @DateField({
    example: '2026-12-01',
    description: 'Not in the future, nor before the latest entry',
    past: true,
  })
  markedOn!: string;
}

export class ExitDto {
  @RateField({
    description: 'The share of the holding sold, above 0 and at most 1 ("1" sells it all)',
    example: '0.5',
  })
  fraction!: string;
  @MoneyField({ description: 'What the sale brought the fund', example: '1600000.00' })
  proceeds!: string;
  @DateField({
    example: '2026-12-01',
    description: 'Not in the future, nor before the latest entry',
    past: true,
  })
  exitedOn!: string;
}

class InvestmentEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['close', 'follow_on', 'mark', 'exit'] }) kind!: string;
  @ApiProperty({ example: '2026-12-01' }) on!: string;
  @ApiPropertyOptional() amount?: string;
  @ApiPropertyOptional() preMoney?: string;
  @ApiPropertyOptional() fairValue?: string;
  @ApiPropertyOptional() fraction?: string;
  @ApiPropertyOptional() proceeds?: string;
  @ApiProperty() recordedBy!: string;
}

export class LinkedLoanDto {
  @ApiProperty() loanId!: string;
  @ApiProperty() lenderPartnerId!: string;
  @ApiProperty({ example: '5000000.00' }) principal!: string;
  @ApiProperty({
    example: '0.1',
    description:
      "The bank's warrant covers equity worth this share of the principal, at the investment's price",
  })
  warrantCoverage!: string;
  @ApiProperty() approvedAt!: string;
}

export class InvestmentDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'jinan' }) tenant!: string;
  @ApiProperty() fundId!: string;
  @ApiProperty() dealId!: string;
  @ApiProperty() enterpriseId!: string;
  @ApiProperty({ enum: INSTRUMENTS }) instrument!: string;
  @ApiProperty({ example: '1500000.00' }) amount!: string;
  @ApiProperty({ example: '6000000.00' }) preMoneyValuation!: string;
  @ApiProperty({ example: '2026-12-01' }) closedOn!: string;
  @ApiProperty({
    example: '0.20000000',
    description: 'amount / (pre-money + amount), diluted and added to by later rounds',
  })
  ownership!: string;
  @ApiProperty({ example: '1500000.00' }) invested!: string;
  @ApiProperty({ example: '1500000.00', description: 'What is still held of invested' })
  cost!: string;
  @ApiProperty({ example: '1500000.00', description: 'The latest mark (cost until marked)' })
  fairValue!: string;
  @ApiProperty({ example: '0.00' }) proceeds!: string;
  @ApiProperty({ enum: ['active', 'exited'] }) status!: string;
  @ApiProperty({ type: [InvestmentEntryDto] }) entries!: InvestmentEntryDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty({
    type: [LinkedLoanDto],
    description:
      "Banks' linked loans (投贷联动) to the company, each with the bank's warrant (GET one investment)",
  })
  linkedLoans!: LinkedLoanDto[];
}

export class InvestmentListDto {
  @ApiProperty({ type: [InvestmentDto] }) items!: InvestmentDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}

export class InvestmentListQuery extends PageQuery {
  @IdField({ of: 'a fund', description: "Only this fund's investments", optional: true })
  fundId?: string;
  @IdField({
    of: 'an enterprise',
    description: 'Only investments in this enterprise',
    optional: true,
  })
  enterpriseId?: string;
}
