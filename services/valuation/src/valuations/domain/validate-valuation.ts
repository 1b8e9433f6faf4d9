import { assetIdentity, patentNumberProblem, ValuationErrors } from '@tf/contracts/vocabulary';
import { MONEY_PATTERN, Money, RATE_PATTERN, sumMoney, type DeclaredError } from '@tf/core';
import { daysBetween, isRealDate } from './dates';
import { legalExpiry } from './remaining-life';
import {
  ASSET_KINDS,
  LEGAL_STATUSES,
  LICENCE_STATUSES,
  PATENT_TYPES,
  PURPOSES,
  type AssetKind,
  type ValuationInput,
  type ValuationProblem,
} from './types';

export const MAX_ASSETS = 200;
/** Longer than any patent term or software copyright; bounds the year-by-year projection. */
export const MAX_LIFE_YEARS = 50;
export const MAX_FORECAST_YEARS = 50;

/** Business rules (422), as opposed to invalid input (400): declared in the vocabulary. */
export const VALUATION_RULES = {
  noValuationMethod: ValuationErrors.NO_VALUATION_METHOD,
  expiredPatentPledge: ValuationErrors.EXPIRED_PATENT_PLEDGE,
  ungrantedPatentPledge: ValuationErrors.UNGRANTED_PATENT_PLEDGE,
  unpledgeableAsset: ValuationErrors.UNPLEDGEABLE_ASSET,
} as const;

const TECHNICAL_KEYS = ['advancement', 'substitutability', 'maturity', 'scope'];
const ECONOMIC_KEYS = ['marketSize', 'marketShare', 'competition', 'policyFit'];
const IPC_SUBCLASS_PATTERN = /^[A-H]\d{2}[A-Z]/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0;

const oneOf = (values: readonly string[]) => values.join(', ');

/**
 * Every problem with a valuation request; empty when it can be computed. Problems with a `rule`
 * are business rules (422); the others are invalid input (400). Field paths name the value:
 * `assets.0.grantedOn`, `income.annualRevenue.2`.
 */
