import type { JsonObject } from '@bufbuild/protobuf';
import { Controller, Get, Req } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { TenancyRpc } from '@tf/contracts';
import { Money } from '@tf/platform';
import { Allow, READERS } from '../auth/allow.decorator';
import { principalOf } from '../auth/principal';
import { Forward } from '../http/forward';
import type { HttpRequest } from '../http/http-types';
import { ApiProblems } from '../http/problem.dto';
import { CenterStatsDto, NetworkStatsDto } from './stats.dto';

const COUNTS = ['patentsValued', 'enterprisesGuaranteed', 'loans', 'investments', 'tradeDeals'];
const AMOUNTS = [
  'valuedTotal',
  'guaranteedAmount',
  'loanAmount',
  'loansOutstanding',
  'investedAmount',
  'tradedAmount',
];

@ApiTags('tenants')
@Controller('stats')
export class StatsController {
  constructor(private readonly forward: Forward) {}

  @Get()
  @Allow({ roles: READERS, tenant: 'optional' })
  @ApiOperation({
    summary:
      "A center's headline figures; a platform admin naming no center gets every center's and the total",
    description:
      'Patents valued (distinct patents in approved valuations) and the approved valuations’ total, enterprises ' +
      'guaranteed and the amount, loans disbursed with their principal and what is outstanding, the NPL ratio as of ' +
      'the latest classification run, investments and trade deals. Kept up to date by the services’ events: a figure ' +
      'follows its event within moments.',
  })
  @ApiExtraModels(CenterStatsDto, NetworkStatsDto)
  @ApiOkResponse({
    description:
      "A center's figures, or, for a platform admin naming no center, every center's and the total",
    schema: {
      oneOf: [{ $ref: getSchemaPath(CenterStatsDto) }, { $ref: getSchemaPath(NetworkStatsDto) }],
    },
  })
  @ApiProblems()
  async stats(@Req() request: HttpRequest): Promise<JsonObject> {
    if (principalOf(request)?.tenant) return this.forward.json(TenancyRpc.centerStats, {}, request);
    const { items } = await this.forward.call(TenancyRpc.listTenants, {}, request);
    const centers = await Promise.all(
      items.map((t) => this.forward.json(TenancyRpc.centerStats, {}, request, { tenant: t.code })),
    );
    return { centers, total: total(centers) };
  }
}

/** The centers' figures added up; the NPL ratio weighted by each center's outstanding. */
function total(centers: JsonObject[]): JsonObject {
  const sum: JsonObject = {};
  for (const field of COUNTS) sum[field] = centers.reduce((n, c) => n + Number(c[field] ?? 0), 0);
  for (const field of AMOUNTS)
    sum[field] = centers.reduce((m, c) => m.plus(String(c[field] ?? '0')), new Money(0)).toFixed(2);
  const outstanding = new Money(String(sum['loansOutstanding']));
  const npl = centers.reduce(
    (m, c) =>
      c['nplRatio']
        ? m.plus(new Money(String(c['nplRatio'])).times(String(c['loansOutstanding'])))
        : m,
    new Money(0),
  );
  sum['nplRatio'] = outstanding.isZero() ? null : npl.dividedBy(outstanding).toFixed(4);
  return sum;
}
