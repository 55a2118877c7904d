import type { RootSeed } from '../rng/index.js';
import { MetricsError } from './metrics-error.js';
import { BOOTSTRAP_METRICS, type BootstrapFigures, CHANGE_METRICS, type UserBootstrap } from './user-bootstrap.js';

/** A point estimate and its percentile interval. */
export interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/** The bootstrap's plain, JSON-ready result at one confidence level. */
export interface BootstrapIntervals {
  readonly method: UserBootstrap['method'];
  readonly seed: RootSeed;
  readonly resamples: number;
  readonly buckets: number;
  /** Two-sided, e.g. 0.95. */
  readonly confidence: number;
  readonly users: number;
  readonly activeUsers: number;
  readonly champion: string;
  readonly challenger: string;
  readonly figures: BootstrapFigures<Interval>;
}

/**
 * The two-sided percentile interval of sorted replicates: the (1 − c)/2 and (1 + c)/2 quantiles,
 * interpolated linearly between order statistics. Undefined (NaN) bounds when more replicates
 * were undefined (a 0 ÷ 0 ratio) than one tail holds, as those could have fallen on either side.
 */
export function percentileInterval(sorted: Float64Array, resamples: number, confidence: number): { lower: number; upper: number } {
  if (!(confidence > 0 && confidence < 1)) {
    throw new MetricsError('METRICS_BAD_ARGUMENT', `confidence must be in (0, 1), got ${confidence}`, 'percentileInterval');
  }
  const tail = (1 - confidence) / 2;
  if (sorted.length === 0 || resamples - sorted.length > tail * resamples) return { lower: NaN, upper: NaN };
  return { lower: quantile(sorted, tail), upper: quantile(sorted, 1 - tail) };
}

/** Every figure of a bootstrap as estimate and percentile interval at `confidence` (default 0.95). */
export function bootstrapIntervals(b: UserBootstrap, confidence = 0.95): BootstrapIntervals {
  const table = <K extends string>(keys: readonly K[], est: Readonly<Record<K, number>>, reps: Readonly<Record<K, Float64Array>>) =>
    Object.fromEntries(keys.map((k) => [k, { estimate: est[k], ...percentileInterval(reps[k], b.resamples, confidence) }])) as Record<K, Interval>;
  return {
    method: b.method,
    seed: b.seed,
    resamples: b.resamples,
    buckets: b.buckets,
    confidence,
    users: b.users,
    activeUsers: b.activeUsers,
    champion: b.champion,
    challenger: b.challenger,
    figures: {
      champion: table(BOOTSTRAP_METRICS, b.estimate.champion, b.replicates.champion),
      challenger: table(BOOTSTRAP_METRICS, b.estimate.challenger, b.replicates.challenger),
      difference: table(BOOTSTRAP_METRICS, b.estimate.difference, b.replicates.difference),
      change: table(CHANGE_METRICS, b.estimate.change, b.replicates.change),
    },
  };
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos), frac = pos - i;
  const lo = sorted[i]!;
  return frac === 0 || i + 1 >= sorted.length ? lo : lo + frac * (sorted[i + 1]! - lo);
}
