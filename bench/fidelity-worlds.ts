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
 * Per condition and mode, over the worlds: the mean standard score and its standard error (an
 * unbiased estimator's scores average 0 and spread 1), how many worlds land above the truth, inside
 * the 95% interval, and within 10%. Deterministic: the numbers depend on the seeds alone. About two
 * minutes a world on the 2-core machine.
 */
export async function benchFidelityWorlds(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {
    scenario: 'scenarios/replay-fidelity.yaml under each seed (champion logs, exploring its bid grid with probability 0.5)',
    seeds: SEEDS,
  };
  for (const condition of CONDITIONS) {
    const worlds: Array<{ seed: number; trueProfitDifference: number; modes: WorldMode[] }> = [];
    for (const seed of SEEDS) {
      const f = await measureFidelity({ seed, minToWinShare: condition.minToWinShare });
      worlds.push({ seed, trueProfitDifference: f.truth.difference.profit, modes: worldModes(f) });
    }
    out[condition.name] = { minToWinShare: condition.minToWinShare, summary: summarise(worlds), worlds: worlds.map(roundWorld) };
  }
  return out;
}

function worldModes(f: Fidelity): WorldMode[] {
  const truth = f.truth.difference.profit;
  return f.modes.map((m) => {
    const error = m.difference.profit - truth;
    const base = { mode: m.mode, error, within10Percent: Math.abs(error) <= 0.1 * Math.abs(truth) };
    return m.standardError ? { ...base, standardError: m.standardError.profit, z: error / m.standardError.profit } : base;
  });
}

function summarise(worlds: ReadonlyArray<{ modes: WorldMode[] }>): Record<string, unknown> {
  const modes = worlds[0]!.modes.map((m) => m.mode);
  return Object.fromEntries(modes.map((mode) => {
    const rows = worlds.map((w) => w.modes.find((m) => m.mode === mode)!);
    const errors = rows.map((r) => r.error);
    const summary: Record<string, unknown> = {
      meanError: round(mean(errors)),
      within10Percent: rows.filter((r) => r.within10Percent).length,
    };
    const zs = rows.flatMap((r) => (r.z === undefined ? [] : [r.z]));
    if (zs.length === rows.length) {
      const m = mean(zs);
      const sd = Math.sqrt(zs.reduce((s, z) => s + (z - m) ** 2, 0) / (zs.length - 1));
      Object.assign(summary, {
        meanZ: round(m), sdZ: round(sd), standardErrorOfMeanZ: round(sd / Math.sqrt(zs.length)),
        aboveTruth: zs.filter((z) => z > 0).length, inside95PercentInterval: zs.filter((z) => Math.abs(z) <= 1.96).length,
      });
    }
    return [mode, summary];
  }));
}

function roundWorld(w: { seed: number; trueProfitDifference: number; modes: WorldMode[] }): Record<string, unknown> {
  return {
    seed: w.seed,
    trueProfitDifference: round(w.trueProfitDifference),
    ...Object.fromEntries(w.modes.map((m) => [m.mode, {
      error: round(m.error), within10Percent: m.within10Percent,
      ...(m.standardError === undefined ? {} : { standardError: round(m.standardError), z: round(m.z!) }),
    }])),
  };
}

const mean = (xs: ReadonlyArray<number>) => xs.reduce((s, x) => s + x, 0) / xs.length;
