import { patentIdentity } from './patent-number';
import type { AssetKind } from './valuation';

/**
 * The name of one asset whatever its notation: a patent by its digits and check ("CN…" and "ZL…"
 * are one patent), anything else by its number upper-cased. Two assets with one identity are the
 * same asset; the identity is what live valuations and pledges are keyed on.
 */
export function assetIdentity(kind: AssetKind, number: string): string {
  const trimmed = number.trim();
  return (kind === 'patent' && patentIdentity(trimmed)) || trimmed.toUpperCase();
}

/** The identity of a set of assets, in any order: a revaluation of the same set has the same key. */
export function assetSetKey(identities: readonly string[]): string {
  return [...identities].sort().join('|');
}
