import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuctionLogRecord } from '../../src/domain/index.js';
import { readLog } from '../../src/io/log/index.js';
import { marketObservation, recordFloor } from '../../src/replay/index.js';
import { fitMarketModel } from '../../src/run/fit-market-model.js';
import { loggingPolicyName, policyScorer } from '../../src/run/market-scorer.js';
import { buildScenarioProfiles } from '../../src/run/scenario-world.js';
import { FIDELITY_GRID, fidelityScenario, recordFidelityLog } from './replay-fidelity.js';

/** One grid price's check: auctions the logger did not win where that price meets the floor and the record's bound. */
export interface CalibrationRow {
  /** 'afterLoss': the logger bid at or above the floor and lost; 'unbounded': it did not bid, or bid under the floor. */
  readonly records: 'afterLoss' | 'unbounded';
  readonly bidCpm: number;
  readonly auctions: number;
  /** Mean over those auctions of the model's chance that the bid beats the rivals. */
  readonly modelWinChance: number;
  /** Share of them where it did: the bid reached the reported minimum bid to win. */
  readonly actualWinRate: number;
}

/**
 * How well the fitted market-price model knows the auctions the logger did not win, against the
 * truth: the fidelity world is recorded twice with the same decisions, once as exchanges usually
 * report (the model is fitted on that log) and once with the minimum bid to win reported on every
 * auction. For every list user's auction the logger did not win and every grid price the record's
 * bound leaves open, the model's chance that the price wins is set beside whether it did.
 */
export async function measureMarketCalibration(options: { seed?: number; maxOpportunities?: number } = {}): Promise<CalibrationRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'bidlab-calibration-'));
  try {
    const scenario = await fidelityScenario(options.seed);
    const censored = join(dir, 'censored.arrow'), reported = join(dir, 'reported.arrow');
    await recordFidelityLog(scenario, censored, { minToWinShare: 0, ...options });
    await recordFidelityLog(scenario, reported, { minToWinShare: 1, ...options });
    const model = await fitMarketModel(scenario, readLog(censored));
    const scorer = (await policyScorer(scenario, buildScenarioProfiles(scenario, scenario.seed).profiles, loggingPolicyName(scenario)!))!;
    const increment = scenario.market.secondPriceIncrementCpm ?? 0;
    const sums = new Map<string, { records: CalibrationRow['records']; bidCpm: number; auctions: number; chance: number; wins: number }>();
    const truth = readLog(reported)[Symbol.asyncIterator]();
    for await (const item of readLog(censored)) {
      const next = await truth.next();
      const twin = next.done ? undefined : next.value;
      if (item.kind !== 'record' || twin?.kind !== 'record') throw new Error('calibration: a bad record in a freshly recorded log');
      const record: AuctionLogRecord = item.record;
      if (twin.record.opportunityId !== record.opportunityId) throw new Error('calibration: the two recordings differ');
      if (record.market.won) continue;
      const score = scorer.score(record);
      if (score === undefined) continue;
      const floor = recordFloor(record);
      const bound = marketObservation(record, increment);
      const lower = bound?.kind === 'above' ? bound.cpm : 0;
      const minToWin = twin.record.market.minToWinCpm!;
      for (const bidCpm of FIDELITY_GRID) {
        if (bidCpm <= lower || bidCpm < floor) continue;
        const records = lower > 0 ? 'afterLoss' : 'unbounded';
        const key = `${records} ${bidCpm}`;
        const s = sums.get(key) ?? { records, bidCpm, auctions: 0, chance: 0, wins: 0 };
        s.auctions++;
        s.chance += model.chanceBelow(floor, bidCpm, lower, Infinity, score);
        if (bidCpm >= minToWin) s.wins++;
        sums.set(key, s);
      }
    }
    return [...sums.values()]
      .sort((a, b) => a.records.localeCompare(b.records) || a.bidCpm - b.bidCpm)
      .map((s) => ({ records: s.records, bidCpm: s.bidCpm, auctions: s.auctions, modelWinChance: s.chance / s.auctions, actualWinRate: s.wins / s.auctions }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
