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
  429: 'Rate limited, or the account is locked after failed logins; see Retry-After',
  500: 'An unexpected error; the requestId finds it in the logs',
  503: 'A service behind the gateway is down or too slow; retry after a moment',
};

const RATE_LIMITED_HEADERS = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 1 },
  },
  RateLimit: {
    description: 'What is left of the quota and when it refills: "default";r=<left>;t=<seconds>',
    schema: { type: 'string', maxLength: 100 },
  },
  'RateLimit-Policy': {
    description: 'The quota per window: "default";q=<requests>;w=<seconds>',
    schema: { type: 'string', maxLength: 100 },
  },
};

/** Any route may answer these: bad input, credentials, role, rate limit, the unexpected, a service down. */
const EVERY_ROUTE = [400, 401, 403, 429, 500, 503] as const;

/**
 * Documents the error responses of an endpoint with the shared problem schema: the ones every
 * route may give, plus those of its own (404 when it names a resource, 409 for state and
 * duplicates, 422 for business rules). 429 carries Retry-After and the RateLimit fields.
 */
export function ApiProblems(...own: Array<404 | 409 | 422>) {
  const all = [...new Set<number>([...EVERY_ROUTE, ...own])].sort();
  return applyDecorators(
    ...all.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemResponse' } },
        },
        ...(status === 429 ? { headers: RATE_LIMITED_HEADERS } : {}),
      }),
    ),
  );
}
