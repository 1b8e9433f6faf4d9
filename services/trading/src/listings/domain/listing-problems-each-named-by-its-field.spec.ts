import { MAX_LISTING_ASSETS, patentCheckCharacter } from '@tf/contracts/vocabulary';
import { listingProblems, type ListingAssetInput, type ListingInput } from './listing-inputs';
import { DEFAULT_TRADING_POLICY } from './policy';

/** A fixed clock: the seller sends the listing on 2026-03-02 at 09:00 UTC. */
const NOW = new Date('2026-03-02T09:00:00.000Z');
const MINIMUM_INCREMENT = DEFAULT_TRADING_POLICY.minimumIncrement;

/** A CN number that verifies: the digits, "." and their CNIPA check character. */
const patentNumber = (prefix: 'CN' | 'ZL', digits: string): string =>
  `${prefix}${digits}.${patentCheckCharacter(digits)}`;
/** The same digits with a check character that does not verify. */
const mistypedNumber = (digits: string): string =>
  `ZL${digits}.${patentCheckCharacter(digits) === '0' ? '1' : '0'}`;

/** 2021, type digit 1 (an invention), serial 0123456. */
const INVENTION = '202110123456';

const patent = (asset: Partial<ListingAssetInput> = {}): ListingAssetInput => ({
  kind: 'patent',
  number: patentNumber('ZL', INVENTION),
  title: 'Sulfide solid electrolyte',
  patentType: 'invention',
  ipcClass: 'H01M',
  expiresOn: '2041-06-01',
  ...asset,
});

const fixedPrice = (listing: Partial<ListingInput> = {}): ListingInput => ({
  title: 'Solid-state battery patent family',
  dealType: 'transfer',
  assets: [patent()],
  pricing: { mode: 'fixed', askingPrice: '650000.00' },
  ...listing,
});

const auction = (pricing: Partial<NonNullable<ListingInput['pricing']>> = {}): ListingInput =>
  fixedPrice({
    pricing: {
      mode: 'auction',
      reservePrice: '500000.00',
      increment: '5000.00',
      endsAt: '2026-03-09T09:00:00Z',
      ...pricing,
    },
  });

const problemsOf = (input: ListingInput) => listingProblems(input, NOW, MINIMUM_INCREMENT);
const fieldsOf = (input: ListingInput) => problemsOf(input).map((p) => p.field);

