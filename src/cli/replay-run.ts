import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BidlabError } from '../errors.js';
import { fitMarketModel } from '../run/fit-market-model.js';
import { openLogSource, parseKafkaRange } from '../run/log-source.js';
import { checkOutcomeMode, replayLog } from '../run/replay-log.js';
import type { OutcomeMode, ReplaySummary } from '../run/replay-summary.js';
import { loadScenario, type Scenario } from '../scenario/index.js';
import { money, percent } from '../tui/index.js';
import { readMarketModel } from './log-command.js';
import { parseBidGrid } from './replay-options.js';

export interface ReplayRunArgs {
  scenario: string; source: string; outcomes: OutcomeMode; outcomeModel?: string; marketModel?: string; bidGrid?: string;
  maxBadRecords: number; group?: string; groupMembers?: number; policy?: string[]; seed?: number; out?: string; json: boolean;
  events?: boolean; checkpointEvery?: number; resume?: boolean; kafkaFrom?: string; kafkaUntil?: string;
}

/** `bidlab run <scenario> --source <log>`: the scenario's policies replayed on a recorded log. */
export async function replayRun(a: ReplayRunArgs): Promise<number> {
  const scenario = await loadScenario(a.scenario);
  const { summary, out } = await replayScenario(scenario, a, join('runs', `${scenario.name}-replay-${a.outcomes}`));
  if (a.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else process.stdout.write(`${replayTable(summary)}\nresults: ${out}/replay.json${a.events !== false ? `, ${out}/events/` : ''}\n`);
  return 0;
}

/**
 * Replays `scenario`'s policies on the log `a.source` names and writes the results folder
 * (replay.json, events/, dead letters, checkpoints); commits a Kafka source's offsets only once
 * replay.json is on disk.
 */
export async function replayScenario(scenario: Scenario, a: Omit<ReplayRunArgs, 'scenario' | 'json'> & { es?: string }, defaultOut: string): Promise<{ summary: ReplaySummary; out: string }> {
  // Refused rather than ignored: the Elasticsearch indices are built from a synthetic run's summary and events files.
  if (a.es !== undefined) throw new BidlabError('CLI_ES_REPLAY', 'indexing a log replay into Elasticsearch is not supported yet; drop --es (its results are replay.json and events/)', '--es');
  const source = openLogSource(a.source, {
    groupId: a.group ?? 'bidlab-replay', ...(a.groupMembers ? { groupMembers: a.groupMembers } : {}), ...parseKafkaRange(a.kafkaFrom, a.kafkaUntil),
  });
  checkOutcomeMode(a.outcomes, a.outcomeModel);
  if (source.kind === 'kafka' && !a.marketModel) {
    throw new BidlabError('CLI_MARKET_MODEL', 'a Kafka replay reads the topic once: fit the market-price model first (bidlab log fit-market) and pass --market-model', '--market-model');
  }
  const out = a.out ?? defaultOut;
  await mkdir(out, { recursive: true });
  try {
    // A file is read twice: once for the market's prices, once for the replay.
    const marketModel = a.marketModel ? await readMarketModel(a.marketModel) : await fitMarketModel(scenario, source.items(), a.seed ?? scenario.seed);
    const summary = await replayLog(scenario, (after) => source.items(after), {
      outcomes: a.outcomes, marketModel, sourceName: source.name, maxBadRecords: a.maxBadRecords,
      deadLetterPath: join(out, 'dead-letters.ndjson'), checkpointPath: join(out, 'checkpoint'), resume: a.resume ?? false,
      // Offsets move only past what a checkpoint holds: a crash re-reads at most one interval, which the checkpoint then skips.
      onCheckpoint: () => source.commit(),
      ...(a.events !== false ? { eventsDir: join(out, 'events') } : {}), ...(a.checkpointEvery ? { checkpointEvery: a.checkpointEvery } : {}),
      ...(a.outcomeModel ? { fingerprintParts: [await digest(a.outcomeModel)] } : {}),
      ...(a.outcomeModel ? { outcomeModel: a.outcomeModel } : {}), ...(a.bidGrid ? { bidGrid: parseBidGrid(a.bidGrid) } : {}),
      ...(a.policy ? { policies: a.policy } : {}), ...(a.seed !== undefined ? { seed: a.seed } : {}),
      onProgress: (n) => { process.stderr.write(`replayed ${n} records\n`); },
    });
    await writeFile(join(out, 'replay.json'), `${JSON.stringify(summary, null, 2)}\n`);
    // Offsets move only once the results are on disk: a crash before this replays the records again.
    await source.commit();
    return { summary, out };
  } finally {
    await source.close();
  }
}

/** The end-of-replay table: one row per policy, and what the outcome mode means. */
export function replayTable(s: ReplaySummary): string {
  const head = ['policy', 'bids', 'wins', 'spend', 'conv.', 'revenue', 'ROI', 'unobserved wins', 'spend on them'];
  const rows = s.policies.map((p) => [
    p.name, String(p.bids), String(p.wins), money(p.spend), p.conversions.toFixed(1), money(p.revenue), percent(p.roi),
    String(p.unobservedWins), percent(p.unobservedSpendShare),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const m = s.market;
  return [
    `${s.scenario} replayed on ${s.source}: ${s.records} records (${s.unmatched} of users on no retargeting list, ${s.badRecords} refused)`,
    `outcomes: ${s.outcomes}: ${s.outcomesMeaning}`,
    `competing price from: the reported minimum bid to win ${m['min-to-win']}, the logged second price ${m['logged-price']}, the market-price model ${m.model}`,
    ...(s.logger ? [`logging policy replayed: ${s.logger.policy}, bidding as logged on ${s.logger.agreed} of ${s.logger.greedyRecords} records where the log shows its own bid`] : []),
    line(head), ...rows.map(line),
  ].join('\n');
}

async function digest(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}
