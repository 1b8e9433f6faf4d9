import { Money } from '@tf/core';

/** Anything decimal.js takes: a Money value or a decimal string. */
export type DecimalInput = Money | string | number;

/** Cents, half-up: how every concluded amount is rounded. */
export function roundMoney(value: DecimalInput): Money {
  return new Money(value).toDecimalPlaces(2, Money.ROUND_HALF_UP);
}

/** Years on the wire: 2 places, half-up ("8.35"). */
export function formatYears(value: DecimalInput): string {
  return new Money(value).toFixed(2, Money.ROUND_HALF_UP);
}

/**
 * A rate, ratio, weight or factor on the wire: plain decimal notation (never an exponent), at most
 * `places` places, trailing zeros dropped ("0.03", "0.8571428571", "1").
 */
export function formatRate(value: DecimalInput, places = 10): string {
  const fixed = new Money(value).toFixed(places, Money.ROUND_HALF_UP);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
