import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CenterStatsDto {
  @ApiProperty({ example: 'jinan' }) tenant!: string;
  @ApiProperty({ example: 1831, description: 'Distinct patents in approved valuations' })
  patentsValued!: number;
  @ApiProperty({ example: '680000000.00', description: 'The approved valuations’ total value' })
  valuedTotal!: string;
  @ApiProperty({ example: 240 }) enterprisesGuaranteed!: number;
  @ApiProperty({ example: '300000000.00' }) guaranteedAmount!: string;
  @ApiProperty({ example: 1200, description: 'Loans disbursed' }) loans!: number;
  @ApiProperty({ example: '5000000000.00' }) loanAmount!: string;
  @ApiProperty({ example: '3100000000.00', description: 'After repayments and recoveries' })
  loansOutstanding!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '0.0120',
    description: 'Substandard, doubtful and loss over all outstanding, as of nplAsOf',
  })
  nplRatio?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-11-30' })
  nplAsOf?: string | null;
  @ApiProperty({ example: 35 }) investments!: number;
  @ApiProperty({ example: '420000000.00' }) investedAmount!: string;
  @ApiProperty({ example: 310 }) tradeDeals!: number;
  @ApiProperty({ example: '96000000.00' }) tradedAmount!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) updatedAt?: string | null;
}

export class NetworkStatsDto {
  @ApiProperty({ type: [CenterStatsDto] }) centers!: CenterStatsDto[];
  @ApiProperty({ description: 'The centers added up; the NPL ratio weighted by outstanding' })
  total!: object;
}
