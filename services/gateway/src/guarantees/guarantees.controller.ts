import { Body, Controller, Get, HttpCode, Patch, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GuaranteeRpc } from '@tf/contracts';
import type { HttpRequest } from '../http/http-types';
import { ADMINISTRATORS, Allow, READERS } from '../auth/allow.decorator';
import { Forward } from '../http/forward';
import { IdParam } from '../http/params';
import { ApiProblems } from '../http/problem.dto';
import { IdempotentPost } from '../idempotency/idempotency.guard';
import {
  DeclineGuaranteeDto,
  GuaranteeCapacityDto,
  GuaranteeDto,
  RequestGuaranteeDto,
  UpdateInstitutionDto,
} from './guarantee.dto';

@ApiTags('guarantee')
@Controller()
export class GuaranteesController {
  constructor(private readonly forward: Forward) {}

  @IdempotentPost('guarantees')
  @Allow({ roles: ['center-admin', 'analyst'], scopes: ['guarantees:request'] })
  @ApiOperation({
    summary: "Ask the center's guarantee institution to guarantee an SME's bank loan",
    description:
      "Prices the guarantee (the center's fee rate, at most its cap) and splits the guaranteed amount by the center's risk split " +
      '(4-3-2-1 by default). Counter-guarantees pledge IP by approved valuations, whose value is read from the valuation service. ' +
      'The guarantee is "pending" until an analyst approves it within the institution\'s limits.',
  })
  @ApiCreatedResponse({ type: GuaranteeDto })
  @ApiProblems(404, 422)
  request(@Body() body: RequestGuaranteeDto, @Req() request: HttpRequest) {
    return this.forward.json(GuaranteeRpc.request, body, request);
  }

  @Get('guarantees/:id')
  @Allow({ roles: READERS, scopes: ['guarantees:read'] })
  @ApiOperation({ summary: 'One guarantee (a bank sees those of its own loans)' })
  @ApiOkResponse({ type: GuaranteeDto })
  @ApiProblems(404)
  get(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(GuaranteeRpc.get, { id }, request);
  }

  @IdempotentPost('guarantees/:id/approve')
  @HttpCode(200)
  @Allow({ roles: ['analyst'] })
  @ApiOperation({
    summary: "Approve within the institution's limits (an analyst)",
    description:
      'Checks leverage (outstanding ≤ 10× or 15× net assets), one client (≤ 10 % of net assets) and its group (≤ 15 %) against the ' +
      'liability of approved and active guarantees, and reserves this one in the same transaction: 422 leverage-limit, ' +
      'single-client-limit or group-limit when it would not fit.',
  })
  @ApiOkResponse({ type: GuaranteeDto })
  @ApiProblems(404, 409, 422)
  approve(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(GuaranteeRpc.approve, { id }, request);
  }

  @IdempotentPost('guarantees/:id/decline')
  @HttpCode(200)
  @Allow({ roles: ['analyst'] })
  @ApiOperation({ summary: 'Decline a pending application, saying why (an analyst)' })
  @ApiOkResponse({ type: GuaranteeDto })
  @ApiProblems(404, 409)
  decline(@IdParam() id: string, @Body() body: DeclineGuaranteeDto, @Req() request: HttpRequest) {
    return this.forward.json(GuaranteeRpc.decline, { id, reason: body.reason }, request);
  }

  @Get('guarantee-capacity')
  @Allow({ roles: READERS, scopes: ['guarantees:read'] })
  @ApiOperation({
    summary: "The center's guarantee institution against its leverage and concentration limits",
  })
  @ApiOkResponse({ type: GuaranteeCapacityDto })
  @ApiProblems()
  capacity(@Req() request: HttpRequest) {
    return this.forward.json(GuaranteeRpc.capacity, {}, request);
  }

  @Patch('guarantee-institution')
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({
    summary: "State the guarantee institution's audited net assets (a center admin)",
    description:
      'The leverage and concentration limits follow at once. A center created after the network starts has an institution ' +
      'without net assets: nothing can be approved there until they are stated.',
  })
  @ApiOkResponse({ type: GuaranteeCapacityDto })
  @ApiProblems()
  updateInstitution(@Body() body: UpdateInstitutionDto, @Req() request: HttpRequest) {
    return this.forward.json(GuaranteeRpc.updateInstitution, body, request);
  }
}
