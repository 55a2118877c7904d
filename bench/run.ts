/**
 * `npm run bench`: runs every benchmark and writes JSON to bench/results/ with the machine's
 * description. Speeds are ratios against a baseline measured in the same run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMachine } from './machine.js';
import { benchAttribution } from './attribution.js';
import { benchEsIndex } from './es-index.js';
import { benchEventQueue } from './event-queue.js';
import { benchFidelityDraws, benchFidelityWorlds } from './fidelity-worlds.js';
import { benchKafkaReplay } from './kafka-replay.js';
import { benchMarket } from './market.js';
import { benchModelPredict } from './model-predict.js';
import { benchModelWarmup } from './model-warmup.js';
import { benchReplayFidelity } from './replay-fidelity.js';
import { benchReplayRead } from './replay-read.js';
import { benchRng } from './rng.js';
import { benchRunCampaign } from './run-campaign.js';
import { benchServe } from './serve.js';
import { benchTableRead } from './table-read.js';
import { benchWorld } from './world.js';

const BENCHES: Record<string, () => Promise<Record<string, unknown>>> = {
  'model-predict': () => benchModelPredict(),
  'model-warmup': benchModelWarmup,
  'table-read': () => benchTableRead(),
  rng: benchRng,
  'event-queue': benchEventQueue,
  market: benchMarket,
  world: benchWorld,
  attribution: benchAttribution,
  'run-campaign': () => benchRunCampaign(),
  'es-index': () => benchEsIndex(),
  serve: () => benchServe(),
  'replay-fidelity': benchReplayFidelity,
  'fidelity-worlds': benchFidelityWorlds,
  'fidelity-draws': benchFidelityDraws,
  'replay-read': benchReplayRead,
  'kafka-replay': benchKafkaReplay,
};

const only = process.argv.slice(2);
const outDir = join(import.meta.dirname, 'results');
mkdirSync(outDir, { recursive: true });
for (const [name, run] of Object.entries(BENCHES)) {
  if (only.length && !only.includes(name)) continue;
  const result = { bench: name, date: new Date().toISOString(), machine: describeMachine(), ...(await run()) };
  const file = join(outDir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`wrote ${file}\n`);
}
