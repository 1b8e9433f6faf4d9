import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** ?limit= (default 50, max 200) and ?cursor= from the previous page's nextCursor. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  /** The page asked for, as the services read it (absent: the first page of 50). */
  toPageRequest(): { limit?: number; cursor?: string } {
    return {
      ...(this.limit !== undefined ? { limit: this.limit } : {}),
      ...(this.cursor !== undefined ? { cursor: this.cursor } : {}),
    };
  }
}
