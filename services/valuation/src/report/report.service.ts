import { Injectable } from '@nestjs/common';
import { TenancyClient, type HandlerContext } from '@tf/platform';
import { ValuationsService } from '../valuations/valuations.service';
import type { ValuationResult } from '../valuations/domain/types';
import type { ValuationReportData } from './report-data';
import { ReportRenderer } from './report-renderer';

/** The PDF a bank files with the loan: the stored valuation, its enterprise and its center. */
@Injectable()
export class ReportService {
  constructor(
    private readonly valuations: ValuationsService,
    private readonly tenancy: TenancyClient,
    private readonly renderer: ReportRenderer,
  ) {}

  async render(ctx: HandlerContext, id: string): Promise<{ pdf: Buffer; filename: string }> {
    // The stored rows, not the wire message: each asset's methods are the domain's MethodResult as
    // computed (jsonb), cash-flow and comparable rows included.
    const { valuation: v, assets } = await ctx.read((tx) => this.valuations.find(tx, id));
    const [enterprise, center, preparedBy, approvedBy] = await Promise.all([
      this.tenancy.enterprise(ctx, v.enterpriseId),
      this.tenancy.center(ctx),
      this.tenancy.displayName(ctx, v.preparedBy),
      v.approvedBy ? this.tenancy.displayName(ctx, v.approvedBy) : Promise.resolve(null),
    ]);
    const result: ValuationResult = {
      conclusion: { value: v.value, low: v.low, high: v.high, currency: 'CNY' },
      methods: v.methods,
      score: v.score,
      assumptions: v.assumptions,
      parameters: v.parameters,
      assets: assets.map((a) => ({
        number: a.number,
        kind: a.kind as ValuationResult['assets'][number]['kind'],
        title: a.title,
        remainingLegalYears: a.remainingLegalYears,
        economicLifeYears: a.economicLifeYears,
        methods: a.methods,
        value: a.value,
        score: a.score,
      })),
    };
    const data: ValuationReportData = {
      id: v.id,
      status: v.status,
      purpose: v.purpose,
      referenceDate: v.referenceDate,
      center: { code: center.code, name: center.name },
      enterprise: { name: enterprise.name, creditCode: enterprise.creditCode },
      preparedBy,
      preparedAt: v.preparedAt.toISOString(),
      approvedBy,
      approvedAt: v.approvedAt?.toISOString() ?? null,
      validUntil: v.validUntil,
      parameters: v.parameters,
      result,
    };
    return { pdf: await this.renderer.render(data), filename: `valuation-${v.id}.pdf` };
  }
}
