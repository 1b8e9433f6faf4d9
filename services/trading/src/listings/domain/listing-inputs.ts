import {
  ASSET_KINDS,
  assetIdentity,
  MAX_LISTING_ASSETS,
  patentNumberProblem,
  PATENT_TYPES,
  PRICING_MODES,
  TRADE_DEAL_TYPES,
  type AssetKind,
  type PatentType,
  type PricingMode,
  type TradeDealType,
} from '@tf/contracts/vocabulary';
import { isIsoDate, Money, MONEY_PATTERN, plainTextProblem, type FieldProblem } from '@tf/core';

export interface ListingAssetInput {
  kind: string;
  number: string;
  title: string;
  patentType?: string;
  ipcClass?: string;
  expiresOn?: string;
}

export interface PricingInput {
  mode: string;
  askingPrice?: string;
  reservePrice?: string;
  increment?: string;
  endsAt?: string;
}

export interface ListingInput {
  title: string;
  assets: ListingAssetInput[];
  dealType: string;
  pricing?: PricingInput;
}

/** A listing's assets and price as they are stored, once the input has no problem. */
export interface CheckedListing {
  title: string;
  dealType: TradeDealType;
  assets: (ListingAssetInput & { kind: AssetKind; identity: string; patentType?: PatentType })[];
  mode: PricingMode;
  askingPrice: string | null;
  reservePrice: string | null;
  increment: string | null;
  endsAt: Date | null;
}

/** The IPC class a comparable is matched on: section, class and subclass, e.g. "H01M". */
const IPC_CLASS = /^[A-H]\d{2}[A-Z]$/;
const MAX_AUCTION_DAYS = 180;
/** An instant with its offset: a local time would be read in the server's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const MIN_AUCTION_MINUTES = 60;

// One line, no control characters (a NUL byte included): titles are printed on contracts.
const text = (value: string | undefined, max: number): boolean =>
  typeof value === 'string' && plainTextProblem(value, { max }) === null;

const positiveMoney = (value: string | undefined): boolean =>
  value !== undefined && MONEY_PATTERN.test(value) && new Money(value).greaterThan(0);

/**
 * Every problem of a listing as a seller sends it, each naming its field, so one answer lists
 * them all. `now` is the clock's (an auction ends at least an hour and at most 180 days ahead);
 * `minimumIncrement` is the center's policy.
 */
