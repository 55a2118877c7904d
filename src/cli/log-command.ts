import { readFile, writeFile } from 'node:fs/promises';
import type { Argv, CommandModule } from 'yargs';
import { fitMarketModel } from '../run/fit-market-model.js';
import { openLogSource } from '../run/log-source.js';
import { logTrainingSet } from '../run/log-training-set.js';
import { loadScenario } from '../scenario/index.js';
import { MarketPriceModel, ReplayError } from '../replay/index.js';

interface LogArgs { source: string; scenario: string; out: string; seed?: number; group?: string }

/** `bidlab log fit-market|training`: what a replay of a log needs from the log itself. */
export function logCommand(setExit: (code: number) => void): CommandModule {
  const common = (y: Argv) => y
    .positional('source', { type: 'string', demandOption: true, describe: 'file:<log> or kafka://host:port/topic' })
    .option('scenario', { type: 'string', demandOption: true, describe: 'The scenario whose world holds the profiles and campaigns' })
    .option('out', { type: 'string', demandOption: true, describe: 'Output file' })
    .option('seed', { type: 'number', describe: "Overrides the scenario's seed" })
    .option('group', { type: 'string', describe: 'Kafka consumer group (default bidlab-log-<command>)' });
  return {
    command: 'log <command>',
    describe: 'Fit what a log replay needs from the log: the market-price model, the outcome model\'s training set',
    builder: (y) => y
      .command({
        command: 'fit-market <source>',
        describe: 'Fit the market-price model (highest competing bid, censored log-normal per floor band) → JSON',
        builder: common,
        handler: async (a) => setExit(await fitMarket(a as unknown as LogArgs)),
      })
      .command({
        command: 'training <source>',
        describe: 'The outcome model\'s training set: features and observed labels of the logged wins → Arrow',
        builder: common,
        handler: async (a) => setExit(await training(a as unknown as LogArgs)),
      })
      .demandCommand(1, 'Name a log command: fit-market or training.'),
    handler: () => {},
  };
}

async function fitMarket(a: LogArgs): Promise<number> {
  const scenario = await loadScenario(a.scenario);
  const source = openLogSource(a.source, { groupId: a.group ?? 'bidlab-log-fit-market' });
  try {
    const model = await fitMarketModel(scenario, source.items(), a.seed ?? scenario.seed);
    await writeFile(a.out, `${JSON.stringify(model.toJson(), null, 2)}\n`);
    process.stdout.write(`market-price model of ${source.name} (${model.pooled.observations} observations; pooled log-normal mu ${model.pooled.mu.toFixed(3)}, sigma ${model.pooled.sigma.toFixed(3)}${model.scores ? `; by floor and ${model.scores.policy}'s score` : ''}) → ${a.out}\n`);
  } finally {
    await source.close();
  }
  return 0;
}

async function training(a: LogArgs): Promise<number> {
  const scenario = await loadScenario(a.scenario);
  const source = openLogSource(a.source, { groupId: a.group ?? 'bidlab-log-training' });
  try {
    const s = await logTrainingSet(scenario, source.items(), a.out, a.seed);
    process.stdout.write(`${s.rows} logged wins (${s.positives} converted) of ${s.records} records → ${s.path}\n`);
  } finally {
    await source.close();
  }
  return 0;
}

/** Reads a market-price model written by `bidlab log fit-market`. */
export async function readMarketModel(path: string): Promise<MarketPriceModel> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ReplayError('REPLAY_MARKET_MODEL', `cannot read the market-price model: ${(error as Error).message}`, path);
  }
  return MarketPriceModel.fromJson(json, path);
}
