import { formatMoney } from '@tf/core';
import { costApproach } from './cost-approach';
import type { PatentAsset, SoftwareCopyrightAsset } from './types';

/*
 * A utility model filed 2020-07-01 (term 10 years, to 2030-07-01), valued on 2025-07-01: 5 of its
 * 10 years remain, no economic life given, so the remaining life is the legal 5.
 *
 *   replacement cost = 800,000 + 15,000.50 + 4,999.50 = 820,000
 *   value            = 820,000 × 5 / 10 = 410,000
 */
const utilityModel: PatentAsset = {
  kind: 'patent',
  number: 'ZL202020123456.8',
  title: 'Quick-release clamp',
  patentType: 'utility_model',
  filedOn: '2020-07-01',
  grantedOn: '2021-01-05',
  legalStatus: 'granted',
  replacementCost: { rdSpend: '800000', filingFees: '15000.50', maintenanceFees: '4999.50' },
};

describe('cost approach: a utility model at half its life', () => {
  it('is worth half its replacement cost: 410000.00', () => {
    const result = costApproach(utilityModel, '2025-07-01');
    expect(result.status).toBe('applied');
    if (result.status !== 'applied') return;
    expect(result.replacementCost.toString()).toBe('820000');
    expect(result.remainingLife.toString()).toBe('5');
    expect(result.totalLife.toString()).toBe('10');
    expect(formatMoney(result.value)).toBe('410000.00');
  });

  it('uses the economic life when shorter: an invention with 4 of 20 years → 500,000 × 4/20 = 100000.00', () => {
    const invention: PatentAsset = {
      ...utilityModel,
      number: 'ZL201510123456.1',
      patentType: 'invention',
      filedOn: '2015-01-01',
      economicLifeYears: '4',
      replacementCost: { rdSpend: '480000', filingFees: '8000', maintenanceFees: '12000' },
    };
    const result = costApproach(invention, '2025-01-01');
    expect(result.status === 'applied' && formatMoney(result.value)).toBe('100000.00');
  });

  it('a software copyright: total life = age 4 + remaining 6 → 100,000 × 6/10 = 60000.00', () => {
    const copyright: SoftwareCopyrightAsset = {
      kind: 'software_copyright',
      number: '2021SR0123456',
      title: 'Scheduling software V2.0',
      createdOn: '2021-01-01',
      economicLifeYears: '6',
      replacementCost: { rdSpend: '90000', filingFees: '300', maintenanceFees: '9700' },
    };
    const result = costApproach(copyright, '2025-01-01');
    expect(result.status === 'applied' && result.totalLife.toString()).toBe('10');
    expect(result.status === 'applied' && formatMoney(result.value)).toBe('60000.00');
  });

  it('never exceeds the replacement cost and falls as the reference date moves on', () => {
    let previous = '820000.00';
    for (const date of ['2020-07-01', '2023-01-01', '2025-07-01', '2029-12-31', '2030-07-01']) {
      const result = costApproach(utilityModel, date);
      if (result.status !== 'applied') throw new Error('expected applied');
      expect(result.value.lessThanOrEqualTo(previous)).toBe(true);
      previous = result.value.toString();
    }
    expect(previous).toBe('0');
  });

  it('is skipped, with its reason, without a replacement cost', () => {
    const { replacementCost: _, ...withoutCost } = utilityModel;
    expect(costApproach(withoutCost, '2025-07-01')).toEqual({
      status: 'skipped',
      reason: 'no replacement cost given',
    });
  });
});
