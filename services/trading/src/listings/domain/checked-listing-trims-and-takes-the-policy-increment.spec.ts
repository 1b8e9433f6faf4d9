import { patentCheckCharacter } from '@tf/contracts/vocabulary';
import { checkedListing, listingProblems, type ListingInput } from './listing-inputs';
import { DEFAULT_TRADING_POLICY } from './policy';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const MINIMUM_INCREMENT = DEFAULT_TRADING_POLICY.minimumIncrement;
const DIGITS = '202110123456';
const NUMBER = `ZL${DIGITS}.${patentCheckCharacter(DIGITS)}`;

const auction: ListingInput = {
  title: '  Solid-state battery patent family  ',
  dealType: 'exclusive_license',
  assets: [
    {
      kind: 'patent',
      number: NUMBER,
      title: ' Sulfide solid electrolyte ',
      patentType: 'invention',
      ipcClass: 'H01M',
    },
    { kind: 'software_copyright', number: '2021sr0123456', title: 'Battery management' },
  ],
  pricing: { mode: 'auction', reservePrice: '500000.00', endsAt: '2026-03-09T09:00:00Z' },
};

describe('a listing as stored once it has no problem', () => {
  it('has no problem to begin with', () => {
    expect(listingProblems(auction, NOW, MINIMUM_INCREMENT)).toEqual([]);
  });

  it("gives an auction that names no increment the center's minimum, 1,000.00", () => {
    const checked = checkedListing(auction, MINIMUM_INCREMENT);
    expect(checked.mode).toBe('auction');
    expect(checked.increment).toBe('1000.00');
    expect(checked.reservePrice).toBe('500000.00');
    expect(checked.askingPrice).toBeNull();
    expect(checked.endsAt?.toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });

  it("keeps an auction's own increment", () => {
    const own = { ...auction, pricing: { ...auction.pricing!, increment: '5000.00' } };
    expect(checkedListing(own, MINIMUM_INCREMENT).increment).toBe('5000.00');
  });

  it('trims the titles and keys each asset by its identity', () => {
    const checked = checkedListing(auction, MINIMUM_INCREMENT);
    expect(checked.title).toBe('Solid-state battery patent family');
    expect(checked.assets.map((a) => [a.title, a.number, a.identity])).toEqual([
      ['Sulfide solid electrolyte', NUMBER, `${DIGITS}.${patentCheckCharacter(DIGITS)}`],
      ['Battery management', '2021sr0123456', '2021SR0123456'],
    ]);
  });

  it('stores a fixed-price listing with its asking price and nothing of an auction', () => {
    const fixed: ListingInput = {
      ...auction,
      pricing: { mode: 'fixed', askingPrice: '650000.00' },
    };
    expect(listingProblems(fixed, NOW, MINIMUM_INCREMENT)).toEqual([]);
    const checked = checkedListing(fixed, MINIMUM_INCREMENT);
    expect([checked.askingPrice, checked.reservePrice, checked.increment, checked.endsAt]).toEqual([
      '650000.00',
      null,
      null,
      null,
    ]);
  });
});
