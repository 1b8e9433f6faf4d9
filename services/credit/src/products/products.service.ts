import { Injectable } from '@nestjs/common';
import { credit } from '@tf/contracts';
import { messageOf, PolicyStore, type HandlerContext } from '@tf/platform';
import { contractRate } from '../loans/domain/schedule';
import type { CreditPolicy } from '../loans/domain/types';

/** The center's loan products, as its policy states them, each with today's rate. */
@Injectable()
export class ProductsService {
  constructor(private readonly policy: PolicyStore<typeof credit.CreditPolicySchema>) {}

  async list(ctx: HandlerContext): Promise<credit.LoanProductList> {
    const policy = (await this.policy.of(ctx)) as unknown as CreditPolicy;
    return messageOf(credit.LoanProductListSchema, {
      loanPrimeRate: policy.loanPrimeRate,
      items: policy.products.map((p) =>
        Object.assign({}, p, { annualRate: contractRate(policy.loanPrimeRate, p.spread) }),
      ),
    });
  }
}
