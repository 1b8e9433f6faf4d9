import { auctionOutcome } from './auction';

describe('a closed auction sells to its best bid at or above the reserve', () => {
  it('sells at the reserve exactly, or above it', () => {
    expect(auctionOutcome({ reservePrice: '500000.00', bestBid: '500000.00' })).toBe('sold');
    expect(auctionOutcome({ reservePrice: '500000.00', bestBid: '501000.00' })).toBe('sold');
  });

  it('does not sell a cent under the reserve', () => {
    expect(auctionOutcome({ reservePrice: '500000.00', bestBid: '499999.99' })).toBe('unsold');
  });

  it('does not sell with no bid, reserve or none', () => {
    expect(auctionOutcome({ reservePrice: '500000.00', bestBid: null })).toBe('unsold');
    expect(auctionOutcome({ reservePrice: null, bestBid: null })).toBe('unsold');
  });

  it('sells to any bid when there is no reserve', () => {
    expect(auctionOutcome({ reservePrice: null, bestBid: '0.01' })).toBe('sold');
  });
});
