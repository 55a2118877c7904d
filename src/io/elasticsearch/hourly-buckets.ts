/** One policy's figures for one simulated hour. */
export interface HourlyBucket {
  readonly policy: string;
  readonly hour: number;
  opportunities: number;
  bids: number;
  wins: number;
  spend: number;
  convertingWins: number;
  expectedConversions: number;
}

/**
 * Per-policy, per-simulated-hour totals accumulated from events as they stream past. Memory grows
 * with policies × simulated hours (a few thousand buckets for a year), never with events.
 */
export class HourlyBuckets {
  private readonly buckets = new Map<string, HourlyBucket>();

  add(policy: string, simSeconds: number, bid: boolean, won: boolean, paidCpm: unknown, pConversion: unknown, converts: unknown): void {
    const hour = Math.floor(simSeconds / 3600);
    const key = `${policy}\u0000${hour}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = { policy, hour, opportunities: 0, bids: 0, wins: 0, spend: 0, convertingWins: 0, expectedConversions: 0 };
      this.buckets.set(key, b);
    }
    b.opportunities++;
    if (bid) b.bids++;
    if (!won) return;
    b.wins++;
    // A value Elasticsearch will reject (a corrupted file) must not turn the hour's spend into NaN.
    if (typeof paidCpm === 'number' && Number.isFinite(paidCpm)) b.spend += paidCpm / 1000;
    if (typeof pConversion === 'number' && Number.isFinite(pConversion)) b.expectedConversions += pConversion;
    if (converts === true) b.convertingWins++;
  }

  /** Buckets by policy, then hour. */
  list(): HourlyBucket[] {
    return [...this.buckets.values()].sort((a, b) => (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : a.hour - b.hour));
  }
}
