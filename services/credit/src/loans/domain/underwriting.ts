import { formatMoney, isMoneyString, Money, sumMoney, type FieldProblem } from '@tf/core';
import { MAX_COLLATERAL, type DeclineReason, type PatentType } from '@tf/contracts/vocabulary';
import type { CreditPolicy, LoanProduct, RepaymentMethod } from './types';

/**
 * An application is first checked as input (a 400 naming the field: the product's amounts, term
 * and methods are part of what a bank may ask for), then underwritten: every rule that fails is a
 * reason to decline, and all of them are listed, not only the first.
 */

export interface ApplicationInput {
  productCode: string;
  principal: string;
  termMonths: number;
  repaymentMethod: string;
  collateral: { valuationId: string }[];
  guaranteeId?: string;
}

/** The product an application names, or the problems with what it asks of it. */
export function applicationProblems(
  input: ApplicationInput,
  product: LoanProduct | undefined,
): FieldProblem[] {
  if (!product) return [{ field: 'productCode', message: 'is not a loan product of this center' }];
  const problems: FieldProblem[] = [];
  if (!isMoneyString(input.principal) || new Money(input.principal).isZero()) {
    problems.push({
      field: 'principal',
      message: 'must be an amount above 0 with at most 2 places',
    });
  } else if (
    new Money(input.principal).lessThan(product.minPrincipal) ||
    new Money(input.principal).greaterThan(product.maxPrincipal)
  ) {
    problems.push({
      field: 'principal',
      message: `must be from ${formatMoney(product.minPrincipal)} to ${formatMoney(product.maxPrincipal)} for ${product.code}`,
    });
  }
  if (
    !Number.isInteger(input.termMonths) ||
    input.termMonths < product.minTermMonths ||
    input.termMonths > product.maxTermMonths
  ) {
    problems.push({
      field: 'termMonths',
      message: `must be from ${product.minTermMonths} to ${product.maxTermMonths} months for ${product.code}`,
    });
  }
  if (!(product.repaymentMethods as string[]).includes(input.repaymentMethod)) {
    problems.push({
      field: 'repaymentMethod',
      message: `must be one of ${product.repaymentMethods.join(', ')} for ${product.code}`,
    });
  }
  if (input.collateral.length > MAX_COLLATERAL)
    problems.push({
      field: 'collateral',
      message: `must list at most ${MAX_COLLATERAL} valuations`,
    });
  const ids = input.collateral.map((c) => c.valuationId);
  if (new Set(ids).size !== ids.length)
    problems.push({ field: 'collateral', message: 'must not list a valuation twice' });
  if (product.code === 'ip-pledge' && ids.length === 0)
    problems.push({
      field: 'collateral',
      message: 'is required for ip-pledge: approved valuations',
    });
  if (product.code !== 'ip-pledge' && ids.length > 0)
    problems.push({ field: 'collateral', message: `is for ip-pledge loans, not ${product.code}` });
  if (product.code === 'guaranteed' && !input.guaranteeId)
    problems.push({
      field: 'guaranteeId',
      message: 'is required for guaranteed: an approved guarantee',
    });
  if (product.code !== 'guaranteed' && input.guaranteeId)
    problems.push({
      field: 'guaranteeId',
      message: `is for guaranteed loans, not ${product.code}`,
    });
  return problems;
}

/** An asset pledged by an approved, unexpired valuation, as the valuation service reports it. */
export interface PledgedAsset {
  valuationId: string;
  /** The asset's identity across numbering forms (CN/ZL of one patent are one asset). */
  identity: string;
  assetNumber: string;
  patentType: PatentType | null;
  value: string;
}

/** The guarantee named by a `guaranteed` application, as the guarantee service reports it. */
export interface GuaranteeTerms {
  status: string;
  enterpriseId: string;
  lenderPartnerId: string;
  principal: string;
  termMonths: number;
}

