import { createTenantTable } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const MONEY = 'numeric(20, 2)';
const CENTER = `current_setting('app.tenant_id', true)`;

export class TradingSchema1796275607323 implements MigrationInterface {
  name = 'TradingSchema1796275607323';

  async up(q: QueryRunner): Promise<void> {
    // A listing is its center's: only its center writes it. A center it is shared with may read it
    // (a second, read-only policy), so a not-shared listing stays invisible to other centers in
    // PostgreSQL itself, whatever the service asks.
    await createTenantTable(
      q,
      'trading.listings',
      `title text NOT NULL,
      seller_enterprise_id uuid NOT NULL,
      deal_type text NOT NULL CHECK (deal_type IN ('transfer', 'exclusive_license', 'sole_license', 'non_exclusive_license', 'know_how')),
      mode text NOT NULL CHECK (mode IN ('fixed', 'negotiable', 'auction')),
      asking_price ${MONEY} CHECK (asking_price > 0),
      reserve_price ${MONEY} CHECK (reserve_price > 0),
      increment ${MONEY} CHECK (increment > 0),
      ends_at timestamptz,
      valuation_id uuid,
      reference_price ${MONEY},
      status text NOT NULL CHECK (status IN ('pending_review', 'listed', 'rejected', 'withdrawn', 'sold', 'unsold')),
      best_bid ${MONEY} CHECK (best_bid > 0),
      bid_count integer NOT NULL DEFAULT 0,
      shared_with text[] NOT NULL DEFAULT '{}',
      disposal_loan_id uuid,
      disposal_guarantee_id uuid,
      deal_id uuid,
      listed_by text NOT NULL,
      listed_by_partner uuid,
      broker text NOT NULL,
      reviewed_by text,
      review_note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      listed_at timestamptz,
      closed_at timestamptz,
      CHECK (mode <> 'auction' OR (ends_at IS NOT NULL AND increment IS NOT NULL))`,
    );
    await q.query(
      `CREATE POLICY shared_with_center ON trading.listings FOR SELECT USING (${CENTER} = ANY (shared_with))`,
    );
    await q.query(`CREATE INDEX listings_status ON trading.listings (tenant_id, status, id)`);
    await q.query(`CREATE INDEX listings_shared ON trading.listings USING gin (shared_with)`);
    await q.query(
      `CREATE INDEX listings_auctions_due ON trading.listings (tenant_id, ends_at) WHERE status = 'listed' AND mode = 'auction'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX listings_one_disposal_per_loan ON trading.listings (tenant_id, disposal_loan_id) WHERE disposal_loan_id IS NOT NULL AND status IN ('pending_review', 'listed')`,
    );

    // An asset is in one open listing at a time (`open` falls when the listing ends).
    await createTenantTable(
      q,
      'trading.listing_assets',
      `listing_id uuid NOT NULL REFERENCES trading.listings (id),
      position integer NOT NULL,
      kind text NOT NULL,
      number text NOT NULL,
      identity text NOT NULL,
      title text NOT NULL,
      patent_type text,
      ipc_class text,
      expires_on date,
      open boolean NOT NULL DEFAULT true`,
    );
    await q.query(
      `CREATE UNIQUE INDEX listing_assets_one_open_listing ON trading.listing_assets (tenant_id, identity) WHERE open`,
    );
    await q.query(
      `CREATE POLICY shared_with_center ON trading.listing_assets FOR SELECT
         USING (EXISTS (SELECT 1 FROM trading.listings l WHERE l.id = listing_id AND ${CENTER} = ANY (l.shared_with)))`,
    );
    await q.query(`CREATE INDEX listing_assets_listing ON trading.listing_assets (listing_id)`);
    await q.query(
      `CREATE INDEX listing_assets_number ON trading.listing_assets (tenant_id, identity)`,
    );

    // Bids belong to the listing's center, whichever center the bidder is of. Two bids of one
    // amount cannot both stand: the unique index says so even if the row lock were forgotten.
    await createTenantTable(
      q,
      'trading.bids',
      `listing_id uuid NOT NULL REFERENCES trading.listings (id),
      amount ${MONEY} NOT NULL CHECK (amount > 0),
      bidder text NOT NULL,
      bidder_center text NOT NULL,
      bidder_partner uuid,
      placed_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL`,
    );
    await q.query(`CREATE UNIQUE INDEX bids_one_per_amount ON trading.bids (listing_id, amount)`);

    await createTenantTable(
      q,
      'trading.offers',
      `listing_id uuid NOT NULL REFERENCES trading.listings (id),
      amount ${MONEY} NOT NULL CHECK (amount > 0),
      buyer text NOT NULL,
      buyer_center text NOT NULL,
      buyer_partner uuid,
      status text NOT NULL CHECK (status IN ('open', 'countered', 'accepted', 'declined', 'lapsed')),
      counter_amount ${MONEY} CHECK (counter_amount > 0),
      message text,
      made_at timestamptz NOT NULL,
      decided_at timestamptz,
      deal_id uuid`,
    );
    await q.query(
      `CREATE UNIQUE INDEX offers_one_accepted ON trading.offers (listing_id) WHERE status = 'accepted'`,
    );
    await q.query(`CREATE INDEX offers_listing ON trading.offers (listing_id)`);
    // A buyer of another center reads (never writes) its own offers: it answers a counter-offer.
    await q.query(
      `CREATE POLICY made_by_center ON trading.offers FOR SELECT USING (${CENTER} = buyer_center)`,
    );

    // A deal is settled by the listing's center; a buyer of another center may read its own.
    await createTenantTable(
      q,
      'trading.trade_deals',
      `listing_id uuid NOT NULL REFERENCES trading.listings (id),
      seller_enterprise_id uuid NOT NULL,
      buyer text NOT NULL,
      buyer_center text NOT NULL,
      buyer_partner uuid,
      price ${MONEY} NOT NULL CHECK (price > 0),
      commission_rate numeric(12, 10) NOT NULL,
      commission ${MONEY} NOT NULL CHECK (commission >= 0 AND commission <= price),
      broker text NOT NULL,
      deal_type text NOT NULL,
      status text NOT NULL CHECK (status IN ('awaiting_payment', 'paid', 'transferred')),
      registration_number text,
      closed_on date NOT NULL,
      paid_on date,
      transferred_on date,
      registered_on date,
      disposal_loan_id uuid,
      created_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(
      `CREATE POLICY bought_by_center ON trading.trade_deals FOR SELECT USING (${CENTER} = buyer_center)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX trade_deals_one_per_listing ON trading.trade_deals (listing_id)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX trade_deals_registration ON trading.trade_deals (tenant_id, registration_number) WHERE registration_number IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['trade_deals', 'offers', 'bids', 'listing_assets', 'listings'])
      await q.query(`DROP TABLE trading.${table}`);
  }
}
