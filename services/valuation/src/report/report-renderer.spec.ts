import { ValuationConfig } from '../config';
import { ReportRenderer } from './report-renderer';
import { valuationReportFixture } from './valuation-report.fixture';
import { renderValuationReport } from './valuation-report';

function renderer(workers: number): ReportRenderer {
  const config = new ValuationConfig();
  config.REPORT_WORKERS = workers;
  return new ReportRenderer(config);
}

describe('ReportRenderer', () => {
  const data = valuationReportFixture(5);

  it('renders on worker threads the same bytes as on the service thread', async () => {
    const pool = renderer(2);
    try {
      const [first, second] = await Promise.all([pool.render(data), pool.render(data)]);
      const inline = await renderValuationReport(data);
      expect(first.subarray(0, 5).toString()).toBe('%PDF-');
      expect(first.equals(inline)).toBe(true);
      expect(second.equals(inline)).toBe(true);
    } finally {
      await pool.onApplicationShutdown();
    }
  }, 60_000);

  it('renders on the service thread with REPORT_WORKERS=0', async () => {
    const inline = renderer(0);
    expect((await inline.render(data)).equals(await renderValuationReport(data))).toBe(true);
    await inline.onApplicationShutdown();
  }, 60_000);
});