describe('a listing as a seller sends it: each problem named by its field', () => {
  it('has no problem when fixed-price, negotiable or an auction is well formed', () => {
    expect(problemsOf(fixedPrice())).toEqual([]);
    expect(problemsOf(fixedPrice({ pricing: { mode: 'negotiable' } }))).toEqual([]);
    expect(problemsOf(auction())).toEqual([]);
  });

  it('refuses a title with a NUL byte, or an empty one', () => {
    expect(fieldsOf(fixedPrice({ title: 'Solid-state\u0000 battery' }))).toEqual(['title']);
    expect(fieldsOf(fixedPrice({ title: '   ' }))).toEqual(['title']);
  });

  it('refuses a deal type outside the vocabulary', () => {
    expect(problemsOf(fixedPrice({ dealType: 'lease' }))).toEqual([
      { field: 'dealType', message: expect.stringContaining('exclusive_license') },
    ]);
  });

  it('needs at least one asset, and at most 20', () => {
    expect(problemsOf(fixedPrice({ assets: [] }))).toEqual([
      { field: 'assets', message: 'must name at least one asset' },
    ]);
    // 21 distinct inventions: 2021, type digit 1, serials 0000000 … 0000020.
    const many = Array.from({ length: MAX_LISTING_ASSETS + 1 }, (_, i) =>
      patent({ number: patentNumber('CN', `20211${String(i).padStart(7, '0')}`) }),
    );
    expect(problemsOf(fixedPrice({ assets: many }))).toEqual([
      { field: 'assets', message: 'must name at most 20 assets' },
    ]);
    expect(problemsOf(fixedPrice({ assets: many.slice(0, MAX_LISTING_ASSETS) }))).toEqual([]);
  });

  it("refuses a patent number whose check digit does not verify, naming the asset's number", () => {
    expect(
      problemsOf(fixedPrice({ assets: [patent({ number: mistypedNumber(INVENTION) })] })),
    ).toEqual([
      {
        field: 'assets[0].number',
        message: `has a wrong check digit: ${INVENTION} checks to ${patentCheckCharacter(
          INVENTION,
        )}, not ${mistypedNumber(INVENTION).slice(-1)} (a typo in the number?)`,
      },
    ]);
  });

  it('needs a patent type on a patent, and refuses one on anything else', () => {
    expect(fieldsOf(fixedPrice({ assets: [patent({ patentType: undefined })] }))).toEqual([
      'assets[0].patentType',
    ]);
    expect(
      fieldsOf(
        fixedPrice({
          assets: [
            patent(),
            {
              kind: 'software_copyright',
              number: '2021SR0123456',
              title: 'BMS',
              patentType: 'design',
            },
          ],
        }),
      ),
    ).toEqual(['assets[1].patentType']);
  });

  it('refuses the same patent twice, once as CN and once as ZL', () => {
    const assets = [
      patent({ number: patentNumber('ZL', INVENTION) }),
      patent({ number: patentNumber('CN', INVENTION) }),
    ];
    expect(problemsOf(fixedPrice({ assets }))).toEqual([
      { field: 'assets[1].number', message: 'is listed twice in this listing' },
    ]);
  });

  it('refuses an IPC class that is not a subclass such as H01M', () => {
    for (const ipcClass of ['H1M', 'h01m', 'H01M 10/0562', 'I01M'])
      expect(fieldsOf(fixedPrice({ assets: [patent({ ipcClass })] }))).toEqual([
        'assets[0].ipcClass',
      ]);
  });

  it('refuses an expiry date that does not exist', () => {
    expect(fieldsOf(fixedPrice({ assets: [patent({ expiresOn: '2041-02-30' })] }))).toEqual([
      'assets[0].expiresOn',
    ]);
  });

  it('lists know-how only in a know-how deal', () => {
    expect(fieldsOf(fixedPrice({ dealType: 'know_how' }))).toEqual(['assets[0].kind']);
    expect(
      fieldsOf(
        fixedPrice({
          dealType: 'know_how',
          assets: [{ kind: 'know_how', number: 'KH-7', title: 'Dry-room process' }],
        }),
      ),
    ).toEqual([]);
  });

  it('needs an asking price on a fixed-price listing, and nothing of an auction', () => {
    expect(problemsOf(fixedPrice({ pricing: { mode: 'fixed' } }))).toEqual([
      {
        field: 'pricing.askingPrice',
        message: 'a fixed-price listing needs a positive asking price',
      },
    ]);
    expect(fieldsOf(fixedPrice({ pricing: { mode: 'fixed', askingPrice: '0.00' } }))).toEqual([
      'pricing.askingPrice',
    ]);
    expect(
      fieldsOf(
        fixedPrice({ pricing: { mode: 'fixed', askingPrice: '650000.00', increment: '1000.00' } }),
      ),
    ).toEqual(['pricing.increment']);
  });

  it('needs a pricing mode from the vocabulary', () => {
    expect(fieldsOf(fixedPrice({ pricing: undefined }))).toEqual(['pricing.mode']);
    expect(fieldsOf(fixedPrice({ pricing: { mode: 'dutch' } }))).toEqual(['pricing.mode']);
  });

  it('refuses an asking price on an auction', () => {
    expect(problemsOf(auction({ askingPrice: '650000.00' }))).toEqual([
      {
        field: 'pricing.askingPrice',
        message: 'an auction has a reserve and bids, not an asking price',
      },
    ]);
  });

  it('ends an auction from 1 hour to 180 days ahead', () => {
    // 09:00 + 30 minutes.
    expect(fieldsOf(auction({ endsAt: '2026-03-02T09:30:00Z' }))).toEqual(['pricing.endsAt']);
    // 2026-03-02 + 200 days: +29 to 31 March, +30 April, +31 May, +30 June, +31 July,
    // +31 August (182 to 31 August), +18 = 18 September.
    expect(fieldsOf(auction({ endsAt: '2026-09-18T09:00:00Z' }))).toEqual(['pricing.endsAt']);
    // The edges stand: exactly 60 minutes, and exactly 180 days (31 August − 2 = 29 August).
    expect(fieldsOf(auction({ endsAt: '2026-03-02T10:00:00Z' }))).toEqual([]);
    expect(fieldsOf(auction({ endsAt: '2026-08-29T09:00:00Z' }))).toEqual([]);
    expect(fieldsOf(auction({ endsAt: '2026-08-29T09:01:00Z' }))).toEqual(['pricing.endsAt']);
  });

  it('needs an end time on an auction, written as an instant', () => {
    expect(fieldsOf(auction({ endsAt: undefined }))).toEqual(['pricing.endsAt']);
    expect(fieldsOf(auction({ endsAt: '2026-03-09' }))).toEqual(['pricing.endsAt']);
    expect(fieldsOf(auction({ endsAt: 'next Monday' }))).toEqual(['pricing.endsAt']);
  });

  it("refuses an increment under the center's minimum, naming the minimum", () => {
    // The default minimum is 1,000.00; one cent under it is refused, the minimum itself stands.
    expect(problemsOf(auction({ increment: '999.99' }))).toEqual([
      { field: 'pricing.increment', message: "must be at least the center's minimum, 1000.00" },
    ]);
    expect(problemsOf(auction({ increment: '1000.00' }))).toEqual([]);
    expect(fieldsOf(auction({ increment: '0' }))).toEqual(['pricing.increment']);
    expect(fieldsOf(auction({ reservePrice: '-1.00' }))).toEqual(['pricing.reservePrice']);
  });

  it('lists several problems together, in the order of the fields', () => {
    expect(
      fieldsOf({
        title: 'Battery\u0000',
        dealType: 'lease',
        assets: [],
        pricing: { mode: 'fixed', endsAt: '2026-03-09T09:00:00Z' },
      }),
    ).toEqual(['title', 'dealType', 'assets', 'pricing.endsAt', 'pricing.askingPrice']);
    expect(
      fieldsOf({
        title: 'Solid-state battery patent family',
        dealType: 'transfer',
        assets: [
          patent({ number: mistypedNumber(INVENTION) }),
          patent({ patentType: undefined, ipcClass: 'H1M' }),
        ],
        pricing: {
          mode: 'auction',
          askingPrice: '650000.00',
          increment: '10.00',
          endsAt: '2026-03-02T09:30:00Z',
        },
      }),
    ).toEqual([
      'assets[0].number',
      'assets[1].patentType',
      'assets[1].ipcClass',
      'pricing.askingPrice',
      'pricing.increment',
      'pricing.endsAt',
    ]);
  });
});

describe('an auction’s end time is an instant, on a real day, with its offset', () => {
  const base = {
    title: 'A patent',
    dealType: 'transfer',
    assets: [{ kind: 'know_how', number: 'KH-1', title: 'Know-how' }],
  };
  const endsAt = (value: string) =>
    listingProblems(
      { ...base, pricing: { mode: 'auction', endsAt: value } },
      new Date('2026-02-01T00:00:00Z'),
      '1000.00',
    ).map((p) => p.field);
  it('refuses 30 February (which Date would roll over to 2 March) and a time without an offset', () => {
    expect(endsAt('2026-02-30T10:00:00Z')).toEqual(['pricing.endsAt']);
    expect(endsAt('2026-03-09T09:00:00')).toEqual(['pricing.endsAt']);
    expect(endsAt('2026-03-09T09:00:00+08:00')).toEqual([]);
  });
});
