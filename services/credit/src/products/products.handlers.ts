import { CreditRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { ProductsService } from './products.service';

export const ProductsHandlers = rpcHandlers(ProductsService).on(
  CreditRpc.products,
  (products, _request, ctx) => products.list(ctx),
);
