import { newId } from '@tf/core';
import { validPatentNumber } from '@tf/testing';
import { Client } from 'pg';
import { asCenter } from './dataset';

/**
 * The trading part of the dataset (issue 12): 20,000 published listings across the three centers
 * (12,000 in Jinan), each of one to three patents, titled from a small technical vocabulary so a
 * word matches a few percent of them; written straight into PostgreSQL as the trading service
 * writes them. And, for each run, one hot auction per side for the bidders.
 */
export const LISTINGS = { jinan: 12_000, liaocheng: 4_000, beijing: 4_000 } as const;
export const LISTINGS_FIXTURE_VERSION = 1;

/** Words a search looks for: each is in about 1 title in 12. */
export const SEARCH_WORDS = ['电池', '芯片', '传感器', '催化剂', '算法', '材料'] as const;
const OTHER_WORDS = ['一种', '高效', '低功耗', '装置', '方法', '系统', '制备', '检测'];
const IPC = ['H01M', 'H01L', 'G01N', 'B01J', 'G06F', 'C08K'];
const TYPES = ['invention', 'utility_model', 'design'] as const;

interface ListingsFixture {
  version: number;
}

export async function ensureListings(
  ownerUrl: string,
  sellerEnterpriseIds: Record<string, string>,
  log: (line: string) => void,
): Promise<void> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const { rows } = await owner.query<{ value: ListingsFixture }>(
      `SELECT value FROM bench.fixture WHERE name = 'listings'`,
    );
    if (rows[0]?.value.version === LISTINGS_FIXTURE_VERSION) return;
    for (const [center, count] of Object.entries(LISTINGS)) {
      const seller = sellerEnterpriseIds[center];
      if (!seller) throw new Error(`no enterprise in ${center} to sell the bench listings`);
      await asCenter(owner, center, () => writeListings(owner, center, seller, count));
    }
    await owner.query(
      `INSERT INTO bench.fixture (name, value) VALUES ('listings', $1)
       ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
      [JSON.stringify({ version: LISTINGS_FIXTURE_VERSION })],
    );
    await owner.query('ANALYZE trading.listings, trading.listing_assets');
    log(`dataset: ${Object.values(LISTINGS).reduce((a, b) => a + b, 0)} listings`);
  } finally {
    await owner.end();
  }
}

async function writeListings(
  owner: Client,
  center: string,
  seller: string,
  count: number,
): Promise<void> {
  const batch = 1_000;
  for (let start = 0; start < count; start += batch) {
    const listings: unknown[][] = [];
    const assets: unknown[][] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const id = newId();
      const word = (k: number) => OTHER_WORDS[(i * 7 + k) % OTHER_WORDS.length];
      // One listing in two names a searched word; six words: one in twelve per word.
      const title = `${word(0)}${i % 2 === 0 ? SEARCH_WORDS[(i / 2) % SEARCH_WORDS.length] : word(1)}${word(2)}`;
      const auction = i % 3 === 0;
      listings.push([
        id,
        center,
        title,
        seller,
        i % 4 === 0 ? 'exclusive_license' : 'transfer',
        auction ? 'auction' : i % 3 === 1 ? 'fixed' : 'negotiable',
        auction ? null : `${100_000 + (i % 50) * 10_000}.00`,
        auction ? `${200_000 + (i % 40) * 10_000}.00` : null,
        auction ? '1000.00' : null,
        auction ? new Date(Date.now() + 90 * 86_400_000) : null,
      ]);
      for (let k = 0; k < 1 + (i % 3); k++) {
        const patentType = TYPES[(i + k) % TYPES.length]!;
        const number = validPatentNumber(patentType, {
          year: 2015 + (i % 9),
          serial: (i * 3 + k) % 9_999_999,
        });
        assets.push([
          newId(),
          center,
          id,
          k,
          number,
          number.slice(2),
          `${title} ${k + 1}`,
          patentType,
          IPC[(i + k) % IPC.length],
        ]);
      }
    }
    await owner.query(
      `INSERT INTO trading.listings (id, tenant_id, title, seller_enterprise_id, deal_type, mode,
         asking_price, reserve_price, increment, ends_at, status, listed_by, broker, listed_at)
       SELECT (r->>0)::uuid, r->>1, r->>2, (r->>3)::uuid, r->>4, r->>5, (r->>6)::numeric,
         (r->>7)::numeric, (r->>8)::numeric, (r->>9)::timestamptz, 'listed', 'user:bench', 'center', now()
       FROM jsonb_array_elements($1::jsonb) AS r`,
      [JSON.stringify(listings)],
    );
    await owner.query(
      `INSERT INTO trading.listing_assets (id, tenant_id, listing_id, position, kind, number, identity,
         title, patent_type, ipc_class, open)
       SELECT (r->>0)::uuid, r->>1, (r->>2)::uuid, (r->>3)::int, 'patent', r->>4, r->>5, r->>6, r->>7, r->>8, false
       FROM jsonb_array_elements($1::jsonb) AS r`,
      [JSON.stringify(assets)],
    );
  }
}

/** An auction per side for this run's bids: no reserve, ¥1 steps, ending long after the run. */
export interface HotAuctions {
  project: string;
  baseline: string;
}

export async function prepareHotAuctions(
  ownerUrl: string,
  seller: string,
  runTag: string,
): Promise<HotAuctions> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const auctions = { project: newId(), baseline: newId() };
    await asCenter(owner, 'jinan', async () => {
      for (const [side, id] of Object.entries(auctions))
        await owner.query(
          `INSERT INTO trading.listings (id, tenant_id, title, seller_enterprise_id, deal_type, mode,
             increment, ends_at, status, listed_by, broker, listed_at)
           VALUES ($1, 'jinan', $2, $3, 'transfer', 'auction', 1.00, now() + interval '30 days',
             'listed', 'user:bench', 'center', now())`,
          [id, `${runTag} hot auction (${side})`, seller],
        );
    });
    return auctions;
  } finally {
    await owner.end();
  }
}

/**
 * After the bids: on each hot auction, no amount twice, each standing bid above the one before
 * it (in the order the listing's lock let them in), and the listing's best bid and count agree.
 */
export async function bidChecks(
  ownerUrl: string,
  auctions: HotAuctions,
): Promise<{ name: string; measured: string; target: string; pass: boolean }[]> {
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    return await asCenter(owner, 'jinan', async () => {
      const checks = [];
      for (const [side, id] of Object.entries(auctions)) {
        const { rows } = await owner.query<{
          bids: number;
          amounts: number;
          falls: number;
          consistent: boolean;
        }>(
          `SELECT count(*)::int AS bids, count(DISTINCT b.amount)::int AS amounts,
             count(*) FILTER (WHERE b.prev IS NOT NULL AND b.amount <= b.prev)::int AS falls,
             bool_and(l.bid_count = (SELECT count(*) FROM trading.bids WHERE listing_id = $1)
               AND l.best_bid = (SELECT max(amount) FROM trading.bids WHERE listing_id = $1)) AS consistent
           FROM (SELECT amount, lag(amount) OVER (ORDER BY placed_at, id) AS prev
                 FROM trading.bids WHERE listing_id = $1) b, trading.listings l
           WHERE l.id = $1`,
          [id],
        );
        const r = rows[0] ?? { bids: 0, amounts: 0, falls: 0, consistent: false };
        checks.push({
          name: `bids on one auction (${side}): no amount twice, each above the last`,
          measured: `${r.bids} bids, ${r.amounts} amounts, ${r.falls} not above the last, listing ${r.consistent ? 'agrees' : 'disagrees'}`,
          target: 'amounts = bids, none falling, best bid = max',
          pass: r.bids > 0 && r.amounts === r.bids && r.falls === 0 && r.consistent === true,
        });
      }
      return checks;
    });
  } finally {
    await owner.end();
  }
}
