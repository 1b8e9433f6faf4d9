import { IntField, MoneyField, RateField } from '../http/fields';

/** The trading section of a center's policy (the trading service checks it). */
export class TradingPolicyDto {
  @RateField({
    description: "The center broker's fee, as a share of a deal's price (≤ 0.2)",
    example: '0.03',
  })
  commissionRate!: string;
  @MoneyField({
    description:
      'The least step an auction may rise by, and the step of an auction that names none',
    example: '1000.00',
    positive: true,
  })
  minimumIncrement!: string;
  @IntField({
    minimum: 0,
    maximum: 60,
    example: 5,
    description:
      "A bid this many minutes or fewer before an auction's end moves the end back (0: never)",
  })
  antiSnipingWindowMinutes!: number;
  @IntField({
    minimum: 0,
    maximum: 60,
    example: 5,
    description: 'How far after such a late bid the auction then ends, in minutes',
  })
  antiSnipingExtensionMinutes!: number;
  @RateField({
    description:
      "A disposal auction of a defaulted loan's pledged patents reserves their pledge value less this share of it (≤ 0.9)",
    example: '0.30',
  })
  disposalHaircut!: string;
  @IntField({
    minimum: 1,
    maximum: 365,
    example: 30,
    description: 'How many days a disposal auction runs',
  })
  disposalAuctionDays!: number;
}
