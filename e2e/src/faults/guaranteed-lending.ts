import { partnerWithKey, registerEnterprise, staffToken, type Reply } from '../http-client';
import type { FaultNetwork } from './fault-network';
import type { Tally } from './tally';

/**
 * What the fault scenarios put through the network: a Jinan bank's guaranteed loans. Each loan
 * has its own approved guarantee (¥100,000 at 80 %, ten per enterprise, within the client limit),
 * so applications never compete for one, and the guarantee service learns of each disbursement
 * only from credit's events.
 */
export const PRINCIPAL = 100_000;
export const LIABILITY = 80_000;
const PER_ENTERPRISE = 10;
const CLIENTS = 16;

export class GuaranteedLending {
  private constructor(
    private readonly network: FaultNetwork,
    readonly bank: { id: string; key: string },
    readonly guarantees: string[],
    private readonly enterprises: string[],
  ) {}

  /** A bank, its SMEs, and `loans` approved guarantees (set up before any fault). */
  static async prepare(network: FaultNetwork, loans: number): Promise<GuaranteedLending> {
    const { api } = network;
    const admin = await api.token(network.admin.username, network.admin.password);
    const analyst = await staffToken(api, admin, 'jinan', {
      username: `jinan.faults.${Math.random().toString(36).slice(2, 8)}`,
      password: 'analyst password 1',
      roles: ['analyst'],
    });
    const bank = await partnerWithKey(api, admin, 'jinan', 'bank');
    const enterprises = await inParallel(Math.ceil(loans / PER_ENTERPRISE), CLIENTS, () =>
      registerEnterprise(api, bank.key),
    );
    const guarantees = await inParallel(loans, CLIENTS, async (i) => {
      const applied = await api.post('/api/v1/guarantees', {
        apiKey: bank.key,
        body: {
          enterpriseId: enterprises[i % enterprises.length],
          lenderPartnerId: bank.id,
          principal: String(PRINCIPAL),
          termMonths: 12,
          coverageRatio: '0.8',
        },
      });
      expect(applied.status).toBe(201);
      const approved = await api.post(`/api/v1/guarantees/${applied.body.id}/approve`, {
        token: analyst,
      });
      expect(approved.status).toBe(200);
      return applied.body.id as string;
    });
    return new GuaranteedLending(network, bank, guarantees, enterprises);
  }

  /** Loan application `i` on its guarantee, sent until answered (same key each time). */
  apply(i: number, tally: Tally): Promise<Reply> {
    return tally.untilAnswered(
      () =>
        this.network.api.post('/api/v1/loan-applications', {
          apiKey: this.bank.key,
          headers: { 'idempotency-key': `faults-apply-${i}` },
          body: {
            enterpriseId: this.enterprises[i % this.enterprises.length],
            productCode: 'guaranteed',
            guaranteeId: this.guarantees[i],
            principal: String(PRINCIPAL),
            termMonths: 12,
            repaymentMethod: 'equal_installment',
          },
        }),
      [201],
    );
  }

  disburse(i: number, loanId: string, tally: Tally): Promise<Reply> {
    return tally.untilAnswered(
      () =>
        this.network.api.post(`/api/v1/loans/${loanId}/disbursements`, {
          apiKey: this.bank.key,
          headers: { 'idempotency-key': `faults-disburse-${i}` },
          body: { disbursedOn: new Date().toISOString().slice(0, 10) },
        }),
      [200],
    );
  }

  /** Applications (rows) made for these guarantees: one each, whatever the retries. */
  applications(): Promise<number> {
    return this.network.count(
      `SELECT count(*) AS n FROM credit.loan_applications WHERE guarantee_id = ANY($1)`,
      [this.guarantees],
    );
  }

  /** Loans made on these guarantees, and how many of them have exactly one application. */
  loans(): Promise<number> {
    return this.network.count(
      `SELECT count(*) AS n FROM credit.loans WHERE guarantee_id = ANY($1)`,
      [this.guarantees],
    );
  }

  /** Guarantees the guarantee service holds active on a loan. */
  activeGuarantees(): Promise<number> {
    return this.network.count(
      `SELECT count(*) AS n FROM guarantee.guarantees
       WHERE id = ANY($1) AND status = 'active' AND loan_id IS NOT NULL`,
      [this.guarantees],
    );
  }

  /** The guarantee service's outstanding liability on these guarantees, in yuan. */
  liability(): Promise<number> {
    return this.network.count(
      `SELECT coalesce(sum(outstanding_liability), 0) AS n FROM guarantee.guarantees WHERE id = ANY($1)`,
      [this.guarantees],
    );
  }
}

/** Runs `work` for 0..n-1 with `workers` at a time; results in index order. */
export async function inParallel<T>(
  n: number,
  workers: number,
  work: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < n) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Checks until true or the deadline; the last check's answer. */
export async function eventually(
  check: () => Promise<boolean>,
  withinMs: number,
): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await pause(200);
  }
  return check();
}
