import { measureFidelity } from '../test/helpers/replay-fidelity.js';
import { measureMarketCalibration } from '../test/helpers/market-calibration.js';
import { measureTrajectories } from '../test/helpers/replay-trajectory.js';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Issue 5's fidelity experiment (see test/helpers/replay-fidelity.ts): how far each outcome
 * mode's challenger − champion lands from the truth of running both live in the world the log
 * was recorded from, in absolute terms, as a share of the true difference, and (off-policy
 * modes) in standard errors; how far the replayed policies' decisions leave their live runs'
 * (test/helpers/replay-trajectory.ts); and how well the fitted market-price model knows the
 * auctions the logger did not win (test/helpers/market-calibration.ts). One world's error cannot tell a bias from bad luck: the
 * `fidelity-worlds` bench runs the experiment in a dozen.
 */
export async function benchReplayFidelity(): Promise<Record<string, unknown>> {
  const f = await measureFidelity();
  const keys = ['conversions', 'revenue', 'spend', 'profit'] as const;
  return {
    scenario: 'scenarios/replay-fidelity.yaml (champion logs, exploring its bid grid with probability 0.5)',
    records: f.records,
    truth: Object.fromEntries(Object.entries(f.truth).map(([k, v]) => [k, Object.fromEntries(keys.map((q) => [q, round(v[q])]))])),
    modes: f.modes.map((m) => ({
      mode: m.mode,
      difference: Object.fromEntries(keys.map((q) => [q, round(m.difference[q])])),
      errorOfDifference: Object.fromEntries(keys.map((q) => [q, round(m.difference[q] - f.truth.difference[q])])),
      relativeErrorOfDifference: Object.fromEntries(keys.map((q) => [q, round((m.difference[q] - f.truth.difference[q]) / Math.abs(f.truth.difference[q]), 3)])),
      ...(m.standardError ? { standardErrorOfDifference: Object.fromEntries(keys.map((q) => [q, round(m.standardError![q])])) } : {}),
      champion: Object.fromEntries(keys.map((q) => [q, round(m.champion[q])])),
      challenger: Object.fromEntries(keys.map((q) => [q, round(m.challenger[q])])),
    })),
    seconds: { record: round(f.seconds.record, 1), replay: Object.fromEntries(Object.entries(f.seconds.replay).map(([k, v]) => [k, round(v, 1)])) },
    // Where the replay's policies leave their live runs (seed 7, the whole log): with a market-price
    // model for the auctions the logger lost, and with the minimum bid to win reported on all.
    trajectory: {
      marketModel: await measureTrajectories({ minToWinShare: 0 }),
      minToWinOnEveryAuction: await measureTrajectories({ minToWinShare: 1 }),
    },
    // Per grid price, the market-price model's mean chance of winning against the share that won
    // (the minimum bid to win reported on the same auctions), on list users' auctions the logger
    // did not win: after a loss at or above the floor, and where the log bounds nothing.
    marketCalibration: (await measureMarketCalibration()).map((r) => ({
      ...r, modelWinChance: round(r.modelWinChance, 4), actualWinRate: round(r.actualWinRate, 4),
    })),
  };
}
