import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'creditCode' })
  field!: string;

  @ApiProperty({ example: 'has a wrong check character (GB 32100-2015)' })
  message!: string;
}

/** RFC 9457 problem details (application/problem+json). */
export class ProblemResponse {
  @ApiProperty({
    example: '/problems/invalid-input',
    description: 'Relative URI naming the problem or the business rule',
  })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'creditCode has a wrong check character (GB 32100-2015)' })
  detail!: string;

  @ApiProperty({ example: '/api/v1/enterprises' })
  instance!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' })
  requestId?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON, an unknown field, or an invalid value (the field is named in errors)',
  401: 'No credentials, or a bad or revoked API key or token',
  403: 'Authenticated, but this role or key scope may not do this',
  404: 'Not found, or it belongs to another center',
  409: 'Duplicate, wrong state, or an Idempotency-Key reused with another body or still running',
  422: 'A business rule said no; the type names the rule',
  429: 'Rate limited; see Retry-After',
  503: 'A service behind the gateway is down or too slow',
};

/** Documents the error responses of an endpoint with the shared problem schema. */
export function ApiProblems(...statuses: number[]) {
  const all = [...new Set([401, 429, 503, ...statuses])].sort();
  return applyDecorators(
    ...all.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        type: ProblemResponse,
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemResponse' } },
        },
      }),
    ),
  );
}
