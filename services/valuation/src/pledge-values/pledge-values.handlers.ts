import { ValuationRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { PledgeValuesService } from './pledge-values.service';

export const PledgeValuesHandlers = rpcHandlers(PledgeValuesService).on(
  ValuationRpc.pledgeValue,
  (pledgeValues, request, ctx) => ctx.read((tx) => pledgeValues.pledgeValue(tx, request)),
);
