import type { CommandModule } from 'yargs';
import { createLogTopic, LogProducer, parseKafkaUrl } from '../io/kafka/index.js';
import { openLogWriter } from '../io/log/index.js';
import { recordLog, type RecordSink, type RecordSummary } from '../run/record-log.js';
import { loadScenario } from '../scenario/index.js';
import { parseBidGrid } from './replay-options.js';

interface RecordArgs {
  scenario: string; out: string; policy?: string; explore: number; bidGrid?: string; minToWin: number;
  exploreSeed?: number; seed?: number; maxOpportunities?: number; partitions: number; json: boolean;
}

/** `bidlab record <scenario> --out <file|kafka://…>`: a log from a synthetic world under a logging policy. */
export function recordCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'record <scenario>',
    describe: 'Record an auction log from a scenario\'s world under a logging policy (to a file or a Kafka topic)',
    builder: (y) => y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario YAML' })
      .option('out', { type: 'string', demandOption: true, describe: 'log.ndjson[.gz], log.arrow, or kafka://host:port/topic' })
      .option('policy', { type: 'string', describe: 'The logging policy (default: the champion)' })
      .option('explore', { type: 'number', default: 0, describe: 'Probability of a random bid-grid action, with propensities logged (0: none)' })
      .option('bid-grid', { type: 'string', describe: 'Comma-separated grid prices, CPM (default 0.25,0.35,…,16)' })
      .option('min-to-win', { type: 'number', default: 0, describe: 'Share of auctions whose minimum bid to win the exchange reports' })
      .option('explore-seed', { type: 'number', describe: "Keys the logger's exploration apart from the world: the same world, another run of the logger" })
      .option('seed', { type: 'number', describe: "Overrides the scenario's seed" })
      .option('max-opportunities', { type: 'number', describe: 'Stop after this many records' })
      .option('partitions', { type: 'number', default: 4, describe: 'Partitions of a Kafka topic the command creates (an existing topic is kept)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print only the summary JSON' }),
    handler: async (a) => setExit(await record(a as unknown as RecordArgs)),
  };
}

async function record(a: RecordArgs): Promise<number> {
  const scenario = await loadScenario(a.scenario);
  const options = {
    explore: a.explore, minToWinShare: a.minToWin,
    ...(a.policy ? { policy: a.policy } : {}), ...(a.bidGrid ? { bidGrid: parseBidGrid(a.bidGrid) } : {}),
    ...(a.exploreSeed !== undefined ? { exploreSeed: a.exploreSeed } : {}),
    ...(a.seed !== undefined ? { seed: a.seed } : {}), ...(a.maxOpportunities ? { maxOpportunities: a.maxOpportunities } : {}),
    onProgress: (n: number) => { if (!a.json) process.stderr.write(`recorded ${n}\n`); },
  };
  let summary: RecordSummary;
  if (a.out.startsWith('kafka://')) {
    const { brokers, topic } = parseKafkaUrl(a.out);
    await createLogTopic({ brokers, topic, partitions: a.partitions });
    const producer = await LogProducer.connect({ brokers, topic });
    try {
      summary = await recordLog(scenario, producer, options);
      await producer.flush();
    } finally {
      await producer.close();
    }
  } else {
    const writer = await openLogWriter(a.out);
    const sink: RecordSink = writer;
    try {
      summary = await recordLog(scenario, sink, options);
      await writer.close();
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }
  if (a.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    process.stdout.write(`recorded ${summary.records} opportunities of ${summary.scenario} (seed ${summary.seed}) under ${summary.policy}`
      + `${summary.explore > 0 ? ` exploring ${summary.explore}${summary.exploreSeed === undefined ? '' : ` (explore seed ${summary.exploreSeed})`}` : ''} → ${a.out}: ${summary.bids} bids, ${summary.wins} wins, `
      + `$${summary.spend.toFixed(2)} spent, ${summary.conversions} conversions, ${summary.postbacks} postbacks\n`);
  }
  return 0;
}
