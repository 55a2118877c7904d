import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplaySummary } from '../../src/run/replay-summary.js';
import { BIN, cliOk as cli, ensureBuilt } from '../helpers/cli.js';
import { ensureKafka, uniqueTopic } from '../helpers/kafka.js';
import { FIDELITY_SCENARIO } from '../helpers/replay-fidelity.js';

/**
 * Replay from a real Kafka topic: `bidlab record --out kafka://…` publishes a log, `bidlab run
 * --source kafka://…` replays it to the same totals as the same log read from a file, commits the
 * group's offsets once its results are written, and two processes in one consumer group split the
 * partitions and together reach the same totals.
 */
const RECORDS = 40_000;
let dir: string;
let brokers: string;
let topic: string;
let reference: ReplaySummary;

async function replay(out: string, extra: string[] = []): Promise<ReplaySummary> {
  return JSON.parse(await cli(['run', FIDELITY_SCENARIO, '--source', `kafka://${brokers}/${topic}`, '--market-model', join(dir, 'market.json'),
    '--out', join(dir, out), '--json', ...extra])) as ReplaySummary;
}

beforeAll(async () => {
  await ensureBuilt();
  brokers = await ensureKafka();
  dir = await mkdtemp(join(tmpdir(), 'bidlab-replay-kafka-'));
  topic = uniqueTopic('replay');
  const common = ['record', FIDELITY_SCENARIO, '--max-opportunities', String(RECORDS), '--explore', '0.3', '--bid-grid', '0.5,1,2,4,8'];
  await cli([...common, '--out', `kafka://${brokers}/${topic}`, '--partitions', '4']);
  await cli([...common, '--out', join(dir, 'log.ndjson')]);
  await cli(['log', 'fit-market', `file:${join(dir, 'log.ndjson')}`, '--scenario', FIDELITY_SCENARIO, '--out', join(dir, 'market.json')]);
  reference = JSON.parse(await cli(['run', FIDELITY_SCENARIO, '--source', `file:${join(dir, 'log.ndjson')}`, '--market-model', join(dir, 'market.json'),
    '--out', join(dir, 'file'), '--json'])) as ReplaySummary;
}, 300_000);

afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

/** Counts match exactly; money to rounding (records from four partitions arrive interleaved, so sums run in another order). */
function expectSameTotals(parts: ReadonlyArray<ReplaySummary>, whole: ReplaySummary): void {
  expect(parts.reduce((s, p) => s + p.records, 0)).toBe(whole.records);
  expect(parts.reduce((s, p) => s + p.unmatched, 0)).toBe(whole.unmatched);
  for (const ref of whole.policies) {
    const mine = parts.map((p) => p.policies.find((q) => q.name === ref.name)!);
    const sum = (f: (p: (typeof mine)[number]) => number) => mine.reduce((s, p) => s + f(p), 0);
    expect(sum((p) => p.bids)).toBe(ref.bids);
    expect(sum((p) => p.wins)).toBe(ref.wins);
    expect(sum((p) => p.observedWins)).toBe(ref.observedWins);
    expect(sum((p) => p.conversions)).toBe(ref.conversions);
    expect(sum((p) => p.spend)).toBeCloseTo(ref.spend, 6);
    expect(sum((p) => p.revenue)).toBeCloseTo(ref.revenue, 6);
  }
}

describe('replay from Kafka', () => {
  it('reaches the totals of the same log read from a file, and commits its offsets after writing its results', async () => {
    const s = await replay('kafka-one', ['--group', `${topic}-one`]);
    expect(s.source).toBe(`kafka://${brokers}/${topic}`);
    expect(s.records).toBe(RECORDS);
    expectSameTotals([s], reference);
    expect(JSON.parse(await readFile(join(dir, 'kafka-one/replay.json'), 'utf8'))).toEqual(s);
    const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: `${topic}-one`, topics: [topic] });
      const ends = await admin.fetchTopicOffsets(topic);
      expect(committed!.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual(ends.map((p) => [p.partition, p.high]).sort());
    } finally {
      await admin.disconnect();
    }
    // The group has read everything: a second replay in it finds nothing left.
    const again = await replay('kafka-again', ['--group', `${topic}-one`]);
    expect(again.records).toBe(0);
  }, 240_000);

  it('splits the partitions between two processes of one group; together they reach the same totals', async () => {
    const group = ['--group', `${topic}-two`, '--group-members', '2'];
    const [a, b] = await Promise.all([replay('kafka-a', group), replay('kafka-b', group)]);
    expect(a.records).toBeGreaterThan(0);
    expect(b.records).toBeGreaterThan(0);
    expectSameTotals([a, b], reference);
  }, 240_000);

  it('resumes after kill -9 without losing or double-counting a record', async () => {
    const args = ['run', FIDELITY_SCENARIO, '--source', `kafka://${brokers}/${topic}`, '--market-model', join(dir, 'market.json'),
      '--out', join(dir, 'kafka-killed'), '--json', '--group', `${topic}-killed`, '--checkpoint-every', '3000'];
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    while (!existsSync(join(dir, 'kafka-killed', 'checkpoint')) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGKILL');
    await exited;
    const resumed = JSON.parse(await cli([...args, '--resume'])) as ReplaySummary;
    expect(resumed.records).toBe(RECORDS);
    expectSameTotals([resumed], reference);
  }, 240_000);
});