export interface UnderwritingInput {
  product: LoanProduct;
  principal: string;
  termMonths: number;
  enterpriseId: string;
  lenderPartnerId: string;
  pledges: PledgedAsset[];
  /** Identities of the pledged assets that already back a live loan. */
  pledgedElsewhere: string[];
  guarantee?: GuaranteeTerms;
  /** The guarantee already backs a live loan. */
  guaranteeInUse?: boolean;
  /** For a linked loan: the fund's closed investments in the enterprise within the lookback. */
  investments?: { investmentId: string; amount: string }[];
}

export interface Decision {
  approved: boolean;
  reasons: { code: DeclineReason; message: string }[];
  /** For ip-pledge: what the pledges allow to be lent, Σ value × the LTV cap of its type. */
  lendable?: string;
}

/** The LTV cap of an asset: by patent type; other IP (copyright, know-how) lends nothing. */
export function ltvCap(policy: CreditPolicy, patentType: PatentType | null): string {
  switch (patentType) {
    case 'invention':
      return policy.ltvInvention;
    case 'utility_model':
      return policy.ltvUtilityModel;
    case 'design':
      return policy.ltvDesign;
    case null:
      return '0';
  }
}

export function underwrite(input: UnderwritingInput, policy: CreditPolicy): Decision {
  const reasons: Decision['reasons'] = [];
  let lendable: string | undefined;
  if (input.product.code === 'ip-pledge') {
    lendable = formatMoney(
      sumMoney(input.pledges.map((p) => new Money(p.value).times(ltvCap(policy, p.patentType)))),
    );
    if (new Money(input.principal).greaterThan(lendable)) {
      reasons.push({
        code: 'ltv-exceeded',
        message: `the pledges allow at most ${lendable} (appraised value × the LTV cap of each patent type)`,
      });
    }
    if (input.pledgedElsewhere.length > 0) {
      const numbers = input.pledges
        .filter((p) => input.pledgedElsewhere.includes(p.identity))
        .map((p) => p.assetNumber);
      reasons.push({
        code: 'collateral-already-pledged',
        message: `already backs a live loan: ${[...new Set(numbers)].join(', ')}`,
      });
    }
  }
  const g = input.guarantee;
  if (input.product.code === 'guaranteed' && g) {
    if (g.status !== 'approved')
      reasons.push({
        code: 'guarantee-not-approved',
        message: `the guarantee is ${g.status}, not approved`,
      });
    if (g.enterpriseId !== input.enterpriseId)
      reasons.push({
        code: 'guarantee-other-enterprise',
        message: 'the guarantee is for another enterprise',
      });
    if (g.lenderPartnerId !== input.lenderPartnerId)
      reasons.push({ code: 'guarantee-other-lender', message: 'the guarantee names another bank' });
    // Guaranteed amount = principal × coverage, so covering the loan's principal × coverage
    // means guaranteeing at least this principal.
    if (new Money(input.principal).greaterThan(g.principal))
      reasons.push({
        code: 'guarantee-too-small',
        message: `the guarantee covers a principal of ${formatMoney(g.principal)}`,
      });
    if (input.termMonths > g.termMonths)
      reasons.push({
        code: 'guarantee-term-too-short',
        message: `the guarantee runs ${g.termMonths} months`,
      });
    if (input.guaranteeInUse)
      reasons.push({
        code: 'guarantee-in-use',
        message: 'the guarantee already backs a live loan',
      });
  }
  if (input.product.code === 'linked') {
    const invested = sumMoney((input.investments ?? []).map((i) => i.amount));
    if (invested.isZero())
      reasons.push({
        code: 'no-closed-investment',
        message: "the center's fund has closed no investment in the enterprise in the last 3 years",
      });
    else if (new Money(input.principal).greaterThan(invested))
      reasons.push({
        code: 'over-investment',
        message: `a linked loan lends at most what the fund invested: ${formatMoney(invested)}`,
      });
    lendable = formatMoney(invested);
  }
  return { approved: reasons.length === 0, reasons, ...(lendable ? { lendable } : {}) };
}

export type { RepaymentMethod };