export function valuationProblems(input: ValuationInput): ValuationProblem[] {
  const problems: ValuationProblem[] = [];
  const add = (field: string, message: string, rule?: DeclaredError) =>
    problems.push(rule ? { field, message, rule } : { field, message });
  const raw = input as unknown as Fields;

  const money = (field: string, value: unknown) => {
    if (typeof value === 'string' && MONEY_PATTERN.test(value)) return;
    if (typeof value === 'string' && value.startsWith('-') && MONEY_PATTERN.test(value.slice(1))) {
      add(field, 'must not be negative');
    } else {
      add(field, 'must be an amount in yuan with at most 2 decimal places, e.g. "1200000.00"');
    }
  };
  /** A decimal string rate strictly between 0 and 1 (or up to 1 inclusive when `upToOne`). */
  const rate = (field: string, value: unknown, upToOne = false): Money | null => {
    const d = typeof value === 'string' && RATE_PATTERN.test(value) ? new Money(value) : null;
    if (d && d.greaterThan(0) && (upToOne ? d.lessThanOrEqualTo(1) : d.lessThan(1))) return d;
    add(
      field,
      upToOne
        ? 'must be a decimal above 0 and at most 1, e.g. "0.4"'
        : 'must be a decimal between 0 and 1, e.g. "0.03"',
    );
    return null;
  };

  if (!PURPOSES.includes(raw['purpose'] as never)) {
    add('purpose', `must be one of ${oneOf(PURPOSES)}`);
  }
  const referenceDate = isRealDate(raw['referenceDate']) ? raw['referenceDate'] : null;
  if (!referenceDate) add('referenceDate', 'must be a real date "YYYY-MM-DD"');

  const enterprise = raw['enterprise'];
  if (!isObject(enterprise)) {
    add('enterprise', 'must give highTech (true or false) and optionally industry');
  } else {
    if (typeof enterprise['highTech'] !== 'boolean')
      add('enterprise.highTech', 'must be true or false');
    if (enterprise['industry'] !== undefined && !isNonEmptyString(enterprise['industry'])) {
      add('enterprise.industry', 'must be an industry code when given');
    }
  }

  // ---- assets
  const assets: unknown[] = Array.isArray(raw['assets']) ? raw['assets'] : [];
  if (!Array.isArray(raw['assets']) || assets.length === 0) {
    add('assets', `must list 1 to ${MAX_ASSETS} assets`);
  } else if (assets.length > MAX_ASSETS) {
    add('assets', `at most ${MAX_ASSETS} assets per valuation; ${assets.length} were given`);
  }
  const checkedAssets = assets.length <= MAX_ASSETS ? assets : [];

  /** A date on or before the reference date; returns it when valid. */
  const pastDate = (field: string, value: unknown, what: string): string | null => {
    if (!isRealDate(value)) {
      add(field, 'must be a real date "YYYY-MM-DD"');
      return null;
    }
    if (referenceDate && daysBetween(referenceDate, value) > 0) {
      add(field, `${what} ${value} is after the reference date ${referenceDate}`);
      return null;
    }
    return value;
  };

  const shares: { index: number; share: Money | null }[] = [];
  const firstIndexOfNumber = new Map<string, number>();

  checkedAssets.forEach((asset, index) => {
    const at = `assets.${index}`;
    if (!isObject(asset)) {
      add(at, 'must be an asset object');
      return;
    }
    const kind = asset['kind'];
    if (!ASSET_KINDS.includes(kind as never)) {
      add(`${at}.kind`, `must be one of ${oneOf(ASSET_KINDS)}`);
      return;
    }

    const number = asset['number'];
    if (!isNonEmptyString(number)) {
      add(`${at}.number`, 'must be given');
    } else {
      // "CN…" and "ZL…" of one patent are one asset: listed twice, it would be valued twice.
      const identity = assetIdentity(kind as AssetKind, number);
      const first = firstIndexOfNumber.get(identity);
      if (first === undefined) firstIndexOfNumber.set(identity, index);
      else add(`${at}.number`, `${number} is already assets.${first}: list each asset once`);
    }
    if (!isNonEmptyString(asset['title'])) add(`${at}.title`, 'must be given');

    const life = asset['economicLifeYears'];
    if (life !== undefined || kind !== 'patent') {
      const d = typeof life === 'string' && RATE_PATTERN.test(life) ? new Money(life) : null;
      if (!d || d.isZero() || d.greaterThan(MAX_LIFE_YEARS)) {
        add(
          `${at}.economicLifeYears`,
          kind === 'patent'
            ? `must be a number of years above 0 and at most ${MAX_LIFE_YEARS}, e.g. "8.5"`
            : `a ${kind === 'know_how' ? 'know-how' : 'software copyright'} needs its remaining economic life: years above 0 and at most ${MAX_LIFE_YEARS}, e.g. "8.5"`,
        );
      }
    }

    if (asset['revenueShare'] !== undefined) {
      shares.push({ index, share: rate(`${at}.revenueShare`, asset['revenueShare'], true) });
    }

    const cost = asset['replacementCost'];
    if (cost !== undefined) {
      if (!isObject(cost)) {
        add(`${at}.replacementCost`, 'must give rdSpend, filingFees and maintenanceFees');
      } else {
        for (const part of ['rdSpend', 'filingFees', 'maintenanceFees']) {
          money(`${at}.replacementCost.${part}`, cost[part]);
        }
      }
    }

    const ratings = (group: string, keys: string[]) => {
      const given = asset[group];
      if (given === undefined) return;
      if (!isObject(given)) {
        add(`${at}.${group}`, `must rate ${oneOf(keys)} from 1 to 5`);
        return;
      }
      for (const [key, value] of Object.entries(given)) {
        if (!keys.includes(key)) {
          add(`${at}.${group}.${key}`, `unknown rating: the ${group} ratings are ${oneOf(keys)}`);
        } else if (
          value !== undefined &&
          !(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5)
        ) {
          add(`${at}.${group}.${key}`, 'must be a whole number from 1 to 5');
        }
      }
    };
    ratings('technical', TECHNICAL_KEYS);
    ratings('economic', ECONOMIC_KEYS);

    if (kind !== 'patent') {
      pastDate(`${at}.createdOn`, asset['createdOn'], 'created on');
      if (input.purpose === 'pledge' && kind === 'know_how') {
        add(
          at,
          'know-how cannot be pledged: only registered rights (patents, copyrights) can be',
          VALUATION_RULES.unpledgeableAsset,
        );
      }
      return;
    }

    // ---- patents
    const patentType = PATENT_TYPES.includes(asset['patentType'] as never)
      ? (asset['patentType'] as (typeof PATENT_TYPES)[number])
      : null;
    if (!patentType) add(`${at}.patentType`, `must be one of ${oneOf(PATENT_TYPES)}`);
    const legalStatus = asset['legalStatus'];
    if (!LEGAL_STATUSES.includes(legalStatus as never)) {
      add(`${at}.legalStatus`, `must be one of ${oneOf(LEGAL_STATUSES)}`);
    }
    if (patentType && isNonEmptyString(number)) {
      const problem = patentNumberProblem(number, patentType);
      if (problem) add(`${at}.number`, problem);
    }

    const filedOn = pastDate(`${at}.filedOn`, asset['filedOn'], 'filed on');
    const grantedOn = asset['grantedOn'];
    if (grantedOn !== undefined) {
      const granted = pastDate(`${at}.grantedOn`, grantedOn, 'granted on');
      if (granted && filedOn && daysBetween(filedOn, granted) < 0) {
        add(`${at}.grantedOn`, `granted on ${granted}, before it was filed on ${filedOn}`);
      }
      if (legalStatus === 'pending') {
        add(`${at}.grantedOn`, 'a pending application has no grant date');
      }
    } else if (legalStatus === 'granted') {
      add(`${at}.grantedOn`, 'a granted patent needs its grant date');
    }

    if (asset['ipcClass'] !== undefined) {
      const ipc = asset['ipcClass'];
      if (
        typeof ipc !== 'string' ||
        !IPC_SUBCLASS_PATTERN.test(ipc.replace(/\s+/g, '').toUpperCase())
      ) {
        add(`${at}.ipcClass`, 'must be an IPC class such as "H01L 23/00"');
      }
    }
    const claims = asset['claims'];
    if (claims !== undefined && !(Number.isInteger(claims) && (claims as number) >= 1)) {
      add(`${at}.claims`, 'must be a whole number of claims, at least 1');
    }
    const family = asset['familyCountries'];
    if (family !== undefined) {
      if (!Array.isArray(family)) {
        add(`${at}.familyCountries`, 'must be a list of country codes such as ["US", "EP"]');
      } else {
        family.forEach((country, i) => {
          if (typeof country !== 'string' || !COUNTRY_PATTERN.test(country)) {
            add(`${at}.familyCountries.${i}`, 'must be a 2-letter code such as "US" or "EP"');
          }
        });
      }
    }
    if (
      asset['licenceStatus'] !== undefined &&
      !LICENCE_STATUSES.includes(asset['licenceStatus'] as never)
    ) {
      add(`${at}.licenceStatus`, `must be one of ${oneOf(LICENCE_STATUSES)}`);
    }
    if (asset['pledged'] !== undefined && typeof asset['pledged'] !== 'boolean') {
      add(`${at}.pledged`, 'must be true or false');
    }

    if (input.purpose === 'pledge') {
      if (legalStatus === 'lapsed') {
        add(at, 'lapsed: a lapsed patent cannot be pledged', VALUATION_RULES.expiredPatentPledge);
      } else if (legalStatus === 'pending') {
        add(
          at,
          'pending: a patent application cannot be pledged until it is granted',
          VALUATION_RULES.ungrantedPatentPledge,
        );
      }
      if (legalStatus !== 'lapsed' && patentType && filedOn && referenceDate) {
        const expiry = legalExpiry(patentType, filedOn);
        if (daysBetween(referenceDate, expiry) <= 0) {
          add(
            at,
            `expired on ${expiry}: an expired patent cannot be pledged`,
            VALUATION_RULES.expiredPatentPledge,
          );
        }
      }
    }
  });

  // ---- revenue shares: all or none, adding up to at most 1
  if (shares.length > 0 && shares.length < checkedAssets.length) {
    const first = shares[0]?.index ?? 0;
    checkedAssets.forEach((asset, index) => {
      if (isObject(asset) && asset['revenueShare'] === undefined) {
        add(
          `assets.${index}.revenueShare`,
          `give a revenue share for every asset or for none (assets.${first} gives one)`,
        );
      }
    });
  }
  const validShares = shares.flatMap(({ share }) => (share ? [share] : []));
  if (validShares.length === shares.length && shares.length > 0) {
    const total = sumMoney(validShares);
    if (total.greaterThan(1)) {
      add('assets', `revenue shares add up to ${total.toString()}; they must not exceed 1`);
    }
  }

  // ---- income
  const income = raw['income'];
  if (income !== undefined) {
    if (!isObject(income)) {
      add('income', 'must give annualRevenue and optionally royaltyRate and discountRate');
    } else {
      const revenue = income['annualRevenue'];
      if (!Array.isArray(revenue) || revenue.length === 0) {
        add('income.annualRevenue', 'must list the forecast revenue of at least one year');
      } else if (revenue.length > MAX_FORECAST_YEARS) {
        add('income.annualRevenue', `at most ${MAX_FORECAST_YEARS} years of forecast`);
      } else {
        revenue.forEach((amount, i) => money(`income.annualRevenue.${i}`, amount));
      }
      if (income['royaltyRate'] !== undefined) rate('income.royaltyRate', income['royaltyRate']);
      if (income['discountRate'] !== undefined) rate('income.discountRate', income['discountRate']);
    }
  }

  const hasReplacementCost = checkedAssets.some(
    (asset) => isObject(asset) && asset['replacementCost'] !== undefined,
  );
  if (income === undefined && !hasReplacementCost && checkedAssets.length > 0) {
    add(
      'income',
      'no valuation method can be applied: give income.annualRevenue for the income approach or a replacementCost for at least one asset',
      VALUATION_RULES.noValuationMethod,
    );
  }

  return problems;
}
