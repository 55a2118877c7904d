import type { LogItem } from '../domain/index.js';
import { FEATURE_NAMES, NUM_FEATURES, writeFeatures } from '../engine/index.js';
import { type ArrowColumn, ArrowTableWriter } from '../io/arrow/index.js';
import { loggedReturn, type LoggedReturn } from '../replay/index.js';
import type { Scenario } from '../scenario/index.js';
import { buildScenarioProfiles, campaignValues, startEpochSeconds } from './scenario-world.js';

export interface LogTrainingSummary {
  readonly rows: number;
  readonly positives: number;
  readonly records: number;
  readonly path: string;
}

/**
 * The outcome model's training set from a log: one row per impression the logged bidder won for
 * a user on a retargeting list (the only ones with observed outcomes), the engine's features and
 * the label `converted` (a goal postback arrived), plus `revenue`, `campaign` and
 * `opportunity_id` for training to drop. The same columns as `bidlab generate --kind training`
 * bar the truth, so `training/train.py` trains on it the same way.
 */
export async function logTrainingSet(scenario: Scenario, source: AsyncIterable<LogItem>, out: string, seed?: number): Promise<LogTrainingSummary> {
  const { profiles } = buildScenarioProfiles(scenario, seed ?? scenario.seed);
  const startEpoch = startEpochSeconds(scenario);
  const values = campaignValues(scenario);
  const columns: ArrowColumn[] = [
    ...FEATURE_NAMES.map((name): ArrowColumn => ({ name, type: 'float64' })),
    { name: 'converted', type: 'int32' }, { name: 'revenue', type: 'float64' },
    { name: 'campaign', type: 'int32' }, { name: 'opportunity_id', type: 'float64' },
  ];
  const writer = await ArrowTableWriter.open(out, columns);
  const features = new Float64Array(NUM_FEATURES);
  const row = new Array<number>(columns.length).fill(0);
  const logged: LoggedReturn = { conversions: 0, revenue: 0 };
  let records = 0, positives = 0;
  try {
    for await (const item of source) {
      if (item.kind !== 'record') continue;
      records++;
      const r = item.record;
      const ifa = r.request.device?.ifa;
      const profile = r.market.won && ifa !== undefined ? profiles.get(ifa) : undefined;
      if (!profile) continue;
      const campaign = scenario.campaigns[profile.campaign]!;
      writeFeatures(r.request, profile, r.time - startEpoch, features, 0);
      loggedReturn(r, campaign.goal, values[profile.campaign]!, logged);
      for (let f = 0; f < NUM_FEATURES; f++) row[f] = features[f]!;
      row[NUM_FEATURES] = logged.conversions > 0 ? 1 : 0;
      row[NUM_FEATURES + 1] = logged.revenue;
      row[NUM_FEATURES + 2] = profile.campaign;
      row[NUM_FEATURES + 3] = r.opportunityId;
      positives += row[NUM_FEATURES]!;
      writer.append(row);
    }
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { rows: writer.rowCount, positives, records, path: out };
}
