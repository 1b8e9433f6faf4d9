import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, READERS } from '../auth/allow.decorator';
import type { HttpRequest } from '../http/http-types';
import { IdParam } from '../http/params';
import { ApiProblems } from '../http/problem.dto';
import { EnterpriseOverviewDto } from './overview.dto';
import { OVERVIEW_DEADLINE_MS, OVERVIEW_SECTION_ITEMS, OverviewService } from './overview.service';

@ApiTags('enterprises')
@Controller('enterprises')
export class OverviewController {
  constructor(private readonly overviews: OverviewService) {}

  @Get(':id/overview')
  @Allow({ roles: READERS, scopes: ['enterprises:read'] })
  @ApiOperation({
    summary: 'An enterprise and its valuations, guarantees, loans, investments and listings',
    description:
      `Gathered from the five services in parallel, each as the caller may see it (a bank: its own guarantees and ` +
      `loans). Each section holds the newest ${OVERVIEW_SECTION_ITEMS} items and \`more\` when there are others. A service ` +
      `that does not answer within ${OVERVIEW_DEADLINE_MS} ms, or is down, makes its section \`{"unavailable": true}\` ` +
      `instead of failing the call; a section the caller may not read is \`{"forbidden": true}\`.`,
  })
  @ApiOkResponse({ type: EnterpriseOverviewDto })
  @ApiProblems(404)
  overview(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.overviews.overview(id, request);
  }
}
