import { createHash } from 'node:crypto';
import { at, known } from './at';
import { ApiError, NetworkDown, type Api, type Credentials } from './http';
import type { CenterPlan, PartnerRef } from './plan';
import type { Progress } from './progress';
import { DemoState, type CenterState, type SeedState } from './state';

/** What every center's steps share: the API, the progress line, the seed and the days. */
export interface Run {
  api: Api;
  progress: Progress;
  seed: number;
  /** The day the plan's dates count back from (the first run's day, kept in the state file). */
  anchor: string;
  today: string;
  files: DemoState;
  state: SeedState;
  /** The platform admin's token (no center named). */
  platformToken: string;
  verbose: boolean;
}

export interface StaffUser {
  username: string;
  id: string;
  as: Credentials;
}

export interface PartnerHandle {
  id: string;
  /** One credential per API key of the partner. */
  keys: { apiKey: string }[];
}

/** Something the network refused that the plan expected to pass: printed at the end. */
export interface Problem {
  center: string;
  what: string;
  error: string;
}

export interface Loan {
  id: string;
  status: string;
  enterpriseId: string;
  productCode: string;
  principal: string;
  principalRepaid: string;
  outstandingPrincipal: string;
  principalRecovered: string;
  payoffAmount?: string;
  guaranteeId?: string;
  disbursedOn?: string;
  defaultedOn?: string;
  daysPastDue: number;
}

/** One center's run: its plan, who acts in it, and what the network already holds. */
export class Center {
  readonly code: string;
  readonly state: CenterState;
  /** The platform admin naming this center (partners, keys, users). */
  readonly platform: Credentials;
  centerAdmin!: StaffUser;
  analysts: StaffUser[] = [];
  partners: Partial<Record<PartnerRef, PartnerHandle>> = {};
  /** True when this run registered the center's bank: nothing of the plan can exist yet. */
  fresh = false;
  /** Plan index → enterprise id, and whether this run created it. */
  enterprises = new Map<number, { id: string; fresh: boolean }>();
  /** Existing loans, by `${enterpriseId}|${productCode}` (one of a product per enterprise). */
  loans = new Map<string, Loan>();
  fundId?: string;
  notes: string[] = [];
  problems: Problem[] = [];

  constructor(
    readonly plan: CenterPlan,
    readonly run: Run,
  ) {
    this.code = plan.spec.code;
    this.state = DemoState.center(run.state, this.code);
    this.platform = { token: run.platformToken, tenant: this.code };
  }

  get api(): Api {
    return this.run.api;
  }

  /** An Idempotency-Key from the seed, the center and the item. */
  key(...parts: (string | number)[]): string {
    return `demo-${this.run.seed}-${this.code}-${parts.join('-')}`;
  }

  /** The tech branch's key for an item: items are spread over its keys, always the same way. */
  bank(item: number): { apiKey: string } {
    const keys = this.partner('bank').keys;
    return at(keys, item % keys.length, `${this.code} bank key`);
  }

  partner(ref: PartnerRef): PartnerHandle {
    const partner = this.partners[ref];
    if (!partner) throw new Error(`${this.code}: partner ${ref} is not set up`);
    return partner;
  }

  analyst(item: number): StaffUser {
    return at(this.analysts, item % this.analysts.length, `${this.code} analyst`);
  }

  enterprise(index: number): { id: string; fresh: boolean } | undefined {
    return this.enterprises.get(index);
  }

  /** The id of an enterprise of the plan that is registered (the steps run after registering). */
  enterpriseId(index: number): string {
    return known(this.enterprises.get(index), `${this.code} enterprise ${index}`).id;
  }

  note(line: string): void {
    this.notes.push(line);
    this.run.progress.log(`${this.code}: ${line}`);
  }

  /** Runs one item's work; a refusal is recorded as a problem and the run goes on. */
  async attempt<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof NetworkDown) throw error;
      const text =
        error instanceof ApiError
          ? `${error.method} /api/v1${error.path}${error.requestBody === undefined ? '' : ` ${JSON.stringify(error.requestBody)}`}\n      → ${error.status} ${JSON.stringify(error.body)}`
          : error instanceof Error
            ? (error.stack ?? error.message)
            : String(error);
      this.problems.push({ center: this.code, what, error: text });
      if (this.run.verbose || this.problems.length <= 3)
        this.run.progress.log(`${this.code}: ${what} failed: ${text.split('\n')[0]}`);
      return undefined;
    }
  }
}

/** A staff user's deterministic password: the seed and the username, hashed. */
export function passwordOf(seed: number, username: string): string {
  const digest = createHash('sha256').update(`tf-demo:${seed}:${username}`).digest('base64url');
  return `Demo-${digest.slice(0, 20)}`;
}

/** The `sub` of a staff token: the user's id. */
export function subjectOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    sub?: string;
  };
  if (!payload.sub) throw new Error('a staff token without a subject');
  return payload.sub;
}

export const money = (amount: number): string => amount.toFixed(2);
