import { TenancyRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { StatsService } from './stats.service';

export const StatsHandlers = rpcHandlers(StatsService).on(
  TenancyRpc.centerStats,
  (stats, _r, ctx) => ctx.read((tx) => stats.get(tx)),
);
