import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EnterpriseDto } from '../enterprises/enterprise.dto';

/** One service's part: its items, or why it is missing. */
export class OverviewSectionDto {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description: "The newest items, as the service's own GET answers them",
  })
  items?: object[];
  @ApiPropertyOptional({ description: 'There are more than these; the list route has them' })
  more?: boolean;
  @ApiPropertyOptional({ description: 'The service did not answer in time, or is down' })
  unavailable?: boolean;
  @ApiPropertyOptional({ example: 'no answer within 2000 ms' }) reason?: string;
  @ApiPropertyOptional({ description: 'The caller may not read this section' })
  forbidden?: boolean;
}

export class EnterpriseOverviewDto {
  @ApiProperty({ type: EnterpriseDto }) enterprise!: EnterpriseDto;
  @ApiProperty({ type: OverviewSectionDto }) valuations!: OverviewSectionDto;
  @ApiProperty({ type: OverviewSectionDto }) guarantees!: OverviewSectionDto;
  @ApiProperty({ type: OverviewSectionDto }) loans!: OverviewSectionDto;
  @ApiProperty({ type: OverviewSectionDto }) investments!: OverviewSectionDto;
  @ApiProperty({ type: OverviewSectionDto }) listings!: OverviewSectionDto;
}
