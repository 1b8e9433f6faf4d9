import { Money, formatMoney } from '@tf/core';

/** The center broker's commission on a deal: the price × the policy's rate, to the cent (half up). */
export function commissionOf(price: string, rate: string): string {
  return formatMoney(new Money(price).times(rate));
}

/**
 * A deal's price shared among its assets to the cent (valuation's comparables are per patent):
 * equal parts, the cents left over going one each to the first assets, so the parts add up to
 * the price exactly.
 */
export function priceShares(price: string, count: number): string[] {
  if (count <= 0) return [];
  const cents = new Money(price).times(100).toDecimalPlaces(0);
  const base = cents.dividedToIntegerBy(count);
  const left = cents.minus(base.times(count)).toNumber();
  return Array.from({ length: count }, (_, i) =>
    formatMoney(base.plus(i < left ? 1 : 0).dividedBy(100)),
  );
}

/** Years of legal life a right has left at `on` (to 2 places), 0 once expired. */
export function remainingLifeYears(expiresOn: string, on: string): string {
  const days = (Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${on}T00:00:00Z`)) / 86_400_000;
  return new Money(Math.max(0, days)).dividedBy('365.25').toFixed(2);
}

/** A disposal auction's reserve: the pledge value less the policy's haircut, to the cent. */
export function disposalReserve(pledgeValue: string, haircut: string): string {
  return formatMoney(new Money(pledgeValue).times(new Money(1).minus(haircut)));
}

/**
 * A technology-contract registration number: the center, the year and the center's serial for
 * that year, e.g. JINAN-2026-000042 (the registry's own format is printed on the certificate).
 */
export function registrationNumber(tenant: string, year: number, serial: number): string {
  return `${registrationPrefix(tenant, year)}${String(serial).padStart(6, '0')}`;
}

/** What every number of a center's year starts with. */
export function registrationPrefix(tenant: string, year: number): string {
  return `${tenant.toUpperCase()}-${year}-`;
}
