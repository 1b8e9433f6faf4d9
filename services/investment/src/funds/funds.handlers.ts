import { InvestmentRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { FlowsService } from './flows.service';
import { FundsService } from './funds.service';
import { MetricsService } from './metrics.service';

export const FundsHandlers = rpcHandlers(FundsService)
  .on(InvestmentRpc.createFund, (funds, request, ctx) => funds.create(ctx, request))
  .on(InvestmentRpc.getFund, (funds, { id }, ctx) => ctx.read((tx) => funds.get(tx, id)))
  .on(InvestmentRpc.listFunds, (funds, request, ctx) => ctx.read((tx) => funds.list(tx, request)))
  .on(InvestmentRpc.addLimitedPartner, (funds, request, ctx) =>
    funds.addLimitedPartner(ctx, request),
  )
  .on(InvestmentRpc.limitedPartners, (funds, { fundId }, ctx) =>
    ctx.read((tx) => funds.limitedPartners(tx, fundId)),
  );

export const FlowsHandlers = rpcHandlers(FlowsService).on(
  InvestmentRpc.recordFlow,
  (flows, request, ctx) => flows.record(ctx, request),
);

export const MetricsHandlers = rpcHandlers(MetricsService).on(
  InvestmentRpc.metrics,
  (metrics, request, ctx) => ctx.read((tx) => metrics.metrics(tx, request)),
);
