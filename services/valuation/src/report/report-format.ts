import Decimal from 'decimal.js';
import type { AssetKind, MethodName, MethodResult, Purpose } from '../valuations/domain/types';
import type { ValuationReportData } from './report-data';

/**
 * Labels and number formats of the valuation report, bilingual: the bank's loan officers read the
 * Chinese, the group's auditors the English. Plain functions so the layout code stays about layout.
 */

export interface Bilingual {
  zh: string;
  en: string;
}

export const bilingual = (label: Bilingual, separator = ' '): string =>
  `${label.zh}${separator}${label.en}`;

export const PURPOSE_LABELS: Record<Purpose, Bilingual> = {
  pledge: { zh: '质押', en: 'Pledge' },
  transfer: { zh: '转让', en: 'Transfer' },
  investment: { zh: '投资', en: 'Investment' },
  reporting: { zh: '财务报告', en: 'Financial reporting' },
};

export const STATUS_LABELS: Record<ValuationReportData['status'], Bilingual> = {
  computed: { zh: '已计算（待审核）', en: 'Computed (awaiting approval)' },
  approved: { zh: '已审核批准', en: 'Approved' },
  rejected: { zh: '已驳回', en: 'Rejected' },
  superseded: { zh: '已被新评估取代', en: 'Superseded' },
  expired: { zh: '已过期', en: 'Expired' },
};

export const METHOD_LABELS: Record<MethodName, Bilingual> = {
  income: { zh: '收益法', en: 'Income approach' },
  market: { zh: '市场法', en: 'Market approach' },
  cost: { zh: '成本法', en: 'Cost approach' },
};

export const METHOD_STATUS_LABELS: Record<MethodResult['status'], Bilingual> = {
  applied: { zh: '已采用', en: 'Applied' },
  skipped: { zh: '未采用', en: 'Skipped' },
};

export const ASSET_KIND_LABELS: Record<AssetKind, Bilingual> = {
  patent: { zh: '专利', en: 'Patent' },
  software_copyright: { zh: '软件著作权', en: 'Software copyright' },
  know_how: { zh: '技术秘密', en: 'Know-how' },
};

/** The policy figures by their ValuationPolicy names; other keys print as they come. */
export const PARAMETER_LABELS: Readonly<Record<string, Bilingual>> = {
  defaultRoyaltyRate: { zh: '默认提成率', en: 'Default royalty rate' },
  royaltyRate: { zh: '提成率', en: 'Royalty rate' },
  incomeTaxRate: { zh: '所得税率', en: 'Income tax rate' },
  highTechIncomeTaxRate: { zh: '高新技术企业所得税率', en: 'High-tech income tax rate' },
  taxRate: { zh: '适用税率', en: 'Tax rate applied' },
  discountRate: { zh: '折现率', en: 'Discount rate' },
  weightIncome: { zh: '收益法权重', en: 'Weight, income approach' },
  weightMarket: { zh: '市场法权重', en: 'Weight, market approach' },
  weightCost: { zh: '成本法权重', en: 'Weight, cost approach' },
  valuationRangeRatio: { zh: '评估区间比例', en: 'Valuation range ratio' },
  valuationValidityMonths: { zh: '评估有效期（月）', en: 'Validity (months)' },
};

function isDecimal(value: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(value.trim());
}

/** "1234567.8" → "1,234,567.80"; anything that is not a decimal string prints unchanged. */
export function formatAmount(value: string): string {
  if (!isDecimal(value)) return value;
  const fixed = new Decimal(value.trim()).toFixed(2);
  const negative = fixed.startsWith('-');
  const [whole = '0', fraction = '00'] = (negative ? fixed.slice(1) : fixed).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${fraction}`;
}

/** Σ of money strings, as the report prints it: "1,234.56"; a non-decimal counts as 0. */
export function sumAmounts(values: readonly string[]): string {
  const sum = values.reduce(
    (total, value) => (isDecimal(value) ? total.plus(value.trim()) : total),
    new Decimal(0),
  );
  return formatAmount(sum.toFixed(2));
}

/** "1234567.89" → "¥ 1,234,567.89". */
export function formatMoney(value: string): string {
  return isDecimal(value) ? `¥ ${formatAmount(value)}` : value;
}

/** A 0-1 weight or rate as a percentage: "0.6" → "60%", "0.666667" → "66.67%". */
export function formatPercent(value: string): string {
  if (!isDecimal(value)) return value;
  return `${new Decimal(value.trim()).times(100).toDecimalPlaces(2).toString()}%`;
}

/** Years as given (already rounded by the methods), with the unit. */
export function formatYears(value: string | null): string {
  return value === null ? '— 无法定保护期 No legal term' : `${value} 年 years`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A timestamp in Beijing time, where the banks and centers are: "2025-03-01 16:30 (UTC+8)". China
 * has no daylight saving, so a fixed offset is exact and needs no time-zone data. A bare date
 * ("2025-03-01") prints as it is.
 */
export function formatTimestamp(value: string | null): string {
  if (value === null) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  const beijing = new Date(time + 8 * 3600 * 1000);
  return (
    `${beijing.getUTCFullYear()}-${pad2(beijing.getUTCMonth() + 1)}-${pad2(beijing.getUTCDate())} ` +
    `${pad2(beijing.getUTCHours())}:${pad2(beijing.getUTCMinutes())} (UTC+8)`
  );
}

/** The method's figures as "name = value" pairs, for the asset tables. */
export function formatInputs(inputs: Record<string, string>): string {
  return Object.entries(inputs)
    .map(([key, value]) => `${key} = ${value}`)
    .join('; ');
}

export function parameterLabel(key: string): string {
  const label = PARAMETER_LABELS[key];
  return label === undefined ? key : `${bilingual(label)} (${key})`;
}
