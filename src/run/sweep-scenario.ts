import { BidlabError } from '../errors.js';
import type { PolicyConfig, PricingConfig, Scenario } from '../scenario/index.js';
import type { RunProgress } from './run-progress.js';
import { runScenario } from './run-scenario.js';

/** One point of a bid-multiplier sweep: the policy's results with its bids multiplied by `multiplier`. */
export interface SweepPoint {
  readonly multiplier: number;
  readonly policy: string;
  readonly bids: number;
  readonly wins: number;
  readonly spend: number;
  readonly conversions: number;
  readonly attributedRevenue: number;
  readonly actualRoi: number;
  /** Share of the baseline's non-performing spend avoided (NaN without a baseline). */
  readonly avoidedShare: number;
  /** Share of the baseline's conversions also bought (NaN without a baseline). */
  readonly conversionsRetained: number;
}

export interface SweepResult {
  readonly scenario: string;
  readonly seed: number;
  readonly opportunities: number;
  readonly policy: string;
  readonly baseline: string | undefined;
  readonly points: ReadonlyArray<SweepPoint>;
}

export interface SweepOptions {
  readonly policy: string;
  readonly multipliers: ReadonlyArray<number>;
  readonly seed?: number;
  readonly maxOpportunities?: number;
  readonly onProgress?: (p: Omit<RunProgress, 'rate' | 'etaSeconds'>) => void;
  readonly progressEvery?: number;
}

export class SweepError extends BidlabError {
  constructor(message: string, where: string) { super('SWEEP_SETUP', message, where); }
}

/** The pricing with every bid multiplied by m: the shading of expected-value, the fixed CPM, the floor-plus increment. */
export function multiplyBids(pricing: PricingConfig, m: number): PricingConfig {
  switch (pricing.rule) {
    case 'expected-value': return { ...pricing, shading: pricing.shading * m };
    case 'fixed': return { ...pricing, cpm: pricing.cpm * m };
    case 'floor-plus': return { ...pricing, incrementCpm: pricing.incrementCpm * m };
  }
}

/**
 * `bidlab sweep`: the savings-versus-conversions trade-off of one policy over a sweep of a bid
 * multiplier. Every point is a policy of ONE run (parallel worlds: the same traffic, competitor
 * bids and responses, each point with its own budget), beside the baseline that savings are
 * measured against, so the sweep costs one pass over the traffic.
 */
export async function sweepScenario(scenario: Scenario, options: SweepOptions): Promise<SweepResult> {
  const policy = scenario.policies.find((p) => p.name === options.policy);
  const names = scenario.policies.map((p) => p.name).join(', ');
  if (!policy) throw new SweepError(`no policy is named '${options.policy}'; policies: ${names}`, '--policy');
  if (options.multipliers.length === 0 || !options.multipliers.every((m) => m > 0 && Number.isFinite(m))) {
    throw new SweepError(`multipliers must be positive numbers, got ${options.multipliers.join(',')}`, '--multipliers');
  }
  const baselineName = scenario.comparison.baseline ?? scenario.policies.find((p) => p.kind === 'bid-everything')?.name;
  const baseline = scenario.policies.find((p) => p.name === baselineName && p !== policy);
  const pointName = (m: number) => `${policy.name}-x${m}`;
  const points: PolicyConfig[] = options.multipliers.map((m) => ({ ...policy, name: pointName(m), pricing: multiplyBids(policy.pricing as PricingConfig, m) }) as PolicyConfig);
  const swept = { ...scenario, policies: [...(baseline ? [baseline] : []), ...points], comparison: { ...scenario.comparison, baseline: baseline?.name } } as Scenario;
  const run = await runScenario(swept, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.maxOpportunities !== undefined ? { maxOpportunities: options.maxOpportunities } : {}),
    ...(options.progressEvery !== undefined ? { progressEvery: options.progressEvery } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return {
    scenario: scenario.name,
    seed: run.seed,
    opportunities: run.opportunities,
    policy: policy.name,
    baseline: baseline?.name,
    points: options.multipliers.map((multiplier) => {
      const r = run.policies.find((p) => p.name === pointName(multiplier))!;
      return {
        multiplier, policy: r.name, bids: r.bids, wins: r.wins, spend: r.spend, conversions: r.conversions, attributedRevenue: r.attributedRevenue,
        actualRoi: r.actualRoi, avoidedShare: r.savings?.avoidedShare ?? NaN, conversionsRetained: r.savings?.conversionsRetained ?? NaN,
      };
    }),
  };
}
