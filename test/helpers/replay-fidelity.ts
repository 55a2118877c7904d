import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLogWriter, readLog } from '../../src/io/log/index.js';
import type { RewardEstimate } from '../../src/replay/index.js';
import { fitMarketModel } from '../../src/run/fit-market-model.js';
import { logTrainingSet } from '../../src/run/log-training-set.js';
import { recordLog, type RecordSummary } from '../../src/run/record-log.js';
import { replayLog } from '../../src/run/replay-log.js';
import type { OutcomeMode, ReplaySummary } from '../../src/run/replay-summary.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { loadScenario, type Scenario } from '../../src/scenario/index.js';
import { ROOT, runPython } from './cli.js';

export const FIDELITY_SCENARIO = join(ROOT, 'scenarios/replay-fidelity.yaml');
/** The grid the scenario's models bid on; the logger explores it. */
export const FIDELITY_GRID = [0.5, 1, 2, 4, 8];
export const FIDELITY_EXPLORE = 0.5;

export interface Totals { conversions: number; revenue: number; spend: number; profit: number }

export interface ModeResult {
  readonly mode: OutcomeMode;
  /** Estimated challenger − champion. */
  readonly difference: Totals;
  /** Standard error of the difference (off-policy modes). */
  readonly standardError?: Totals;
  readonly champion: Totals;
  readonly challenger: Totals;
  readonly summary: ReplaySummary;
}

export interface Fidelity {
  readonly records: number;
  /** Challenger − champion run live in the world the log was recorded from. */
  readonly truth: { readonly champion: Totals; readonly challenger: Totals; readonly difference: Totals };
  readonly modes: ReadonlyArray<ModeResult>;
  readonly seconds: { readonly record: number; readonly replay: Partial<Record<OutcomeMode, number>> };
}

/** The fidelity scenario, under another seed when given. */
export async function fidelityScenario(seed?: number): Promise<Scenario> {
  const loaded = await loadScenario(FIDELITY_SCENARIO);
  return seed === undefined ? loaded : { ...loaded, seed };
}

/** Options of a fidelity log: which auctions report the minimum bid to win, the logger's draws, how long. */
export interface FidelityLogOptions { minToWinShare?: number; exploreSeed?: number; maxOpportunities?: number }

/** Records the fidelity experiment's log to `path`: the champion exploring its bid grid. */
export async function recordFidelityLog(scenario: Scenario, path: string, options: FidelityLogOptions = {}): Promise<RecordSummary> {
  const writer = await openLogWriter(path);
  const summary = await recordLog(scenario, writer, {
    policy: 'champion', explore: FIDELITY_EXPLORE, bidGrid: FIDELITY_GRID, minToWinShare: options.minToWinShare ?? 0,
    ...(options.exploreSeed === undefined ? {} : { exploreSeed: options.exploreSeed }), ...(options.maxOpportunities ? { maxOpportunities: options.maxOpportunities } : {}),
  });
  await writer.close();
  return summary;
}

const minus = (a: Totals, b: Totals): Totals => ({ conversions: a.conversions - b.conversions, revenue: a.revenue - b.revenue, spend: a.spend - b.spend, profit: a.profit - b.profit });
const totals = (conversions: number, revenue: number, spend: number): Totals => ({ conversions, revenue, spend, profit: revenue - spend });
const fromEstimate = (e: RewardEstimate): Totals => ({ ...e });

/**
 * The fidelity experiment of issue 5: record a log of the fidelity scenario's world under the
 * champion exploring its bid grid; fit the market-price model and train the outcome model
 * (real LightGBM) on the log; replay champion and challenger with each outcome mode; run both
 * live in the same world for the truth. Off-policy modes come from one replay (`dr` reports ips
 * and snips beside it). `minToWinShare` (default 0) is the share of auctions whose log reports the
 * minimum bid to win, as `bidlab record --min-to-win`; `exploreSeed` keys the logger's exploration
 * apart from the world (`bidlab record --explore-seed`).
 */
export async function measureFidelity(options: FidelityLogOptions & { seed?: number } = {}): Promise<Fidelity> {
  const dir = await mkdtemp(join(tmpdir(), 'bidlab-fidelity-'));
  try {
    const scenario = await fidelityScenario(options.seed);
    const log = join(dir, 'log.arrow');
    let t = performance.now();
    const recorded = await recordFidelityLog(scenario, log, options);
    const recordSeconds = (performance.now() - t) / 1000;
    const marketModel = await fitMarketModel(scenario, readLog(log));
    await logTrainingSet(scenario, readLog(log), join(dir, 'train.arrow'));
    await runPython(['training/train.py', '--data', join(dir, 'train.arrow'), '--label', 'converted', '--drop', 'revenue,campaign,opportunity_id',
      '--num-boost-round', '100', '--params', '{"categorical_feature": "3,4,11", "num_leaves": 15, "learning_rate": 0.05, "min_data_in_leaf": 200}',
      '--out', join(dir, 'outcome')]);
    const live = await runScenario(scenario, { policies: ['champion', 'challenger'], ...(options.maxOpportunities ? { maxOpportunities: options.maxOpportunities } : {}) });
    const liveTotals = (name: string) => {
      const p = live.policies.find((x) => x.name === name)!;
      return totals(p.conversions, p.attributedRevenue, p.spend);
    };
    const truth = { champion: liveTotals('champion'), challenger: liveTotals('challenger'), difference: minus(liveTotals('challenger'), liveTotals('champion')) };
    const modes: ModeResult[] = [];
    const replaySeconds: Partial<Record<OutcomeMode, number>> = {};
    for (const mode of ['logged', 'model', 'dr'] as const) {
      t = performance.now();
      const summary = await replayLog(scenario, readLog(log), {
        outcomes: mode, marketModel, outcomeModel: join(dir, 'outcome/model.txt'), bidGrid: FIDELITY_GRID,
        policies: ['champion', 'challenger'], sourceName: 'fidelity log',
      });
      replaySeconds[mode] = (performance.now() - t) / 1000;
      const byName = (name: string) => summary.policies.find((p) => p.name === name)!;
      if (mode !== 'dr') {
        const c = byName('champion'), h = byName('challenger');
        const champion = totals(c.conversions, c.revenue, c.spend), challenger = totals(h.conversions, h.revenue, h.spend);
        modes.push({ mode, champion, challenger, difference: minus(challenger, champion), summary });
        continue;
      }
      for (const ope of ['ips', 'snips', 'dr'] as const) {
        const c = byName('champion').offPolicy!, h = byName('challenger').offPolicy!;
        const champion = fromEstimate(c[ope]), challenger = fromEstimate(h[ope]);
        const paired = ope === 'snips' ? undefined : byName('challenger').versusChampion![ope];
        modes.push({
          mode: ope, champion, challenger, difference: paired ? fromEstimate(paired.estimate) : minus(challenger, champion),
          ...(paired ? { standardError: fromEstimate(paired.standardError) } : {}), summary,
        });
      }
    }
    return { records: recorded.records, truth, modes, seconds: { record: recordSeconds, replay: replaySeconds } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
