import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuctionLogRecord, BadLogRecord, LogItem } from '../../../src/domain/index.js';
import { createLogTopic, KafkaIoError, LogConsumer, LogProducer, type LogConsumerOptions } from '../../../src/io/kafka/index.js';
import { ensureKafka, uniqueTopic } from '../../helpers/kafka.js';
import { makeLogRecord, plain } from '../log/log-fixtures.js';

const RECORDS = 3_000;
const PARTITIONS = 4;

let brokers: string[];
let topic: string;
const records: AuctionLogRecord[] = Array.from({ length: RECORDS }, (_, i) => makeLogRecord(i, { users: 97 }));
/** Every message of the shared topic as first read: the reference for the narrower reads. */
let all: Array<{ id: number; partition: number; offset: bigint; ifa: string }>;

interface KafkaItem { item: LogItem; partition: number; offset: string }

function kafkaPosition(item: LogItem): { partition: number; offset: string } {
  if (item.position.kind !== 'kafka') throw new Error(`not a Kafka position: ${JSON.stringify(item.position)}`);
  return item.position;
}

/** Reads to the end (or `limit` items), commits through what it read when asked, and closes. */
async function readAll(options: Partial<LogConsumerOptions> & { groupId: string }, limit = Infinity, commit = false): Promise<KafkaItem[]> {
  const consumer = await LogConsumer.connect({ brokers, topic, ...options });
  const out: KafkaItem[] = [];
  try {
    for await (const item of consumer.records()) {
      out.push({ item, ...kafkaPosition(item) });
      if (out.length >= limit) break;
    }
    if (commit) await consumer.commit(out.map(({ partition, offset }) => ({ partition, offset })));
  } finally {
    await consumer.close();
  }
  return out;
}

const idOf = (x: KafkaItem) => (x.item.kind === 'record' ? x.item.record.opportunityId : -1);

beforeAll(async () => {
  brokers = [await ensureKafka()];
  topic = uniqueTopic('bidlab-log');
  expect(await createLogTopic({ brokers, topic, partitions: PARTITIONS })).toBe(true);
  const producer = await LogProducer.connect({ brokers, topic, batchRecords: 500 });
  for (const r of records) await producer.write(r);
  await producer.close();
  expect(producer.recordCount).toBe(RECORDS);
  const items = await readAll({ groupId: `${topic}-reference` });
  all = items.map((x) => ({ id: idOf(x), partition: x.partition, offset: BigInt(x.offset), ifa: (x.item as { record: AuctionLogRecord }).record.request.device!.ifa! }));
});

