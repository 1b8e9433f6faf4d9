import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Role } from '@tf/contracts';
import { Allow } from '../auth/allow.decorator';
import type { HttpRequest } from '../http/http-types';
import { ApiProblems } from '../http/problem.dto';
import { AuditReader } from './audit-reader';
import { AuditListDto, AuditQuery } from './audit.dto';

/** Who may read the trail: a center's auditors and admins (their center), the platform admin. */
const AUDIT_READERS: readonly Role[] = ['platform-admin', 'center-admin', 'auditor'];

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly reader: AuditReader) {}

  @Get()
  @Allow({ roles: AUDIT_READERS, tenant: 'optional' })
  @ApiOperation({
    summary: 'The audit trail: every state-changing call, refusals included, newest first',
    description:
      'One entry per POST, PUT, PATCH or DELETE through the gateway, logins and refused attempts (401, 403, 404, ' +
      '409, 422, 429) included, and per read of this route: who (user or partner and key, roles or kind), the center, ' +
      'the route template, the object (the path id or the created id), the status and problem type, the request id, ' +
      "the client address and the time. Auditors and center admins read their center's; a platform admin reads the " +
      'center named by X-Tenant-Id, or without it the platform-level calls (anonymous refusals, failed logins, its ' +
      'own calls outside any center). API keys may not read it (403).',
  })
  @ApiOkResponse({ type: AuditListDto })
  @ApiProblems()
  list(@Query() query: AuditQuery, @Req() request: HttpRequest) {
    return this.reader.list(query, request);
  }
}
