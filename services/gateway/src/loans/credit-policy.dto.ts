import { MAX_LOAN_TERM_MONTHS, PRODUCT_CODES, REPAYMENT_METHODS } from '@tf/contracts';
import {
  EnumField,
  EnumListField,
  IntField,
  MoneyField,
  NestedListField,
  RateField,
  TextField,
} from '../http/fields';

/** A loan product of a center (the credit service checks the whole list: each code once, all three kept). */
export class LoanProductPolicyDto {
  @EnumField(PRODUCT_CODES, { example: 'ip-pledge' }) code!: string;
  @TextField({ maxLength: 200, example: '知识产权质押贷 IP-pledge loan' }) name!: string;
  @MoneyField({ description: 'Smallest principal', example: '100000.00' }) minPrincipal!: string;
  @MoneyField({ description: 'Largest principal', example: '30000000.00' }) maxPrincipal!: string;
  @IntField({
    minimum: 1,
    maximum: MAX_LOAN_TERM_MONTHS,
    example: 6,
    description: 'Shortest term, months',
  })
  minTermMonths!: number;
  @IntField({
    minimum: 1,
    maximum: MAX_LOAN_TERM_MONTHS,
    example: 60,
    description: 'Longest term, months',
  })
  maxTermMonths!: number;
  @RateField({ description: "Added to the center's LPR", example: '0.0085' }) spread!: string;
  @EnumListField(REPAYMENT_METHODS, {
    maxItems: REPAYMENT_METHODS.length,
    example: ['equal_installment', 'equal_principal'],
    description: 'The repayment methods it allows',
  })
  repaymentMethods!: string[];
}

/** The credit section of a center's policy (owned by the credit service, which checks the whole). */
export class CreditPolicyDto {
  @RateField({ description: 'The one-year Loan Prime Rate', example: '0.0300' })
  loanPrimeRate!: string;
  @RateField({
    description: 'Penalty rate on overdue principal = this × the contract rate (≥ 1)',
    example: '1.5',
  })
  penaltyRateMultiplier!: string;
  @RateField({ description: 'Loan-to-value cap on an appraised invention patent', example: '0.40' })
  ltvInvention!: string;
  @RateField({ description: 'Loan-to-value cap on a utility model', example: '0.25' })
  ltvUtilityModel!: string;
  @RateField({ description: 'Loan-to-value cap on a design patent', example: '0.20' })
  ltvDesign!: string;
  @IntField({
    minimum: 1,
    maximum: 3650,
    example: 1,
    description: 'Days past due from which a loan is special mention',
  })
  specialMentionFromDays!: number;
  @IntField({
    minimum: 1,
    maximum: 91,
    example: 91,
    description: 'From which it is substandard (non-performing, defaulted): at most 91',
  })
  substandardFromDays!: number;
  @IntField({ minimum: 1, maximum: 3650, example: 271, description: 'From which it is doubtful' })
  doubtfulFromDays!: number;
  @IntField({ minimum: 1, maximum: 3650, example: 361, description: 'From which it is loss' })
  lossFromDays!: number;
  @NestedListField(LoanProductPolicyDto, {
    maxItems: PRODUCT_CODES.length,
    itemName: 'product',
    description: 'The loan products: each of ip-pledge, guaranteed and credit once',
  })
  products!: LoanProductPolicyDto[];
}
