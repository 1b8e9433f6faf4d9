import { isMoneyString, Money, RATE_PATTERN, type FieldProblem } from '@tf/core';
import { MAX_LOAN_TERM_MONTHS, PRODUCT_CODES, REPAYMENT_METHODS } from '@tf/contracts/vocabulary';
import type { CreditPolicy, LoanProduct } from './types';

/**
 * A center's credit policy until its admin changes it (DOMAIN.md "Credit", *policy*): the
 * one-year LPR at 3.00 %, penalty interest at 1.5 × the contract rate, loan-to-value caps of 40 %
 * (invention), 25 % (utility model) and 20 % (design) on appraised value, the five categories
 * from 1, 91, 271 and 361 days past due, and four products.
 */
export const DEFAULT_PRODUCTS: readonly LoanProduct[] = Object.freeze([
  {
    code: 'ip-pledge',
    name: '知识产权质押贷 IP-pledge loan',
    minPrincipal: '100000.00',
    maxPrincipal: '30000000.00',
    minTermMonths: 6,
    maxTermMonths: 60,
    spread: '0.0085',
    repaymentMethods: ['equal_installment', 'equal_principal', 'interest_only'],
  },
  {
    code: 'guaranteed',
    name: '政策性担保贷 Guaranteed loan',
    minPrincipal: '100000.00',
    maxPrincipal: '20000000.00',
    minTermMonths: 6,
    maxTermMonths: 36,
    spread: '0.0050',
    repaymentMethods: ['equal_installment', 'equal_principal', 'interest_only'],
  },
  {
    code: 'credit',
    name: '科技信用贷 Tech credit loan',
    minPrincipal: '50000.00',
    maxPrincipal: '3000000.00',
    minTermMonths: 3,
    maxTermMonths: 36,
    spread: '0.0150',
    repaymentMethods: ['equal_installment', 'equal_principal'],
  },
  {
    code: 'linked',
    name: '投贷联动 Investment-linked loan',
    minPrincipal: '500000.00',
    maxPrincipal: '10000000.00',
    minTermMonths: 12,
    maxTermMonths: 36,
    spread: '0.0030',
    repaymentMethods: ['equal_installment', 'interest_only'],
  },
]);

/**
 * A linked loan's terms: at most what the center's fund invested in the enterprise in the last
 * three years, and a warrant for the bank on equity worth this share of the principal, at the
 * investment's price (recorded on the loan and, through loan-approved, on the holding).
 */
export const LINKED_LOAN = Object.freeze({ lookbackMonths: 36, warrantCoverage: '0.10' });

export const DEFAULT_CREDIT_POLICY: Readonly<CreditPolicy> = Object.freeze({
  loanPrimeRate: '0.0300',
  penaltyRateMultiplier: '1.5',
  ltvInvention: '0.40',
  ltvUtilityModel: '0.25',
  ltvDesign: '0.20',
  specialMentionFromDays: 1,
  substandardFromDays: 91,
  doubtfulFromDays: 271,
  lossFromDays: 361,
  products: DEFAULT_PRODUCTS.map((p) =>
    Object.assign({}, p, { repaymentMethods: [...p.repaymentMethods] }),
  ),
});

/** Every rule the credit section must keep; fields are named `credit.<field>`. */
export function creditPolicyProblems(policy: CreditPolicy): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string) => `credit.${field}`;
  const rate = (field: string, value: string, { max = 1 } = {}) => {
    if (!RATE_PATTERN.test(value) || new Money(value).greaterThan(max)) {
      problems.push({
        field: at(field),
        message: `must be a decimal string from 0 to ${max}, such as "0.0300"`,
      });
    }
  };
  rate('loanPrimeRate', policy.loanPrimeRate, { max: 0.5 });
  rate('penaltyRateMultiplier', policy.penaltyRateMultiplier, { max: 10 });
  if (
    RATE_PATTERN.test(policy.penaltyRateMultiplier) &&
    new Money(policy.penaltyRateMultiplier).lessThan(1)
  )
    problems.push({ field: at('penaltyRateMultiplier'), message: 'must be at least 1' });
  rate('ltvInvention', policy.ltvInvention);
  rate('ltvUtilityModel', policy.ltvUtilityModel);
  rate('ltvDesign', policy.ltvDesign);

  const days = [
    ['specialMentionFromDays', policy.specialMentionFromDays],
    ['substandardFromDays', policy.substandardFromDays],
    ['doubtfulFromDays', policy.doubtfulFromDays],
    ['lossFromDays', policy.lossFromDays],
  ] as const;
  days.forEach(([field, value], k) => {
    const before = k > 0 ? days[k - 1]?.[1] : 0;
    if (!Number.isInteger(value) || value < 1 || (before !== undefined && value <= before))
      problems.push({
        field: at(field),
        message: 'must be a whole number of days above the class before it',
      });
  });
  // DOMAIN.md: past 90 days a loan is non-performing; a center may not classify later than that.
  if (Number.isInteger(policy.substandardFromDays) && policy.substandardFromDays > 91)
    problems.push({
      field: at('substandardFromDays'),
      message: 'must be at most 91: past 90 days a loan is non-performing',
    });

  const seen = new Set<string>();
  policy.products.forEach((product, k) => {
    const field = (name: string) => at(`products[${k}].${name}`);
    if (!(PRODUCT_CODES as readonly string[]).includes(product.code))
      problems.push({
        field: field('code'),
        message: `must be one of ${PRODUCT_CODES.join(', ')}`,
      });
    if (seen.has(product.code)) problems.push({ field: field('code'), message: 'is listed twice' });
    seen.add(product.code);
    if (!product.name?.trim() || product.name.length > 200)
      problems.push({ field: field('name'), message: 'must be 1 to 200 characters' });
    const amounts = isMoneyString(product.minPrincipal) && isMoneyString(product.maxPrincipal);
    if (
      !amounts ||
      new Money(product.minPrincipal).greaterThan(product.maxPrincipal) ||
      new Money(product.minPrincipal).isZero()
    )
      problems.push({
        field: field('maxPrincipal'),
        message: 'min and max principal must be amounts, above 0, min ≤ max',
      });
    if (
      !Number.isInteger(product.minTermMonths) ||
      !Number.isInteger(product.maxTermMonths) ||
      product.minTermMonths < 1 ||
      product.minTermMonths > product.maxTermMonths ||
      product.maxTermMonths > MAX_LOAN_TERM_MONTHS
    )
      problems.push({
        field: field('maxTermMonths'),
        message: `min and max term must be whole months, 1 ≤ min ≤ max ≤ ${MAX_LOAN_TERM_MONTHS}`,
      });
    rate(`products[${k}].spread`, product.spread, { max: 0.2 });
    if (
      product.repaymentMethods.length === 0 ||
      product.repaymentMethods.some((m) => !(REPAYMENT_METHODS as readonly string[]).includes(m))
    )
      problems.push({
        field: field('repaymentMethods'),
        message: `must list some of ${REPAYMENT_METHODS.join(', ')}`,
      });
  });
  for (const code of PRODUCT_CODES)
    if (!seen.has(code))
      problems.push({ field: at('products'), message: `must keep the ${code} product` });
  return problems;
}

export function productOf(policy: CreditPolicy, code: string): LoanProduct | undefined {
  return policy.products.find((p) => p.code === code);
}
