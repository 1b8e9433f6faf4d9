import type { Purpose, ValuationResult } from '../valuations/domain/types';

/** Everything the PDF report shows: the computed result plus who, what, when. */
export interface ValuationReportData {
  id: string;
  status: 'computed' | 'approved' | 'rejected' | 'superseded' | 'expired';
  purpose: Purpose;
  referenceDate: string;
  center: { code: string; name: string };
  enterprise: { name: string; creditCode: string };
  preparedBy: string;
  preparedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  validUntil: string | null;
  /** The policy figures the methods used (royalty rate, tax, discount rate, weights). */
  parameters: Record<string, string>;
  result: ValuationResult;
}
