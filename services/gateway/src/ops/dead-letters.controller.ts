import { Controller, Get, HttpCode, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DEAD_LETTER_LIST_DEADLINE_MS } from '@tf/contracts';
import { Allow } from '../auth/allow.decorator';
import type { HttpRequest } from '../http/http-types';
import { IdParam } from '../http/params';
import { ApiProblems } from '../http/problem.dto';
import { IdempotentPost } from '../idempotency/idempotency.guard';
import { DeadLetterDto, DeadLetterListDto, DeadLetterListQuery } from './dead-letter.dto';
import { DeadLetters } from './dead-letters.service';
import { KNOWN_SERVICES } from './known-services';

/** Ops staff: the platform admins, across every center (naming one with X-Tenant-Id narrows it). */
const OPS = { roles: ['platform-admin'], tenant: 'optional' } as const;

/** The service of the route, one of those the gateway knows. */
function ServiceParam(): ParameterDecorator {
  return (target, method, index) => {
    const handler =
      method === undefined ? undefined : Object.getOwnPropertyDescriptor(target, method);
    if (method === undefined || handler === undefined)
      throw new Error('@ServiceParam belongs on an argument of a route handler');
    Param('service')(target, method, index);
    ApiParam({
      name: 'service',
      description: 'The service that parked it',
      schema: { type: 'string', enum: [...KNOWN_SERVICES] },
    })(target, method, handler);
  };
}

@ApiTags('ops')
@Controller('ops/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetters) {}

  @Get()
  @Allow(OPS)
  @ApiOperation({
    summary: 'Events the services failed to handle and parked, newest first (platform admin)',
    description:
      'An event whose handler fails is redelivered with a growing wait; after EVENT_MAX_ATTEMPTS (5) failed deliveries ' +
      'it is parked in its service with its error, and the events behind it go on. Every service is asked in parallel; ' +
      `one that does not answer within ${DEAD_LETTER_LIST_DEADLINE_MS} ms is named in \`unavailable\`. Replayed letters ` +
      'stay on record and are listed with includeReplayed=true.',
  })
  @ApiOkResponse({ type: DeadLetterListDto })
  @ApiProblems()
  list(@Query() query: DeadLetterListQuery, @Req() request: HttpRequest) {
    return this.deadLetters.list(query, request);
  }

  @IdempotentPost(':id/replay')
  @HttpCode(200)
  @Allow(OPS)
  @ApiOperation({
    summary: 'Handle a parked event again, found by its id alone (platform admin)',
    description:
      'As POST /ops/dead-letters/{service}/{id}/replay, without naming the service: every service is asked and the ' +
      'one that parked the letter replays it. 404 when none has it; 503 when a service that might have it does not answer.',
  })
  @ApiOkResponse({ type: DeadLetterDto })
  @ApiProblems(404, 409, 422)
  replayById(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.deadLetters.replayAnywhere(id, request);
  }

  @IdempotentPost(':service/:id/replay')
  @HttpCode(200)
  @Allow(OPS)
  @ApiOperation({
    summary: 'Handle a parked event again, after a fix (platform admin)',
    description:
      "The service runs the event's handlers again in a fresh transaction with its inbox row, so an event handled " +
      'meanwhile changes nothing; the letter is then marked replayed (a second replay changes nothing either). If the ' +
      'handler fails again, the letter stays parked with the new error: 422 dead-letter-replay-failed, the error in ' +
      'detail. 409 dead-letter-consumer-gone when the service no longer handles that event.',
  })
  @ApiOkResponse({ type: DeadLetterDto })
  @ApiProblems(404, 409, 422)
  replay(@ServiceParam() service: string, @IdParam() id: string, @Req() request: HttpRequest) {
    return this.deadLetters.replay(service, id, request);
  }
}
