import type { Argv } from 'yargs';
import { BidlabError } from '../errors.js';
import { OUTCOME_MODES } from '../run/replay-summary.js';

/** `0.5,1,2` → [0.5, 1, 2]; the replay checks the grid's order and range. */
export function parseBidGrid(text: string): number[] {
  const prices = text.split(',').map((s) => Number(s.trim()));
  const bad = prices.findIndex((p) => !Number.isFinite(p));
  if (bad >= 0) throw new BidlabError('CLI_BID_GRID', `price ${bad + 1} of '${text}' is not a number`, '--bid-grid');
  return prices;
}

/** The options of a log replay, shared by `bidlab run` and `bidlab compare` (`--source` switches them on). */
export function withReplayOptions<T>(y: Argv<T>) {
  return y
    .option('source', { type: 'string', describe: 'Replay a recorded log instead of the synthetic traffic: file:<log> or kafka://host:port/topic' })
    .option('outcomes', { choices: OUTCOME_MODES, default: 'logged', describe: 'With --source: how outcomes nobody observed are filled (see docs/replay.md)' })
    .option('outcome-model', { type: 'string', describe: 'With --source: LightGBM outcome model trained on the log (modes model, dr)' })
    .option('market-model', { type: 'string', describe: 'With --source: market-price model JSON (bidlab log fit-market); default fitted from the file' })
    .option('bid-grid', { type: 'string', describe: "With --source: the logger's bid grid, CPM, comma-separated (modes ips, snips, dr)" })
    .option('max-bad-records', { type: 'number', default: 10, describe: 'With --source: fail after more refused records than this' })
    .option('group', { type: 'string', describe: 'With a Kafka source: the consumer group (default bidlab-replay)' })
    .option('group-members', { type: 'number', describe: 'With a Kafka source: wait for this many group members before reading' })
    .option('kafka-from', { type: 'string', describe: "With a Kafka source: where partitions without a committed offset start: earliest (default), latest, an ISO time, or 0:1200,1:1180" })
    .option('kafka-until', { type: 'string', describe: 'With a Kafka source: end (default: what the topic held at start), follow, or an ISO time' })
    .option('checkpoint-every', { type: 'number', describe: 'With --source: records between checkpoints and event segments (default 100000)' })
    .option('resume', { type: 'boolean', describe: 'With --source: go on from the results folder\'s checkpoint after a crash' });
}
