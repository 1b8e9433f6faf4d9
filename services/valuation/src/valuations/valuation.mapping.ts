import { toJson } from '@bufbuild/protobuf';
import { valuation } from '@tf/contracts';
import { messageOf } from '@tf/platform';
import type { Asset, IncomeInput } from './domain/types';
import type { ValuationAssetEntity, ValuationEntity } from './valuation.entity';

/**
 * Wire → domain: the messages have the domain's shapes (absent fields are absent, not empty), so
 * their protobuf JSON form is the domain input. The domain validation checks what each kind of
 * asset needs.
 */
export function assetFromMessage(asset: valuation.Asset): Asset {
  return toJson(valuation.AssetSchema, asset) as unknown as Asset;
}

export function incomeFromMessage(
  income: valuation.IncomeInput | undefined,
): IncomeInput | undefined {
  if (!income || income.annualRevenue.length === 0) return undefined;
  return toJson(valuation.IncomeInputSchema, income) as unknown as IncomeInput;
}

/** A stored valuation and its assets → the message; the asset as it was asked is kept as sent. */
export function valuationMessage(
  stored: ValuationEntity,
  assets: ValuationAssetEntity[],
): valuation.Valuation {
  return messageOf(
    valuation.ValuationSchema,
    Object.assign({}, stored, {
      tenant: stored.tenantId,
      conclusion: {
        value: stored.value,
        low: stored.low,
        high: stored.high,
        currency: stored.currency,
      },
      assets: [...assets]
        .sort((a, b) => a.position - b.position)
        .map((a) => Object.assign({}, a, { asset: a.input })),
    }),
  );
}
