import { ApiProperty } from '@nestjs/swagger';
import { EnumField, InstantField, TextField } from '../http/fields';
import { PageQuery } from '../http/page.dto';

export const AUDIT_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const RESULT_CLASSES = ['2xx', '4xx', '5xx'] as const;
export const ACTOR_KINDS = ['user', 'partner', 'anonymous'] as const;

/** A route template as the API documents it: /api/v1/guarantees/{id}/approve. */
const ROUTE_TEMPLATE = /^\/[A-Za-z0-9/{}._-]*$/;

/** ?from= &to= &actor= &method= &route= &targetId= &result= &limit= &cursor= */
export class AuditQuery extends PageQuery {
  @InstantField({
    description: 'Only calls at or after this instant',
    example: '2026-12-01T00:00:00+08:00',
    optional: true,
  })
  from?: string;

  @InstantField({
    description: 'Only calls before this instant',
    example: '2026-12-02T00:00:00+08:00',
    optional: true,
  })
  to?: string;

  @TextField({
    maxLength: 128,
    example: 'analyst.li',
    description:
      "Only this caller: a user's id or username, a partner's id, or an API key's id (a refused login: the username tried)",
    optional: true,
  })
  actor?: string;

  @EnumField(AUDIT_METHODS, { description: 'Only calls with this method', optional: true })
  method?: string;

  @TextField({
    maxLength: 200,
    pattern: ROUTE_TEMPLATE,
    patternMessage: 'must be a route template such as /api/v1/guarantees/{id}/approve',
    example: '/api/v1/guarantees/{id}/approve',
    description: 'Only calls of this route template',
    optional: true,
  })
  route?: string;

  @TextField({
    maxLength: 128,
    example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f',
    description: 'Only calls about this object (the path id, or the id a creation answered)',
    optional: true,
  })
  targetId?: string;

  @EnumField(RESULT_CLASSES, {
    description: 'Only successes (2xx), refusals (4xx) or failures (5xx)',
    optional: true,
  })
  result?: (typeof RESULT_CLASSES)[number];
}

export class AuditActorDto {
  @ApiProperty({ enum: ACTOR_KINDS, example: 'user' }) kind!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f',
    description: "A user's or a partner's id; null when nobody was authenticated",
  })
  id!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'analyst.li',
    description: "A user's username; for a refused login, the username tried",
  })
  name!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: "The API key's id, for a partner",
  })
  apiKeyId!: string | null;
  @ApiProperty({
    type: [String],
    example: ['analyst'],
    description: "A user's roles, or a partner's kind",
  })
  roles!: string[];
}

/** One call through the gateway, as it was answered. */
export class AuditEntryDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }) id!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'jinan',
    description: 'The center the call acted in; null for platform-level calls',
  })
  tenant!: string | null;
  @ApiProperty({ example: '2026-12-01T10:00:00.000Z' }) occurredAt!: string;
  @ApiProperty({ type: AuditActorDto }) actor!: AuditActorDto;
  @ApiProperty({ example: 'POST' }) method!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '/api/v1/guarantees/{id}/approve',
    description: 'The route template; null when the path matched no route',
  })
  route!: string | null;
  @ApiProperty({ example: '/api/v1/guarantees/0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f/approve' })
  path!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f',
    description: 'The path id, or the id of what a creation made',
  })
  targetId!: string | null;
  @ApiProperty({ example: 200 }) status!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'For a refusal or a failure, its problem type',
  })
  problemType!: string | null;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e70' }) requestId!: string;
  @ApiProperty({
    example: '10.0.3.7',
    description: 'The client address (X-Forwarded-For only from TRUSTED_PROXIES)',
  })
  clientAddress!: string;
  @ApiProperty({ example: 12.5, description: 'How long the gateway took to answer (ms)' })
  durationMs!: number;
}

export class AuditListDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'Newest first' }) items!: AuditEntryDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}
