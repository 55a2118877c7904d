import { AttributionStage, trueConversionProbability } from '../attribution/index.js';
import { BidlabError } from '../errors.js';
import { FEATURE_NAMES, NUM_FEATURES, writeFeatures } from '../engine/index.js';
import { ArrowTableWriter, type ArrowColumn } from '../io/arrow/index.js';
import type { RootSeed } from '../rng/index.js';
import type { Scenario } from '../scenario/index.js';
import { buildScenarioWorld } from './scenario-world.js';

export interface TrainingSetOptions {
  /** The Arrow IPC file to write (written under `<out>.partial`, renamed at the end). */
  readonly out: string;
  /** Stop after this many rows. Default: every matched opportunity of the scenario. */
  readonly maxRows?: number;
  /** Root seed of the world, traffic and responses. Default: the scenario's seed. */
  readonly seed?: RootSeed;
  /** Rows per Arrow record batch. Default 65,536 (memory stays bounded by one batch). */
  readonly batchRows?: number;
}

export interface TrainingSetSummary {
  readonly rows: number;
  /** Rows whose label `converted` is 1. */
  readonly positives: number;
  /** Opportunities looked at (matched or not). */
  readonly opportunities: number;
  readonly path: string;
}

/** The columns after the features: labels, ground truth and ids, which training drops (all but the label). */
export const TRAINING_EXTRA_COLUMNS = ['converted', 'revenue', 'true_p_conversion', 'campaign', 'opportunity_id'] as const;

export class TrainingSetError extends BidlabError {
  constructor(message: string, where: string) { super('RUN_TRAINING_SET', message, where); }
}

/**
 * Writes the training set of `scenario`: one row per opportunity whose device id is in the
 * profile store (the engine scores only matched users; the rest are no-bids), as if the
 * impression had been shown. Columns:
 *
 * - FEATURE_NAMES, float64, exactly what `writeFeatures` gives the model (NaN when missing);
 * - `converted` (int32 0/1): the campaign's goal happened and the partner would attribute it,
 *   from the same keyed response chain (drawResponse on the 'response' stream, keyed by the
 *   opportunity id) and the same windows (AttributionWindow) the attribution stage uses, so a
 *   label is what a run later observes for that impression. Re-engagement goal: the app was
 *   re-opened (click-through or view-through) inside its window; purchase goal: at least one
 *   purchase inside the window;
 * - `revenue` (float64): the attributed value, valuePerConversion or the sum of attributed purchases;
 * - `true_p_conversion` (float64): the truth's P(goal | impression) before windows,
 *   pClick·pReengageGivenClick + (1 − pClick)·pViewThrough, × pPurchaseGivenReengage for a
 *   purchase goal. Conversions that fall outside a window are not labelled, so the label's mean
 *   sits slightly below it (view-through opens after the view window; late purchases);
 * - `campaign` (int32, index in scenario.campaigns), `opportunity_id` (float64: ids can pass 2³¹).
 *
 * The same scenario and seed give a byte-identical file.
 */
export async function generateTrainingSet(scenario: Scenario, options: TrainingSetOptions): Promise<TrainingSetSummary> {
  const maxRows = options.maxRows ?? Infinity;
  if (!(maxRows === Infinity || (Number.isSafeInteger(maxRows) && maxRows >= 1))) {
    throw new TrainingSetError(`maxRows must be a positive integer, got ${maxRows}`, 'generateTrainingSet');
  }
  const { streams, profiles, traffic } = buildScenarioWorld(scenario, options.seed ?? scenario.seed);
  // The attribution stage's own answer: the label is what a run would later attribute.
  const labeller = new AttributionStage({ streams, attribution: scenario.attribution, startEpochSeconds: 0 });

  const columns: ArrowColumn[] = [
    ...FEATURE_NAMES.map((name): ArrowColumn => ({ name, type: 'float64' })),
    { name: 'converted', type: 'int32' },
    { name: 'revenue', type: 'float64' },
    { name: 'true_p_conversion', type: 'float64' },
    { name: 'campaign', type: 'int32' },
    { name: 'opportunity_id', type: 'float64' },
  ];
  const writer = await ArrowTableWriter.open(options.out, columns, options.batchRows ? { batchRows: options.batchRows } : {});
  const features = new Float64Array(NUM_FEATURES);
  const row: number[] = new Array<number>(columns.length).fill(0);
  let positives = 0;
  let opportunities = 0;
  try {
    for (let item = traffic.nextItem(); item !== undefined && writer.rowCount < maxRows; item = traffic.nextItem()) {
      opportunities++;
      const { opportunity, truth } = item;
      const ifa = opportunity.request.device?.ifa;
      const profile = ifa === undefined ? undefined : profiles.get(ifa);
      if (profile === undefined) continue;
      if (truth.campaignIndex < 0) {
        throw new TrainingSetError(`user ${truth.userIndex} is in the profile store but in no campaign`, `opportunity ${opportunity.id}`);
      }
      writeFeatures(opportunity.request, profile, opportunity.time, features, 0);
      const campaign = scenario.campaigns[truth.campaignIndex]!;
      const outcome = labeller.outcome(opportunity, truth, campaign);
      const converted = outcome.converts ? 1 : 0;
      positives += converted;
      for (let f = 0; f < NUM_FEATURES; f++) row[f] = features[f]!;
      row[NUM_FEATURES] = converted;
      row[NUM_FEATURES + 1] = outcome.value;
      row[NUM_FEATURES + 2] = trueConversionProbability(truth, campaign.goal);
      row[NUM_FEATURES + 3] = truth.campaignIndex;
      row[NUM_FEATURES + 4] = opportunity.id;
      writer.append(row);
    }
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { rows: writer.rowCount, positives, opportunities, path: options.out };
}
