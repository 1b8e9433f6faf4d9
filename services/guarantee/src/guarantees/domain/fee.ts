import { Money } from '@tf/core';

/**
 * The guarantee fee (DOMAIN.md): principal × coverageRatio × annual rate × term / 12, to the cent
 * (half up). The rate is the center's policy rate, which its policy keeps at or under the cap.
 */
export function guaranteeFee(
  principal: string,
  coverageRatio: string,
  annualRate: string,
  termMonths: number,
): string {
  return new Money(principal)
    .times(coverageRatio)
    .times(annualRate)
    .times(termMonths)
    .dividedBy(12)
    .toDecimalPlaces(2, Money.ROUND_HALF_UP)
    .toFixed(2);
}

/** The amount the institution is liable for: principal × coverageRatio, to the cent. */
export function guaranteedAmount(principal: string, coverageRatio: string): string {
  return new Money(principal)
    .times(coverageRatio)
    .toDecimalPlaces(2, Money.ROUND_HALF_UP)
    .toFixed(2);
}
