import { ValuationRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { ReportService } from './report.service';

export const ReportHandlers = rpcHandlers(ReportService).on(
  ValuationRpc.report,
  (reports, request, ctx) => reports.render(ctx, request.id),
);
