import { Controller } from '@nestjs/common';
import { ValuationRpc, type valuation } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type HandlerContext } from '@tf/platform';
import { ReportService } from './report.service';

@Controller()
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @RpcHandler(ValuationRpc.report)
  report(
    @RpcMessage() request: valuation.ValuationReportRequest,
    @RpcContext() ctx: HandlerContext,
  ) {
    return this.reports.render(ctx, request.id);
  }
}
