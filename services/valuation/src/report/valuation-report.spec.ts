import { parsePdf } from '@tf/testing';
import { valuationReportFixture } from './valuation-report.fixture';
import type { AssetValuation, MethodResult } from '../valuations/domain/types';
import { formatAmount, formatMoney } from './report-format';
import { renderValuationReport } from './valuation-report';

/** pdfjs gives a wrapped cell's lines as separate items: compare text without its white space. */
const squeeze = (text: string): string => text.replace(/\s+/g, '');

const CASH_FLOW_HEADERS = [
  '年度 Year',
  '折现期 t (years)',
  '收入 Revenue (CNY)',
  '税后提成额 Royalty after tax (CNY)',
  '折现系数 Discount factor',
  '现值 Present value (CNY)',
];
const COMPARABLE_HEADERS = [
  '可比交易 Deal',
  '成交价 Price (CNY)',
  '剩余寿命（年） Remaining life (years)',
  '调整后价格 Adjusted price (CNY)',
];

function method(asset: AssetValuation, name: MethodResult['method']): MethodResult {
  const found = asset.methods.find((m) => m.method === name);
  if (!found) throw new Error(`${asset.number} has no ${name} approach`);
  return found;
}

function footerOf(n: number, total: number): string {
  return `济南科技金融服务中心 · VAL-2025-0042 第 ${n} 页 / 共 ${total} 页 · Page ${n} of ${total}`;
}

