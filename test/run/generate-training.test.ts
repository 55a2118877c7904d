import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttributionStage, type AttributionEvent } from '../../src/attribution/index.js';
import { FEATURE_NAMES } from '../../src/engine/index.js';
import { RandomStreams } from '../../src/rng/index.js';
import { generateTrainingSet, TRAINING_EXTRA_COLUMNS, type TrainingSetSummary } from '../../src/run/generate-training.js';
import { loadScenario, type Scenario } from '../../src/scenario/index.js';
import { buildPopulation, trafficStream } from '../../src/world/index.js';
import { ROOT, runPython } from '../helpers/cli.js';

let dir = '';
let scenario: Scenario;
let summary: TrainingSetSummary;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bidlab-generate-'));
  scenario = await loadScenario(join(ROOT, 'scenarios/quickstart.yaml'), { checkModels: false });
  summary = await generateTrainingSet(scenario, { out: join(dir, 'a.arrow') });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Read {
  columns: string[];
  dtypes: Record<string, string>;
  rows: number;
  labels: number[];
  positives: number;
  sumTrueP: number;
  varTrueP: number;
  revenueOfPositives: number[];
  positiveIds: number[];
}

/** The file as pandas sees it. */
async function readWithPandas(path: string): Promise<Read> {
  const code = `
import json, sys, pandas as pd, numpy as np
d = pd.read_feather(sys.argv[1])
p = d.true_p_conversion.to_numpy()
pos = d[d.converted == 1]
print(json.dumps({"columns": list(d.columns), "dtypes": {c: str(t) for c, t in d.dtypes.items()}, "rows": len(d),
  "labels": sorted(int(x) for x in d.converted.unique()), "positives": int(d.converted.sum()),
  "sumTrueP": float(p.sum()), "varTrueP": float((p * (1 - p)).sum()),
  "revenueOfPositives": sorted(set(float(x) for x in pos.revenue)), "positiveIds": [int(x) for x in pos.opportunity_id]}))
`;
  return JSON.parse(await runPython(['-c', code, path])) as Read;
}

describe('generateTrainingSet', () => {
  it('writes the engine features and the labels as an Arrow file pandas reads', async () => {
    const t = await readWithPandas(summary.path);
    expect(t.columns).toEqual([...FEATURE_NAMES, ...TRAINING_EXTRA_COLUMNS]);
    for (const name of FEATURE_NAMES) expect(t.dtypes[name]).toBe('float64');
    expect(t.dtypes.converted).toBe('int32');
    expect(t.dtypes.campaign).toBe('int32');
    expect(t.rows).toBe(summary.rows);
    // Quickstart: 200,000 requests; a quarter of the Android users are in the campaign, most send an ifa.
    expect(summary.opportunities).toBe(200_000);
    expect(t.rows).toBeGreaterThan(20_000);
    expect(t.rows).toBeLessThan(60_000);
    expect(t.labels).toEqual([0, 1]);
    expect(t.positives).toBe(summary.positives);
    // A re-engagement campaign: every conversion is worth valuePerConversion.
    expect(t.revenueOfPositives).toEqual([2]);
  });

  it('labels at the rate the truth predicts (within 4 standard errors)', async () => {
    const t = await readWithPandas(summary.path);
    // Windows drop a few conversions (view-through opens after 24 h): the label mean may sit a
    // little under the truth, by about 2% of the view-through share at most.
    const sd = Math.sqrt(t.varTrueP);
    expect(t.positives).toBeLessThan(t.sumTrueP + 4 * sd);
    expect(t.positives).toBeGreaterThan(0.98 * t.sumTrueP - 4 * sd);
  });

  it('labels what the attribution stage later attributes for the same impression', async () => {
    const t = await readWithPandas(summary.path);
    const streams = new RandomStreams(scenario.seed);
    const population = buildPopulation(scenario, streams);
    const traffic = trafficStream(scenario, population, streams);
    const stage = new AttributionStage({ streams, attribution: scenario.attribution, startEpochSeconds: 0 });
    const positive = new Set(t.positiveIds);
    // Every positive and the matched opportunities among the first 3,000 ids.
    const ids = new Set([...t.positiveIds, ...Array.from({ length: 3000 }, (_, i) => i)]);
    for (const id of [...ids].sort((a, b) => a - b)) {
      traffic.seek(id);
      const { opportunity, truth } = traffic.nextItem()!;
      if (truth.campaignIndex >= 0) stage.onWin(id, opportunity, truth, scenario.campaigns[truth.campaignIndex]!, 1);
    }
    const attributed = new Set<number>();
    stage.drainAll((e: AttributionEvent) => { if (e.conversion && e.attributed !== null) attributed.add(e.opportunityId); });
    for (const id of positive) expect(attributed.has(id), `opportunity ${id}`).toBe(true);
    // Converted members without an ifa are not in the file: compare only the rows it holds.
    const rowIds = new Set(await allIds(summary.path));
    for (const id of attributed) if (rowIds.has(id)) expect(positive.has(id), `opportunity ${id}`).toBe(true);
  });

  it('gives a byte-identical file for the same scenario and seed, another for another seed', async () => {
    const again = await generateTrainingSet(scenario, { out: join(dir, 'b.arrow') });
    expect(again).toEqual({ ...summary, path: join(dir, 'b.arrow') });
    expect(Buffer.compare(await readFile(summary.path), await readFile(again.path))).toBe(0);
    const other = await generateTrainingSet(scenario, { out: join(dir, 'c.arrow'), seed: 7, maxRows: 1000 });
    const first = await generateTrainingSet(scenario, { out: join(dir, 'd.arrow'), maxRows: 1000 });
    expect(Buffer.compare(await readFile(other.path), await readFile(first.path))).not.toBe(0);
  });

  it('stops at maxRows and refuses a bad one', async () => {
    const s = await generateTrainingSet(scenario, { out: join(dir, 'e.arrow'), maxRows: 1234, batchRows: 500 });
    expect(s.rows).toBe(1234);
    expect((await readWithPandas(s.path)).rows).toBe(1234);
    await expect(generateTrainingSet(scenario, { out: join(dir, 'f.arrow'), maxRows: 0 })).rejects.toMatchObject({ code: 'RUN_TRAINING_SET' });
  });
});

async function allIds(path: string): Promise<number[]> {
  const code = 'import json, sys, pandas as pd; print(json.dumps([int(x) for x in pd.read_feather(sys.argv[1]).opportunity_id]))';
  return JSON.parse(await runPython(['-c', code, path])) as number[];
}
