import { parsePdf } from '@tf/testing';
import { valuationReportFixture } from './valuation-report.fixture';
import { formatMoney } from './report-format';
import { renderValuationReport } from './valuation-report';

describe('renderValuationReport', () => {
  const small = valuationReportFixture(3);
  const large = valuationReportFixture(200);
  let smallPdf: Buffer;
  let smallPages: string[];
  let smallInfo: Record<string, unknown>;
  let largePages: string[];
  let largeBottomMargin: string[];

  // Rendering embeds subsets of a 10 MB font and parsing them back is the slow part: once each.
  beforeAll(async () => {
    smallPdf = await renderValuationReport(small);
    ({ pages: smallPages, info: smallInfo } = await parsePdf(smallPdf));
    ({ pages: largePages, bottomMargin: largeBottomMargin } = await parsePdf(
      await renderValuationReport(large),
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
      expect(footer.replace(/\s+/g, ' ').trim()).toBe(
        `济南科技金融服务中心 · VAL-2025-0042 第 ${n} 页 / 共 ${total} 页 · Page ${n} of ${total}`,
      );
    });
    const text = largePages.join('\n');
    expect(text).toContain(large.result.assets[199]!.number);
    expect(text).toContain(formatMoney(large.result.conclusion.value));
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