describe('renderValuationReport', () => {
  const small = valuationReportFixture(3);
  const large = valuationReportFixture(200);
  // Inventions filed this year: 19.80 years of life, 19 full years and a partial 20th.
  const long = valuationReportFixture(3, { remainingLegalYears: '19.80', economicLifeYears: '20' });
  let smallPdf: Buffer;
  let smallPages: string[];
  let smallInfo: Record<string, unknown>;
  let largePages: string[];
  let largeBottomMargin: string[];
  let longPages: string[];
  let longBottomMargin: string[];

  // Rendering embeds subsets of a 10 MB font and parsing them back is the slow part: once each.
  beforeAll(async () => {
    smallPdf = await renderValuationReport(small);
    ({ pages: smallPages, info: smallInfo } = await parsePdf(smallPdf));
    ({ pages: largePages, bottomMargin: largeBottomMargin } = await parsePdf(
      await renderValuationReport(large),
    ));
    ({ pages: longPages, bottomMargin: longBottomMargin } = await parsePdf(
      await renderValuationReport(long),
    ));
  }, 120_000);

  it('is a complete PDF file', () => {
    expect(smallPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(smallPdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(smallPages.length).toBeGreaterThan(1);
  });

  it('shows the Chinese names and titles as text, not boxes', () => {
    const text = smallPages.join('\n');
    expect(text).toContain('济南量子芯片科技有限公司');
    expect(text).toContain('知识产权评估报告');
    for (const asset of small.result.assets) {
      expect(text).toContain(asset.title);
      expect(text).toContain(asset.number);
    }
    expect(small.result.assets.map((a) => a.title)).toContain('一种量子芯片封装方法');
  });

  it('states the conclusion, its range, the approver and the validity', () => {
    const text = smallPages.join('\n');
    const { value, low, high } = small.result.conclusion;
    expect(formatMoney(value)).toBe('¥ 2,793,004.10');
    expect(text).toContain(formatMoney(value));
    expect(text).toContain(formatMoney(low));
    expect(text).toContain(formatMoney(high));
    expect(text).toContain('李静');
    expect(text).toContain('2026-03-31');
    expect(text).toContain('质押 Pledge');
    expect(text).toContain('GB/T 42748-2023');
  });

  it('embeds the Noto Sans SC subset instead of relying on the reader’s fonts', () => {
    const raw = smallPdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
    expect(raw).toContain('/FontFile2');
    expect(raw).toContain('/ToUnicode');
  });

  it('takes its metadata from the valuation, so a re-render is the same file', async () => {
    expect(smallInfo).toMatchObject({
      Title: '知识产权评估报告 IP Valuation Report VAL-2025-0042',
      Author: '济南科技金融服务中心',
      // 2025-04-03T02:15:00Z, the approval, not the time of rendering.
      CreationDate: 'D:20250403021500Z',
    });
    expect(String(smallInfo['Subject'])).toContain('济南量子芯片科技有限公司');
    expect(await renderValuationReport(small)).toEqual(smallPdf);
  });

  it('numbers every page of a 200-asset portfolio in its footer, and writes nothing else there', () => {
    expect(largePages.length).toBeGreaterThan(smallPages.length);
    const total = largePages.length;
    largeBottomMargin.forEach((footer, index) => {
      const n = index + 1;
      // pdfjs puts a space item between the footer's left and right parts.
      expect(footer.replace(/\s+/g, ' ').trim()).toBe(footerOf(n, total));
    });
    const text = largePages.join('\n');
    expect(text).toContain(large.result.assets[199]!.number);
    expect(text).toContain(formatMoney(large.result.conclusion.value));
  });

  it("shows each asset's income approach as a cash-flow table, year by year", () => {
    const text = squeeze(smallPages.join(''));
    for (const header of CASH_FLOW_HEADERS) expect(text).toContain(squeeze(header));
    const [first, second] = small.result.assets.map((asset) => method(asset, 'income'));
    // Asset 1, 8 full years: year 1's figures and the total, the income approach's value.
    const year1 = first!.cashFlows![0]!;
    expect(year1).toMatchObject({ year: 1, t: '1.00', discountFactor: '0.8695652174' });
    expect(text).toContain(
      squeeze(
        `1 1.00 ${formatAmount(year1.revenue)} ${formatAmount(year1.royaltyAfterTax)} ` +
          `0.8695652174 ${formatAmount(year1.presentValue)}`,
      ),
    );
    expect(text).toContain(squeeze(`合计 Total ${formatAmount(first!.value!)}`));
    // Asset 2, capped at its 6.45 years of legal life: a partial 7th year at t = 6.45.
    const partial = second!.cashFlows!.at(-1)!;
    expect(partial).toMatchObject({ year: 7, t: '6.45' });
    expect(text).toContain(squeeze(`7 6.45 ${formatAmount(partial.revenue)}`));
    expect(text).toContain(formatAmount(partial.presentValue));
    // The projection is no longer spelled out as input keys.
    expect(text).not.toMatch(/year\d+\./);
    expect(text).toContain(squeeze('逐年现金流见下表 Cash flows by year below'));
  });

  it("shows the market approach's deals as a table, closed by their median", () => {
    const text = squeeze(smallPages.join(''));
    for (const header of COMPARABLE_HEADERS) expect(text).toContain(squeeze(header));
    const market = method(small.result.assets[0]!, 'market');
    expect(market.comparables).toHaveLength(3);
    for (const deal of market.comparables!) {
      expect(text).toContain(
        squeeze(
          `${deal.dealId} ${formatAmount(deal.price)} ${deal.remainingLifeYears} ${formatAmount(deal.adjustedPrice)}`,
        ),
      );
    }
    expect(text).toContain(squeeze(`中位数 Median ${formatAmount(market.value!)}`));
    expect(text).not.toMatch(/comparable\d+\./);
    // The second asset's market approach was skipped: no deals, its reason instead.
    expect(method(small.result.assets[1]!, 'market').comparables).toBeUndefined();
  });

  it('runs a 20-year projection over pages, repeating the header, never into the footer', () => {
    const incomes = long.result.assets.map((asset) => method(asset, 'income'));
    for (const income of incomes) {
      expect(income.cashFlows).toHaveLength(20);
      expect(income.cashFlows!.at(-1)).toMatchObject({ year: 20, t: '19.80' });
    }
    expect(longPages.length).toBeGreaterThan(smallPages.length);

    const text = squeeze(longPages.join(''));
    for (const income of incomes) {
      const last = income.cashFlows!.at(-1)!;
      expect(text).toContain(squeeze(`20 19.80 ${formatAmount(last.revenue)}`));
      expect(text).toContain(formatAmount(last.presentValue));
    }

    // At least one table continues on a new page: its caption, marked continued, and its header
    // row are the first things there, so its header is printed more often than there are tables.
    const continued = longPages.filter((page) => page.includes('（续 continued）'));
    expect(continued.length).toBeGreaterThan(0);
    for (const page of continued) {
      const squeezed = squeeze(page);
      expect(squeezed.startsWith('收益法逐年现金流')).toBe(true);
      expect(squeezed).toContain(`（续continued）${squeeze(CASH_FLOW_HEADERS.join(''))}`);
    }
    const headers = longPages.map(
      (page) => squeeze(page).split('折现系数Discountfactor').length - 1,
    );
    expect(headers.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(incomes.length);

    // Only the footer lies in the bottom margin: no row was drawn over the page's end.
    longBottomMargin.forEach((footer, index) => {
      expect(footer.replace(/\s+/g, ' ').trim()).toBe(footerOf(index + 1, longPages.length));
    });
  });

  it('warns on page 1 when the valuation is not approved', async () => {
    const draft = {
      ...small,
      status: 'computed' as const,
      approvedBy: null,
      approvedAt: null,
      validUntil: null,
    };
    const { pages } = await parsePdf(await renderValuationReport(draft));
    expect(pages[0]).toContain('不得作为质押价值');
    expect(pages[0]).toContain('not valid as pledge value');
    expect(pages.join('')).toContain('未审核 Not approved');
  });
});
