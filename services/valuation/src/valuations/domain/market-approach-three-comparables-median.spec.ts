import { formatMoney, Money } from '@tf/core';
import { ipcSubclass, marketApproach, median, NO_COMPARABLES_REASON } from './market-approach';
import type { Comparable, KnowHowAsset, PatentAsset } from './types';

/*
 * Subject: an invention in H01L filed 2015-04-01, valued on 2025-04-01: 10 years of legal life.
 * Deals (adjusted price = price × 10 / deal's remaining life):
 *   D1 invention H01L 21/02   2,000,000 × 10 / 8  = 2,500,000
 *   D2 invention H01L33/00    1,500,000 × 10 / 12 = 1,250,000
 *   D3 invention " h01l 51/50" 1,800,000 × 10 / 10 = 1,800,000
 *   left out: a utility model in H01L, an invention in G06F, a deal closed after the reference
 *   date, a deal with no remaining life.
 * Median of 1,250,000 / 1,800,000 / 2,500,000 = 1,800,000.
 * Adding D8 (800,000 × 10 / 5 = 1,600,000) makes four: (1,600,000 + 1,800,000) / 2 = 1,700,000.
 */
const subject: PatentAsset = {
  kind: 'patent',
  number: 'ZL201510123456.1',
  title: 'Wafer bonding method',
  patentType: 'invention',
  filedOn: '2015-04-01',
  grantedOn: '2018-02-01',
  legalStatus: 'granted',
  ipcClass: 'h01l 23/00',
};

const deal = (dealId: string, overrides: Partial<Comparable>): Comparable => ({
  dealId,
  patentType: 'invention',
  ipcClass: 'H01L 21/02',
  price: '1000000',
  remainingLifeYears: '10',
  closedOn: '2024-11-20',
  ...overrides,
});

const matching = [
  deal('D1', { price: '2000000', remainingLifeYears: '8' }),
  deal('D2', { ipcClass: 'H01L33/00', price: '1500000', remainingLifeYears: '12' }),
  deal('D3', { ipcClass: ' h01l 51/50', price: '1800000', remainingLifeYears: '10' }),
];
const others = [
  deal('D4', { patentType: 'utility_model', price: '90000' }),
  deal('D5', { ipcClass: 'G06F 16/00', price: '5000000' }),
  deal('D6', { price: '9000000', closedOn: '2025-04-02' }),
  deal('D7', { price: '100', remainingLifeYears: '0' }),
];

describe('market approach: three comparables, the median of the adjusted prices', () => {
  it('matches the subclass ignoring spaces and case', () => {
    expect(ipcSubclass('h01l 23/00')).toBe('H01L');
    expect(ipcSubclass(' H 01L51/50')).toBe('H01L');
  });

  it('values the subject at the middle adjusted price, 1800000.00', () => {
    const result = marketApproach(subject, '2025-04-01', [...others, ...matching]);
    if (result.status !== 'applied') throw new Error(result.reason);
    expect(result.subclass).toBe('H01L');
    expect(result.subjectRemainingYears.toString()).toBe('10');
    expect(result.comparables.map((c) => [c.dealId, formatMoney(c.adjustedPrice)])).toEqual([
      ['D1', '2500000.00'],
      ['D2', '1250000.00'],
      ['D3', '1800000.00'],
    ]);
    expect(formatMoney(result.value)).toBe('1800000.00');
  });

  it('takes the mean of the two middle prices for an even count: 1700000.00', () => {
    const four = [...matching, deal('D8', { price: '800000', remainingLifeYears: '5' })];
    const result = marketApproach(subject, '2025-04-01', four);
    expect(result.status === 'applied' && formatMoney(result.value)).toBe('1700000.00');
  });

  it('the median does not depend on the order of the deals', () => {
    const values = ['2500000', '1250000', '1800000', '1600000', '990000'].map((v) => new Money(v));
    for (let shift = 0; shift < values.length; shift += 1) {
      const rotated = [...values.slice(shift), ...values.slice(0, shift)];
      expect(median(rotated).toString()).toBe('1600000');
      expect(median([...rotated].reverse()).toString()).toBe('1600000');
    }
  });

  it('is skipped with fewer than 3 matching deals', () => {
    expect(marketApproach(subject, '2025-04-01', [...others, ...matching.slice(0, 2)])).toEqual({
      status: 'skipped',
      reason:
        '2 comparable deals for invention patents in IPC subclass H01L by the reference date; at least 3 are needed',
    });
  });

  it('is skipped without an IPC class, for know-how, and when there are no deals at all', () => {
    const { ipcClass: _, ...noIpc } = subject;
    expect(marketApproach(noIpc, '2025-04-01', matching)).toEqual({
      status: 'skipped',
      reason: 'no IPC class given to match comparable deals on',
    });
    const knowHow: KnowHowAsset = {
      kind: 'know_how',
      number: 'KH-007',
      title: 'Annealing recipe',
      createdOn: '2019-01-01',
      economicLifeYears: '3',
    };
    expect(marketApproach(knowHow, '2025-04-01', matching)).toEqual({
      status: 'skipped',
      reason: 'comparable deals are patent deals, and this is know-how',
    });
    expect(marketApproach(subject, '2025-04-01', [])).toEqual({
      status: 'skipped',
      reason: NO_COMPARABLES_REASON,
    });
    expect(NO_COMPARABLES_REASON).toBe('no comparable deals yet (fed by the trading service)');
  });
});
