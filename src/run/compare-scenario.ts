import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import {
  bootstrapIntervals, evaluateGate, type GateRule, parseGateRule, type SavingsPoint, userBootstrap,
} from '../metrics/index.js';
import { type ComparisonReport, REPORT_FORMAT_VERSION, type ReportModel, type ReportPolicy, type SeedResult } from '../report/index.js';
import type { Scenario } from '../scenario/index.js';
import { ComparisonCollector } from './comparison-collector.js';
import { comparePolicies } from './compare-policies.js';
import type { RunProgress } from './run-progress.js';
import { type PolicyResult, runScenario, type RunSummary } from './run-scenario.js';
import { sweepScenario } from './sweep-scenario.js';

export interface CompareOptions {
  /** Replaces the champion's model file (same pricing). */
  readonly championModel?: string;
  /** Replaces the challenger's model file, or makes a challenger from the champion's settings. */
  readonly challengerModel?: string;
  /** Default: the scenario's comparison.mode. */
  readonly mode?: 'worlds' | 'split';
  /** First root seed; default the scenario's. */
  readonly seed?: number;
  /** Runs over seeds seed, seed + 1, …; the detailed figures come from the first. Default 1. */
  readonly seeds?: number;
  /** Gate rules added to the scenario's comparison.gate, as the CLI writes them. */
  readonly gate?: ReadonlyArray<string>;
  readonly maxOpportunities?: number;
  /** Live figures, with the seed being run (0-based) and the seed count. */
  readonly onProgress?: (p: Omit<RunProgress, 'rate' | 'etaSeconds'>, seedIndex: number, seeds: number) => void;
  readonly progressEvery?: number;
  /** The scenario file, named and hashed in the report. */
  readonly scenarioFile?: string;
  /**
   * Bid multipliers: the report's savings curve then comes from full runs of the champion and
   * the challenger at each (as `bidlab sweep`) instead of thresholds over the baseline's purchases.
   */
  readonly sweep?: ReadonlyArray<number>;
  /** bidlab's version, for the report. */
  readonly version: string;
  /** Wall-clock time of the report; absent in reproducible output (the CLI sets it). */
  readonly createdAt?: string;
}

export interface CompareResult {
  readonly report: ComparisonReport;
  /** One run summary per seed. */
  readonly runs: ReadonlyArray<RunSummary>;
}

/**
 * `bidlab compare`: runs the champion, the challenger and the reference policies (baseline,
 * oracle) of a scenario over one or more seeds and builds the ComparisonReport: per-policy
 * results, bootstrap intervals over users of challenger − champion, the gate's verdict,
 * segments, the spend timeline, the savings curve and calibration. In 'worlds' mode every
 * policy sees the same traffic with its own budget; in 'split' the champion and the challenger
 * divide the users (and the budgets) by their split weights while the reference policies see
 * everything. Deterministic: the same inputs give the same report (bar createdAt).
 */
