import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BooleanField, EnumField, IntField } from '../http/fields';
import { KNOWN_SERVICES } from './known-services';

/** ?service= &limit= &includeReplayed= */
export class DeadLetterListQuery {
  @EnumField(KNOWN_SERVICES, {
    example: 'tenancy',
    description: "Only this service's dead letters",
    optional: true,
  })
  service?: string;

  @IntField({
    minimum: 1,
    maximum: 200,
    example: 50,
    description: 'At most this many, newest parked first; 50 when not given',
    optional: true,
    fromQuery: true,
  })
  limit?: number;

  @BooleanField({
    description: 'Also those already replayed (they stay on record); false when not given',
    optional: true,
    fromQuery: true,
  })
  includeReplayed?: boolean;
}

/** An event a service's handler failed on too many times, parked with its error. */
export class DeadLetterDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }) id!: string;
  @ApiProperty({ example: 'tenancy', description: 'The service whose handler failed' })
  service!: string;
  @ApiProperty({ example: 'jinan', description: 'The center of the event' }) tenant!: string;
  @ApiProperty({
    example: 'tenancy__guarantee_guarantee-approved',
    description: 'The durable consumer (and inbox) it was delivered to',
  })
  consumer!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e70',
    description: "The event's id; null when its envelope could not be decoded",
  })
  eventId?: string | null;
  @ApiProperty({ example: 'guarantee.guarantee-approved', description: '<source>.<event type>' })
  eventType!: string;
  @ApiProperty({ example: 'tf.events.jinan.guarantee.guarantee-approved' }) subject!: string;
  @ApiProperty({
    example: 'invalid input syntax for type numeric: "not-a-number"',
    description: "The last failure's message",
  })
  error!: string;
  @ApiProperty({ description: 'The first lines of its stack' }) errorStack!: string;
  @ApiProperty({ example: 5, description: 'Handler attempts so far, deliveries and replays' })
  attempts!: number;
  @ApiProperty({ example: '2026-12-01T10:00:00.000Z' }) firstFailedAt!: string;
  @ApiProperty({ example: '2026-12-01T10:00:07.500Z' }) parkedAt!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: null,
    description: 'When a replay went through; null while it is parked',
  })
  replayedAt?: string | null;
}

export class DeadLetterListDto {
  @ApiProperty({ type: [DeadLetterDto], description: 'Newest parked first, across the services' })
  items!: DeadLetterDto[];
  @ApiProperty({
    type: [String],
    example: [],
    description: 'Services that did not answer in time (their dead letters are not in items)',
  })
  unavailable!: string[];
}