describe('a log topic', () => {
  it('gives back every record once, unchanged', () => {
    expect(all).toHaveLength(RECORDS);
    expect(new Set(all.map((x) => x.id)).size).toBe(RECORDS);
    expect(Math.min(...all.map((x) => x.id))).toBe(0);
  });

  it('keeps one user on one partition, in the order written, and spreads users over all partitions', () => {
    const partitionOf = new Map<string, number>();
    const lastId = new Map<string, number>();
    const byPartition = new Map<number, bigint[]>();
    for (const x of all) {
      expect(partitionOf.get(x.ifa) ?? x.partition).toBe(x.partition);
      partitionOf.set(x.ifa, x.partition);
      expect(x.id).toBeGreaterThan(lastId.get(x.ifa) ?? -1);
      lastId.set(x.ifa, x.id);
      byPartition.set(x.partition, [...(byPartition.get(x.partition) ?? []), x.offset]);
    }
    expect([...byPartition.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const offsets of byPartition.values()) expect(offsets).toEqual(offsets.map((_, i) => BigInt(i)));
  });

  it('round-trips the records field for field', async () => {
    const items = await readAll({ groupId: `${topic}-fields` }, 200);
    for (const { item } of items) {
      expect(item.kind).toBe('record');
      if (item.kind === 'record') expect(plain(item.record)).toEqual(plain(records[item.record.opportunityId]));
    }
  });

  it('starts from given offsets', async () => {
    const items = await readAll({ groupId: `${topic}-offsets`, start: { offsets: { 0: '100', 2: '7' } } });
    const expected = all.filter((x) => (x.partition === 0 ? x.offset >= 100n : x.partition === 2 ? x.offset >= 7n : true));
    expect(items.map(idOf).sort((a, b) => a - b)).toEqual(expected.map((x) => x.id).sort((a, b) => a - b));
  });

  it('starts from a time, and stops before another', async () => {
    // Message timestamps are the auction times: record i at START + i/2 seconds.
    const ms = (i: number) => Math.round(records[i]!.time * 1000);
    const from = await readAll({ groupId: `${topic}-time`, start: { timestamp: ms(2_000) } });
    expect(from.map(idOf).sort((a, b) => a - b)).toEqual(records.slice(2_000).map((r) => r.opportunityId));
    const range = await readAll({ groupId: `${topic}-range`, start: { timestamp: ms(1_000) }, end: { timestamp: ms(1_500) } });
    expect(range.map(idOf).sort((a, b) => a - b)).toEqual(records.slice(1_000, 1_500).map((r) => r.opportunityId));
  });

  it('resumes a group after the offsets it committed, reading nothing twice', async () => {
    const groupId = `${topic}-resume`;
    const first = await readAll({ groupId }, 1_000, true);
    const rest = await readAll({ groupId }, Infinity, true);
    expect(first).toHaveLength(1_000);
    expect(new Set([...first, ...rest].map(idOf)).size).toBe(RECORDS);
    expect(first.length + rest.length).toBe(RECORDS);
    expect(await readAll({ groupId })).toEqual([]);
  });

  it('splits the partitions between two consumers of one group', async () => {
    const groupId = `${topic}-split`;
    const [a, b] = await Promise.all([
      readAll({ groupId, groupMembers: 2 }, Infinity, true),
      readAll({ groupId, groupMembers: 2 }, Infinity, true),
    ]);
    const partitionsA = new Set(a.map((x) => x.partition));
    const partitionsB = new Set(b.map((x) => x.partition));
    expect(partitionsA.size).toBeGreaterThan(0);
    expect(partitionsB.size).toBeGreaterThan(0);
    expect([...partitionsA].filter((p) => partitionsB.has(p))).toEqual([]);
    expect(partitionsA.size + partitionsB.size).toBe(PARTITIONS);
    const ids = [...a, ...b].map(idOf);
    expect(ids).toHaveLength(RECORDS);
    expect(new Set(ids).size).toBe(RECORDS);
  });

  it('hands out the same items in small arrays, each from one partition in offset order, once', async () => {
    // A short queue: fetching waits for the reader again and again.
    const consumer = await LogConsumer.connect({ brokers, topic, groupId: `${topic}-batches`, maxQueued: 500 });
    const seen: Array<{ id: number; partition: number; offset: bigint }> = [];
    try {
      for await (const batch of consumer.batches()) {
        const positions = batch.map(kafkaPosition);
        expect(new Set(positions.map((p) => p.partition)).size).toBe(1);
        batch.forEach((item, i) => seen.push({ id: item.kind === 'record' ? item.record.opportunityId : -1, partition: positions[i]!.partition, offset: BigInt(positions[i]!.offset) }));
      }
      expect(() => consumer.records()).toThrowError(expect.objectContaining({ code: 'KAFKA_SINGLE_PASS' }));
    } finally {
      await consumer.close();
    }
    for (let p = 0; p < PARTITIONS; p++) {
      expect(seen.filter((x) => x.partition === p).map((x) => x.offset)).toEqual(all.filter((x) => x.partition === p).map((x) => x.offset));
    }
    expect(seen.map((x) => x.id).sort((a, b) => a - b)).toEqual(all.map((x) => x.id).sort((a, b) => a - b));
  });

  it('takes auction times far in the past and in the future as message timestamps', async () => {
    const timesTopic = uniqueTopic('bidlab-log');
    await createLogTopic({ brokers, topic: timesTopic, partitions: 1 });
    const producer = await LogProducer.connect({ brokers, topic: timesTopic });
    const times = [86_400, 1_000_000_000, 4_102_444_800]; // 1970-01-02, 2001, 2100
    for (const [i, time] of times.entries()) await producer.write(makeLogRecord(i, { time }));
    await producer.close();
    const consumer = await LogConsumer.connect({ brokers, topic: timesTopic, groupId: `${timesTopic}-g`, start: { timestamp: 2_000_000_000_000 } });
    const items: LogItem[] = [];
    for await (const item of consumer.records()) items.push(item);
    await consumer.close();
    expect(items.map((x) => (x.kind === 'record' ? x.record.time : x.reason))).toEqual([4_102_444_800]);
  });

  it('refuses a topic that does not exist', async () => {
    await expect(LogConsumer.connect({ brokers, topic: uniqueTopic('bidlab-missing'), groupId: 'x' })).rejects.toMatchObject({ code: 'KAFKA_TOPIC' });
  });
});

describe('malformed messages', () => {
  it('come out as bad records with topic, partition and offset', async () => {
    const badTopic = uniqueTopic('bidlab-bad');
    await createLogTopic({ brokers, topic: badTopic, partitions: 1 });
    const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const good = (i: number) => JSON.stringify(records[i]);
    const wrongVersion = JSON.stringify({ ...records[3], schemaVersion: 3 });
    await producer.send({
      topic: badTopic,
      messages: [
        { key: 'a', value: good(0) },
        { key: 'a', value: '{"schemaVersion": 1, "opportu' },
        { key: 'a', value: wrongVersion },
        { key: 'a', value: null },
        { key: 'a', value: Buffer.from([0x7b, 0xff, 0x7d]) },
        { key: 'a', value: good(2).replace('"request":{', '"request":{"__proto__":{"polluted":1},') },
        { key: 'a', value: good(1) },
      ],
    });
    await producer.disconnect();
    const consumer = await LogConsumer.connect({ brokers, topic: badTopic, groupId: `${badTopic}-g` });
    const items: LogItem[] = [];
    for await (const item of consumer.records()) items.push(item);
    await consumer.close();
    expect(items.map((x) => x.kind)).toEqual(['record', 'bad', 'bad', 'bad', 'bad', 'bad', 'record']);
    const bad = items.filter((x): x is BadLogRecord => x.kind === 'bad');
    expect(bad.map((b) => [b.position, b.code, b.field])).toEqual([
      [{ kind: 'kafka', topic: badTopic, partition: 0, offset: '1' }, 'LOG_JSON', undefined],
      [{ kind: 'kafka', topic: badTopic, partition: 0, offset: '2' }, 'LOG_SCHEMA_VERSION', 'schemaVersion'],
      [{ kind: 'kafka', topic: badTopic, partition: 0, offset: '3' }, 'LOG_FIELD', undefined],
      [{ kind: 'kafka', topic: badTopic, partition: 0, offset: '4' }, 'LOG_ENCODING', undefined],
      [{ kind: 'kafka', topic: badTopic, partition: 0, offset: '5' }, 'LOG_JSON', undefined],
    ]);
    expect(bad[4]!.reason).toMatch(/forbidden key/);
    expect(bad[1]!.raw).toBe(wrongVersion);
  });

  it('a producer for an unreachable broker fails with a typed error', async () => {
    await expect(LogProducer.connect({ brokers: ['127.0.0.1:1'], topic: 'x', retries: 0 })).rejects.toBeInstanceOf(KafkaIoError);
  });
});

afterAll(async () => {
  if (!brokers) return;
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const mine = (await admin.listTopics()).filter((t) => t.startsWith(`bidlab-log-${process.pid}-`) || t.startsWith(`bidlab-bad-${process.pid}-`));
  if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  await admin.disconnect();
});
