import { ApiProperty } from '@nestjs/swagger';

export class FundDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }) id!: string;
  @ApiProperty({ example: 'jinan' }) tenant!: string;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e70' }) enterpriseId!: string;
  @ApiProperty({ example: 'partner:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e71' }) requestedBy!: string;
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' }) createdAt!: string;
}
