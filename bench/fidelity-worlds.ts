import { measureFidelity, type Fidelity } from '../test/helpers/replay-fidelity.js';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** The worlds: the fidelity scenario under these seeds (7 is its own). */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/**
 * How the market of an auction the logger lost reaches the replay: the log as exchanges usually
 * report it (the fitted market-price model fills in), or with the minimum bid to win reported on
 * every auction (`bidlab record --min-to-win 1`), where the replay can retrace the live run exactly.
 */
const CONDITIONS = [
  { name: 'marketModel', minToWinShare: 0 },
  { name: 'minToWinReported', minToWinShare: 1 },
] as const;

interface WorldMode { mode: string; error: number; within10Percent: boolean; standardError?: number; z?: number }

/**
 * Issue 5's fidelity experiment (test/helpers/replay-fidelity.ts) in many worlds, under both
 * market conditions: one world's error cannot tell an estimator's bias from its noise, a dozen
 * can. Per world and mode, the error of the challenger − champion profit against the live truth
 * and whether it is within 10% of the truth; for the off-policy modes also its standard score.
 * Per condition and mode, over the worlds: the mean error and its standard error, the mean
 * standard score and its standard error (an unbiased estimator's errors average 0), how many
 * worlds land above the truth, inside the 95% interval, and within 10%. Deterministic: the
 * numbers depend on the seeds alone. About two minutes a world on the 2-core machine.
 */
export async function benchFidelityWorlds(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {
    scenario: 'scenarios/replay-fidelity.yaml under each seed (champion logs, exploring its bid grid with probability 0.5)',
    seeds: SEEDS,
  };
  for (const condition of CONDITIONS) {
    const runs = await measureRuns(SEEDS.map((seed) => ({ seed, minToWinShare: condition.minToWinShare })), condition.name);
    out[condition.name] = { minToWinShare: condition.minToWinShare, summary: summarise(runs), worlds: runs.map(roundRun) };
  }
  return out;
}

/** Exploration draws of the logger in the scenario's own world (`bidlab record --explore-seed`). */
const EXPLORE_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/**
 * The other half of telling bias from luck: one world (the scenario's, seed 7), its truth fixed,
 * logged again under a dozen draws of the logger's exploration, with the minimum bid to win
 * reported so the replay retraces the live runs exactly. An estimator unbiased over the logger's
 * randomisation averages the truth here, whatever the world; the spread of its errors is what
 * one log's luck is worth. Same output as fidelity-worlds, per draw.
 */
export async function benchFidelityDraws(): Promise<Record<string, unknown>> {
  const runs = await measureRuns(EXPLORE_SEEDS.map((exploreSeed) => ({ exploreSeed, minToWinShare: 1 })), 'minToWinReported');
  return {
    scenario: 'scenarios/replay-fidelity.yaml, seed 7, the minimum bid to win reported on every auction; the logger (champion, exploring with probability 0.5) under each exploration seed',
    exploreSeeds: EXPLORE_SEEDS,
    trueProfitDifference: round(runs[0]!.trueProfitDifference),
    summary: summarise(runs),
    draws: runs.map(roundRun),
  };
}

interface Run { seed?: number; exploreSeed?: number; trueProfitDifference: number; modes: WorldMode[] }

async function measureRuns(options: ReadonlyArray<{ seed?: number; exploreSeed?: number; minToWinShare: number }>, label: string): Promise<Run[]> {
  const runs: Run[] = [];
  for (const o of options) {
    const f = await measureFidelity(o);
    const modes = worldModes(f);
    const { minToWinShare: _, ...key } = o;
    runs.push({ ...key, trueProfitDifference: f.truth.difference.profit, modes });
    // A long bench: a line per run, so a reader sees it move.
    const dr = modes.find((m) => m.mode === 'dr')!;
    process.stderr.write(`${label} ${JSON.stringify(key)}: truth ${round(f.truth.difference.profit)}, dr error ${round(dr.error)} (${round(dr.z!)} SE)\n`);
  }
  return runs;
}

function worldModes(f: Fidelity): WorldMode[] {
  const truth = f.truth.difference.profit;
  return f.modes.map((m) => {
    const error = m.difference.profit - truth;
    const base = { mode: m.mode, error, within10Percent: Math.abs(error) <= 0.1 * Math.abs(truth) };
    return m.standardError ? { ...base, standardError: m.standardError.profit, z: error / m.standardError.profit } : base;
  });
}

function summarise(worlds: ReadonlyArray<Run>): Record<string, unknown> {
  const modes = worlds[0]!.modes.map((m) => m.mode);
  return Object.fromEntries(modes.map((mode) => {
    const rows = worlds.map((w) => w.modes.find((m) => m.mode === mode)!);
    const errors = rows.map((r) => r.error);
    const summary: Record<string, unknown> = {
      meanError: round(mean(errors)), standardErrorOfMeanError: round(sd(errors) / Math.sqrt(errors.length)),
      within10Percent: rows.filter((r) => r.within10Percent).length,
    };
    const zs = rows.flatMap((r) => (r.z === undefined ? [] : [r.z]));
    if (zs.length === rows.length) {
      Object.assign(summary, {
        meanZ: round(mean(zs)), sdZ: round(sd(zs)), standardErrorOfMeanZ: round(sd(zs) / Math.sqrt(zs.length)),
        aboveTruth: zs.filter((z) => z > 0).length, inside95PercentInterval: zs.filter((z) => Math.abs(z) <= 1.96).length,
      });
    }
    return [mode, summary];
  }));
}

function roundRun(w: Run): Record<string, unknown> {
  return {
    ...(w.seed === undefined ? {} : { seed: w.seed }), ...(w.exploreSeed === undefined ? {} : { exploreSeed: w.exploreSeed }),
    trueProfitDifference: round(w.trueProfitDifference),
    ...Object.fromEntries(w.modes.map((m) => [m.mode, {
      error: round(m.error), within10Percent: m.within10Percent,
      ...(m.standardError === undefined ? {} : { standardError: round(m.standardError), z: round(m.z!) }),
    }])),
  };
}

const mean = (xs: ReadonlyArray<number>) => xs.reduce((s, x) => s + x, 0) / xs.length;
/** Sample standard deviation. */
const sd = (xs: ReadonlyArray<number>) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
