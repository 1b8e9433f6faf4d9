import { Money } from '@tf/core';
import type { DecimalInput } from './format';

/** What relief from royalty needs for one asset; all rates are fractions ("0.03"). */
export interface IncomeApproachInput {
  /** The portfolio's forecast revenue, year 1, 2, ...; years beyond repeat the last. */
  annualRevenue: readonly DecimalInput[];
  /** The asset's share of that revenue. */
  revenueShare: DecimalInput;
  royaltyRate: DecimalInput;
  incomeTaxRate: DecimalInput;
  discountRate: DecimalInput;
  /** Remaining economic life in years; a fractional last year counts pro rata. */
  years: DecimalInput;
}

/** One period of the projection, unrounded (the caller rounds for display). */
export interface IncomeYear {
  /** 1-based year of the forecast whose revenue it uses. */
  year: number;
  /** Discount time in years: the year number, or whole years + fraction for a partial last year. */
  t: Money;
  /** 1 for a full year, the fraction for a partial last year. */
  portion: Money;
  /** The asset's revenue for the period: revenue × share × portion. */
  revenue: Money;
  /** revenue × royalty rate × (1 − income tax rate). */
  royaltyAfterTax: Money;
  /** 1 / (1 + discount rate)^t. */
  discountFactor: Money;
  presentValue: Money;
}

export interface IncomeApproachResult {
  /** Σ present values, unrounded. */
  value: Money;
  rows: IncomeYear[];
}

/**
 * Relief from royalty: value = Σ_{t=1..n} revenue_t × share × royaltyRate × (1 − tax) / (1 + r)^t.
 * With n = 5.4, years 1-5 count in full and year 6 counts 0.4 of its revenue, discounted at
 * t = 5.4 (the end of the partial period). n = 0 values at 0 with no rows.
 */
export function incomeApproach(input: IncomeApproachInput): IncomeApproachResult {
  const forecast = input.annualRevenue.map((amount) => new Money(amount));
  const lastForecast = forecast[forecast.length - 1];
  if (lastForecast === undefined) {
    throw new RangeError('the income approach needs at least one year of forecast revenue');
  }
  const share = new Money(input.revenueShare);
  const royaltyAfterTaxRate = new Money(input.royaltyRate).times(
    new Money(1).minus(input.incomeTaxRate),
  );
  const growth = new Money(1).plus(input.discountRate);
  const years = new Money(input.years);

  const rows: IncomeYear[] = [];
  const period = (year: number, t: Money, portion: Money) => {
    const revenue = (forecast[year - 1] ?? lastForecast).times(share).times(portion);
    const royaltyAfterTax = revenue.times(royaltyAfterTaxRate);
    const compounded = growth.pow(t);
    rows.push({
      year,
      t,
      portion,
      revenue,
      royaltyAfterTax,
      discountFactor: new Money(1).div(compounded),
      presentValue: royaltyAfterTax.div(compounded),
    });
  };

  if (years.greaterThan(0)) {
    const fullYears = years.floor().toNumber();
    for (let year = 1; year <= fullYears; year += 1) {
      period(year, new Money(year), new Money(1));
    }
    const fraction = years.minus(fullYears);
    if (fraction.greaterThan(0)) period(fullYears + 1, years, fraction);
  }

  const value = rows.reduce((sum, row) => sum.plus(row.presentValue), new Money(0));
  return { value, rows };
}
