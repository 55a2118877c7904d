/** What happened to a request to the bid endpoint. */
export const OUTCOMES = ['bid', 'no-bid', 'invalid', 'too-large', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Upper bounds (seconds) of the latency histogram's buckets: sub-millisecond resolution where an RTB bidder lives. */
export const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] as const;

/** The counters as plain data, to pass between processes (`--workers`) and add up. */
export interface MetricsSnapshot {
  readonly outcomes: number[];
  readonly noBids: [string, number][];
  readonly notices: [string, number][];
  readonly buckets: number[];
  readonly latencySum: number;
  readonly latencyCount: number;
  readonly spendUsd: number;
  readonly inFlight: number;
}

/**
 * The server's counters, rendered as Prometheus text on demand. Counting is a few array stores
 * on the hot path; label sets are fixed or small (no-bid reasons, notice results).
 */
export class ServerMetrics {
  readonly outcomes = new Float64Array(OUTCOMES.length);
  readonly noBids = new Map<string, number>();
  readonly notices = new Map<string, number>();
  private readonly buckets = new Float64Array(LATENCY_BUCKETS.length + 1);
  private latencySum = 0;
  private latencyCount = 0;
  spendUsd = 0;
  inFlight = 0;

  count(outcome: Outcome): void {
    this.outcomes[OUTCOMES.indexOf(outcome)]!++;
  }

  noBid(reason: string): void {
    this.noBids.set(reason, (this.noBids.get(reason) ?? 0) + 1);
  }

  notice(kind: 'win' | 'bill', result: string): void {
    const key = `${kind}\u0000${result}`;
    this.notices.set(key, (this.notices.get(key) ?? 0) + 1);
  }

  latency(seconds: number): void {
    let b = 0;
    while (b < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[b]!) b++;
    this.buckets[b]!++;
    this.latencySum += seconds;
    this.latencyCount++;
  }

  snapshot(): MetricsSnapshot {
    return {
      outcomes: [...this.outcomes], noBids: [...this.noBids], notices: [...this.notices], buckets: [...this.buckets],
      latencySum: this.latencySum, latencyCount: this.latencyCount, spendUsd: this.spendUsd, inFlight: this.inFlight,
    };
  }

  /** Adds another server's counters to these (the workers' sum is the service's figure). */
  absorb(s: MetricsSnapshot): void {
    s.outcomes.forEach((n, i) => { this.outcomes[i]! += n; });
    for (const [k, n] of s.noBids) this.noBids.set(k, (this.noBids.get(k) ?? 0) + n);
    for (const [k, n] of s.notices) this.notices.set(k, (this.notices.get(k) ?? 0) + n);
    s.buckets.forEach((n, i) => { this.buckets[i]! += n; });
    this.latencySum += s.latencySum;
    this.latencyCount += s.latencyCount;
    this.spendUsd += s.spendUsd;
    this.inFlight += s.inFlight;
  }

  outcome(outcome: Outcome): number {
    return this.outcomes[OUTCOMES.indexOf(outcome)]!;
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  render(): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    family('bidlab_requests_total', 'counter', 'Bid requests by outcome.');
    OUTCOMES.forEach((o, i) => lines.push(`bidlab_requests_total{outcome="${o}"} ${this.outcomes[i]}`));
    family('bidlab_bids_total', 'counter', 'Bids sent.');
    lines.push(`bidlab_bids_total ${this.outcome('bid')}`);
    family('bidlab_no_bids_total', 'counter', 'No-bids by reason.');
    for (const [reason, n] of [...this.noBids].sort(([a], [b]) => a.localeCompare(b))) lines.push(`bidlab_no_bids_total{reason="${reason}"} ${n}`);
    family('bidlab_notices_total', 'counter', 'Win and billing notices by result.');
    for (const [key, n] of [...this.notices].sort(([a], [b]) => a.localeCompare(b))) {
      const [kind, result] = key.split('\u0000');
      lines.push(`bidlab_notices_total{kind="${kind}",result="${result}"} ${n}`);
    }
    family('bidlab_spend_usd_total', 'counter', 'USD booked from win and billing notices.');
    lines.push(`bidlab_spend_usd_total ${this.spendUsd}`);
    family('bidlab_in_flight_requests', 'gauge', 'Requests being answered.');
    lines.push(`bidlab_in_flight_requests ${this.inFlight}`);
    family('bidlab_request_duration_seconds', 'histogram', 'Time from request to answer on the bid endpoint.');
    let cumulative = 0;
    LATENCY_BUCKETS.forEach((le, i) => {
      cumulative += this.buckets[i]!;
      lines.push(`bidlab_request_duration_seconds_bucket{le="${le}"} ${cumulative}`);
    });
    cumulative += this.buckets[LATENCY_BUCKETS.length]!;
    lines.push(`bidlab_request_duration_seconds_bucket{le="+Inf"} ${cumulative}`);
    lines.push(`bidlab_request_duration_seconds_sum ${this.latencySum}`, `bidlab_request_duration_seconds_count ${this.latencyCount}`);
    return `${lines.join('\n')}\n`;
  }
}
