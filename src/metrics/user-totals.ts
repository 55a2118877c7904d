import { MetricsError } from './metrics-error.js';

/** The per-user columns kept for every policy, in storage order. */
export const USER_COLUMNS = ['spend', 'wins', 'conversions', 'revenue', 'predictedRevenue'] as const;
export type UserColumn = (typeof USER_COLUMNS)[number];

const SPEND = 0, WINS = 1, CONVERSIONS = 2, REVENUE = 3, PREDICTED = 4;
const COLUMNS = USER_COLUMNS.length;

/**
 * Per policy and per user running totals (spend, wins, conversions, attributed revenue,
 * predicted revenue), the input of the bootstrap over users. Users are addressed by the profile
 * store's dense key (0, 1, 2, …), so storage is one flat Float64Array indexed
 * (user × policies + policy) × columns that grows by doubling to the highest key seen:
 * 40 bytes per user and policy, independent of how many opportunities the run streams
 * (500k users × 4 policies ≈ 80 MB).
 */
export class UserTotals {
  private data: Float64Array;
  private users = 0;
  private readonly stride: number;

  /** @param policies the policy names, in the run's policy order (their index is the `policy` argument). */
  constructor(readonly policies: ReadonlyArray<string>, initialUsers = 1024) {
    if (policies.length === 0) throw new MetricsError('METRICS_BAD_ARGUMENT', 'UserTotals needs at least one policy', 'UserTotals');
    this.stride = policies.length * COLUMNS;
    this.data = new Float64Array(Math.max(1, initialUsers) * this.stride);
  }

  /** Highest user key recorded + 1: the length of every column. */
  get userCount(): number { return this.users; }

  /** A won impression: what it cost (USD) and what the policy expected it to earn (USD). */
  recordWin(policy: number, user: number, paid: number, predictedRevenue: number): void {
    const at = this.slot(policy, user);
    this.data[at + SPEND] += paid;
    this.data[at + WINS] += 1;
    this.data[at + PREDICTED] += predictedRevenue;
  }

  /** Attributed conversions of this user credited to the policy, and their revenue (USD). */
  recordConversion(policy: number, user: number, conversions: number, revenue: number): void {
    const at = this.slot(policy, user);
    this.data[at + CONVERSIONS] += conversions;
    this.data[at + REVENUE] += revenue;
  }

  /** One user's value of one column for one policy (0 for users never recorded). */
  value(policy: number, user: number, column: UserColumn): number {
    if (user >= this.users) return 0;
    return this.data[(user * this.policies.length + policy) * COLUMNS + USER_COLUMNS.indexOf(column)]!;
  }

  /** Σ over users of each column for one policy. */
  totals(policy: number): Record<UserColumn, number> {
    const sums = new Float64Array(COLUMNS);
    for (let u = 0; u < this.users; u++) {
      const at = (u * this.policies.length + policy) * COLUMNS;
      for (let c = 0; c < COLUMNS; c++) sums[c] += this.data[at + c]!;
    }
    return Object.fromEntries(USER_COLUMNS.map((name, c) => [name, sums[c]!])) as Record<UserColumn, number>;
  }

  /**
   * Copies user `user`'s columns of `policy` into out[at .. at + USER_COLUMNS.length), in
   * USER_COLUMNS order; the bootstrap's gather step.
   */
  readRow(policy: number, user: number, out: Float64Array, at: number): void {
    const from = (user * this.policies.length + policy) * COLUMNS;
    for (let c = 0; c < COLUMNS; c++) out[at + c] = user < this.users ? this.data[from + c]! : 0;
  }

  private slot(policy: number, user: number): number {
    if (!(policy >= 0 && policy < this.policies.length && Number.isInteger(policy))) {
      throw new MetricsError('METRICS_BAD_ARGUMENT', `policy index ${policy} is not one of 0..${this.policies.length - 1}`, 'UserTotals');
    }
    if (!(user >= 0 && Number.isSafeInteger(user))) {
      throw new MetricsError('METRICS_BAD_ARGUMENT', `user key must be a non-negative integer, got ${user}`, 'UserTotals');
    }
    if (user >= this.users) {
      const needed = (user + 1) * this.stride;
      if (needed > this.data.length) {
        let size = this.data.length;
        while (size < needed) size *= 2;
        const grown = new Float64Array(size);
        grown.set(this.data);
        this.data = grown;
      }
      this.users = user + 1;
    }
    return (user * this.policies.length + policy) * COLUMNS;
  }
}
