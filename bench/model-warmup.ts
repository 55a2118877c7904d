/**
 * One row at a time, as the run loop and the live bidder call the model: the generated code's
 * cost per row over the first rows a freshly loaded model sees (where V8 has not yet optimised
 * it) and once settled, against the same model over the same rows in one batch, measured in the
 * same run. Rows are campaign-4m's real feature rows for the bundled champion-purchase model.
 */
import { join } from 'node:path';
import { NUM_FEATURES, writeFeatures } from '../src/engine/index.js';
import { loadModelFile } from '../src/model/index.js';
import { RandomStreams } from '../src/rng/index.js';
import { PopulationProfiles } from '../src/run/population-profiles.js';
import { loadScenario } from '../src/scenario/index.js';
import { buildPopulation, trafficStream } from '../src/world/index.js';

const ROOT = join(import.meta.dirname, '..');
const ROWS = 200_000;
const BLOCK = 20_000;

async function featureRows(): Promise<Float64Array> {
  const scenario = await loadScenario(join(ROOT, 'scenarios/campaign-4m.yaml'));
  const streams = new RandomStreams(scenario.seed);
  const population = buildPopulation(scenario, streams);
  const profiles = new PopulationProfiles(population, streams);
  const traffic = trafficStream(scenario, population, streams);
  const X = new Float64Array(ROWS * NUM_FEATURES);
  for (let n = 0; n < ROWS;) {
    const { opportunity } = traffic.nextItem()!;
    const ifa = opportunity.request.device?.ifa;
    const profile = ifa === undefined ? undefined : profiles.get(ifa);
    if (profile) writeFeatures(opportunity.request, profile, opportunity.time, X, n++ * NUM_FEATURES);
  }
  return X;
}

export async function benchModelWarmup(): Promise<Record<string, unknown>> {
  const X = await featureRows();
  const model = join(ROOT, 'fixtures/models/champion-purchase/model.txt');
  const loadStart = performance.now();
  const fresh = await loadModelFile(model, { strategy: 'codegen' });
  const loadMs = performance.now() - loadStart;
  const blocks: number[] = [];
  let checksum = 0;
  for (let b = 0; b < ROWS / BLOCK; b++) {
    const t = performance.now();
    for (let r = b * BLOCK; r < (b + 1) * BLOCK; r++) checksum += fresh.predictOne(X, r * NUM_FEATURES);
    blocks.push(((performance.now() - t) * 1000) / BLOCK);
  }
  const settledStart = performance.now();
  for (let r = 0; r < ROWS; r++) checksum += fresh.predictOne(X, r * NUM_FEATURES);
  const settledOne = ((performance.now() - settledStart) * 1000) / ROWS;
  let batch = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t = performance.now();
    const out = fresh.predictRowMajor(X, ROWS);
    checksum += out[0]!;
    batch = Math.min(batch, ((performance.now() - t) * 1000) / ROWS);
  }
  const round = (x: number) => Number(x.toFixed(2));
  return {
    model: 'fixtures/models/champion-purchase/model.txt (150 trees × 31 leaves)',
    rows: `${ROWS} campaign-4m feature rows`,
    loadCompileWarmUpMs: Math.round(loadMs),
    firstPassMicrosPerRowByBlock: blocks.map(round),
    settledSingleRowMicros: round(settledOne),
    baseline: { what: 'the same rows in one predictRowMajor batch, same model, best of 3', microsPerRow: round(batch) },
    ratioSingleToBatch: round(settledOne / batch),
    checksum,
  };
}