export function listingProblems(
  input: ListingInput,
  now: Date,
  minimumIncrement: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (!text(input.title, 200))
    problem('title', 'must be 1 to 200 characters, no control characters');
  if (!(TRADE_DEAL_TYPES as readonly string[]).includes(input.dealType))
    problem('dealType', `must be one of ${TRADE_DEAL_TYPES.join(', ')}`);
  if (input.assets.length === 0) problem('assets', 'must name at least one asset');
  if (input.assets.length > MAX_LISTING_ASSETS)
    problem('assets', `must name at most ${MAX_LISTING_ASSETS} assets`);
  const seen = new Set<string>();
  input.assets.slice(0, MAX_LISTING_ASSETS).forEach((asset, i) => {
    const at = (field: string) => `assets[${i}].${field}`;
    if (!(ASSET_KINDS as readonly string[]).includes(asset.kind)) {
      problem(at('kind'), `must be one of ${ASSET_KINDS.join(', ')}`);
      return;
    }
    if (!text(asset.title, 200)) problem(at('title'), 'must be 1 to 200 characters');
    if (!text(asset.number, 64)) {
      problem(at('number'), 'must be 1 to 64 characters');
      return;
    }
    if (asset.kind === 'patent') {
      if (!(PATENT_TYPES as readonly string[]).includes(asset.patentType ?? ''))
        problem(at('patentType'), `a patent's type must be one of ${PATENT_TYPES.join(', ')}`);
      else {
        const numberProblem = patentNumberProblem(asset.number, asset.patentType as PatentType);
        if (numberProblem) problem(at('number'), numberProblem);
      }
    } else if (asset.patentType !== undefined) problem(at('patentType'), 'is for patents only');
    if (input.dealType === 'know_how' && asset.kind !== 'know_how')
      problem(at('kind'), 'a know-how deal lists know-how only');
    if (asset.ipcClass !== undefined && !IPC_CLASS.test(asset.ipcClass))
      problem(at('ipcClass'), 'must be an IPC subclass such as H01M');
    if (asset.expiresOn !== undefined && !isIsoDate(asset.expiresOn))
      problem(at('expiresOn'), 'must be a date YYYY-MM-DD');
    const identity = assetIdentity(asset.kind as AssetKind, asset.number);
    if (seen.has(identity)) problem(at('number'), 'is listed twice in this listing');
    seen.add(identity);
  });
  const pricing = input.pricing;
  if (!pricing || !(PRICING_MODES as readonly string[]).includes(pricing.mode)) {
    problem('pricing.mode', `must be one of ${PRICING_MODES.join(', ')}`);
    return problems;
  }
  const forbid = (field: keyof PricingInput, why: string) => {
    if (pricing[field] !== undefined) problem(`pricing.${field}`, why);
  };
  if (pricing.mode === 'auction') {
    forbid('askingPrice', 'an auction has a reserve and bids, not an asking price');
    if (pricing.reservePrice !== undefined && !positiveMoney(pricing.reservePrice))
      problem('pricing.reservePrice', 'must be a positive money string');
    if (pricing.increment !== undefined) {
      if (!positiveMoney(pricing.increment))
        problem('pricing.increment', 'must be a positive money string');
      else if (new Money(pricing.increment).lessThan(minimumIncrement))
        problem('pricing.increment', `must be at least the center's minimum, ${minimumIncrement}`);
    }
    const endsAt = pricing.endsAt === undefined ? NaN : Date.parse(pricing.endsAt);
    const ahead = (endsAt - now.getTime()) / 60_000;
    if (
      pricing.endsAt === undefined ||
      !INSTANT.test(pricing.endsAt) ||
      !isIsoDate(pricing.endsAt.slice(0, 10)) ||
      Number.isNaN(endsAt)
    )
      problem(
        'pricing.endsAt',
        'an auction needs an end time, an ISO 8601 instant with its offset (…Z or …+08:00)',
      );
    else if (ahead < MIN_AUCTION_MINUTES || ahead > MAX_AUCTION_DAYS * 24 * 60)
      problem(
        'pricing.endsAt',
        `must be from ${MIN_AUCTION_MINUTES} minutes to ${MAX_AUCTION_DAYS} days ahead`,
      );
  } else {
    for (const field of ['reservePrice', 'increment', 'endsAt'] as const)
      forbid(field, `is for auctions; a ${pricing.mode} listing has an asking price`);
    if (pricing.mode === 'fixed' && !positiveMoney(pricing.askingPrice))
      problem('pricing.askingPrice', 'a fixed-price listing needs a positive asking price');
    if (
      pricing.mode === 'negotiable' &&
      pricing.askingPrice !== undefined &&
      !positiveMoney(pricing.askingPrice)
    )
      problem('pricing.askingPrice', 'must be a positive money string');
  }
  return problems;
}

/** The listing as stored; call it once listingProblems found none. */
export function checkedListing(input: ListingInput, minimumIncrement: string): CheckedListing {
  const pricing = input.pricing!;
  const auction = pricing.mode === 'auction';
  return {
    title: input.title.trim(),
    dealType: input.dealType as TradeDealType,
    assets: input.assets.map((asset) =>
      Object.assign({}, asset, {
        kind: asset.kind as AssetKind,
        number: asset.number.trim(),
        title: asset.title.trim(),
        patentType: asset.patentType as PatentType | undefined,
        identity: assetIdentity(asset.kind as AssetKind, asset.number),
      }),
    ),
    mode: pricing.mode as PricingMode,
    askingPrice: pricing.askingPrice ?? null,
    reservePrice: auction ? (pricing.reservePrice ?? null) : null,
    increment: auction ? (pricing.increment ?? minimumIncrement) : null,
    endsAt: auction ? new Date(pricing.endsAt!) : null,
  };
}
