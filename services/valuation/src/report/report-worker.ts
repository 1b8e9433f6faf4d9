import type { ValuationReportData } from './report-data';
import { renderValuationReport } from './valuation-report';

/**
 * A worker thread of the report pool (report-renderer.ts): renders one report. Its own bundle
 * entry (dist/services/valuation/report-worker.js), so a worker loads pdfkit and the fonts, not
 * the service.
 */
export default function renderInWorker(data: ValuationReportData): Promise<Buffer> {
  return renderValuationReport(data);
}