export async function compareScenario(input: Scenario, options: CompareOptions): Promise<CompareResult> {
  const cast = comparePolicies(input, options);
  const scenario = cast.scenario;
  const mode = options.mode ?? scenario.comparison.mode;
  // Rules are checked before anything runs: a typo must not cost a whole run.
  const rules: GateRule[] = [...scenario.comparison.gate, ...(options.gate ?? []).map((t, i) => parseGateRule(t, `--gate[${i}]`))];
  const seeds = Array.from({ length: Math.max(1, options.seeds ?? 1) }, (_, i) => (options.seed ?? scenario.seed) + i);
  const names = scenario.policies.map((p) => p.name);
  const challengerIndex = names.indexOf(cast.challenger);

  const runs: RunSummary[] = [];
  // The detailed figures are the first seed's; the others give only their summaries to the spread.
  const collector = new ComparisonCollector(names, scenario.world.users, [cast.champion, cast.challenger]);
  for (const [k, seed] of seeds.entries()) {
    runs.push(await runScenario(scenario, {
      seed,
      ...(k === 0 ? { comparison: collector } : {}),
      ...(mode === 'split' ? { split: [cast.champion, cast.challenger] } : {}),
      ...(options.maxOpportunities !== undefined ? { maxOpportunities: options.maxOpportunities } : {}),
      ...(options.progressEvery !== undefined ? { progressEvery: options.progressEvery } : {}),
      onProgress: (p) => options.onProgress?.(p, k, seeds.length),
    }));
  }
  const run = runs[0]!;
  const { resamples, confidence } = scenario.comparison;
  const bootstrap = userBootstrap(collector.users, {
    champion: 0, challenger: 1, seed: run.seed, resamples, users: scenario.world.users,
  });
  const oracle = cast.oracle ? run.policies.find((p) => p.name === cast.oracle) : undefined;
  const profit = (p: PolicyResult) => p.attributedRevenue - p.spend;
  const policies: ReportPolicy[] = run.policies.map((p, i) => reportPolicy(p, i, collector, oracle ? profit(oracle) - profit(p) : undefined));
  const challenger = policies[challengerIndex]!;
  const gate = evaluateGate(rules, {
    bootstrap,
    ...(challenger.calibration ? { calibration: { ...challenger.calibration, auc: challenger.auc ?? NaN } } : {}),
  });
  const swept = options.sweep && cast.baseline ? await sweepCurves(scenario, [cast.champion, cast.challenger], options.sweep, run.seed, options.maxOpportunities) : undefined;
  const curves = scenario.policies
    .map((p, i) => ({ policy: p.name, kind: p.kind, points: collector.savingsCurves[i]!.curve() as SavingsPoint[] }))
    .filter((c) => c.kind !== 'bid-everything' && cast.baseline !== undefined)
    .map(({ policy, points }) => ({ policy, points }));

  const report: ComparisonReport = {
    formatVersion: REPORT_FORMAT_VERSION,
    bidlab: { version: options.version },
    ...(options.createdAt ? { createdAt: options.createdAt } : {}),
    scenario: {
      name: scenario.name,
      ...(options.scenarioFile ? { file: options.scenarioFile, sha256: await sha256(options.scenarioFile) } : {}),
      ...(scenario.description ? { description: scenario.description.trim() } : {}),
    },
    mode,
    seeds,
    models: await models(scenario),
    champion: cast.champion,
    challenger: cast.challenger,
    ...(cast.baseline ? { baseline: cast.baseline } : {}),
    ...(cast.oracle ? { oracle: cast.oracle } : {}),
    policies,
    statistics: bootstrapIntervals(bootstrap, confidence),
    gate,
    segments: collector.segments.report(),
    timeline: {
      ...collector.timeline.report(),
      dailyBudget: scenario.campaigns.reduce((s, c) => s + c.dailyBudget, 0),
    },
    ...(swept ? { savingsCurve: { source: 'sweep' as const, policies: swept } }
      : curves.length ? { savingsCurve: { source: 'threshold' as const, policies: curves } } : {}),
    ...(seeds.length > 1 ? { perSeed: runs.map(seedResult) } : {}),
  };
  return { report, runs };
}

async function sweepCurves(scenario: Scenario, policies: string[], multipliers: ReadonlyArray<number>, seed: number, maxOpportunities: number | undefined) {
  const curves = [];
  for (const policy of policies) {
    const r = await sweepScenario(scenario, { policy, multipliers, seed, ...(maxOpportunities !== undefined ? { maxOpportunities } : {}) });
    curves.push({ policy, points: r.points.map((p) => ({ parameter: p.multiplier, avoidedShare: p.avoidedShare, conversionsRetained: p.conversionsRetained })) });
  }
  return curves;
}

function reportPolicy(p: PolicyResult, i: number, c: ComparisonCollector, regret: number | undefined): ReportPolicy {
  const scoring = p.kind !== 'bid-everything';
  const calibration = c.winCalibration[i]!.report();
  const truth = c.trueCalibration[i]!.report();
  return {
    name: p.name, kind: p.kind as ReportPolicy['kind'], opportunities: p.opportunities, bids: p.bids, wins: p.wins, winRate: p.winRate,
    spend: p.spend, impressions: p.impressions, clicks: p.clicks, conversions: p.conversions, attributedRevenue: p.attributedRevenue,
    predictedRevenue: p.predictedRevenue, predictedRoi: p.predictedRoi, actualRoi: p.actualRoi, cpa: p.cpa, ecpm: p.ecpm,
    ...(p.savings ? { savings: p.savings } : {}),
    ...(scoring && p.quality ? { auc: p.quality.auc } : {}),
    ...(scoring && calibration.count > 0 ? { calibration } : {}),
    ...(scoring && truth.count > 0 ? { trueCalibration: truth } : {}),
    ...(regret !== undefined ? { regret } : {}),
  };
}

function seedResult(run: RunSummary): SeedResult {
  return {
    seed: run.seed,
    policies: run.policies.map((p) => ({ name: p.name, spend: p.spend, conversions: p.conversions, attributedRevenue: p.attributedRevenue, actualRoi: p.actualRoi })),
  };
}

async function models(scenario: Scenario): Promise<ReportModel[]> {
  const out: ReportModel[] = [];
  for (const p of scenario.policies) if (p.kind === 'model') out.push({ policy: p.name, path: relative(process.cwd(), p.model), sha256: await sha256(p.model) });
  return out;
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}
