/**
 * Kafka consume throughput of a log replay against Kafka's own `kafka-consumer-perf-test`
 * (org.apache.kafka.tools.ConsumerPerformance) on the same topic, in the same run: the project's
 * test broker (scripts/services/kafka.sh), a 4-partition topic holding a log of
 * replay-fidelity.yaml's world recorded by `bidlab record --out kafka://…`. Rates: the perf tool
 * (fetch only), kafkajs alone (fetch only), bidlab's consumer with every record decoded and
 * checked (the best of three rounds each), and the whole replay (`bidlab run --source kafka://…`,
 * start-up included). The load average is recorded: the rates are wall-clock, and a busy machine
 * lowers them. CPU is recorded too (the consumer's per record, both its threads; the perf tool's
 * per message): on a machine of few cores, what a record costs bounds the rate whatever the
 * threading.
 */
import { execFileSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { timedNode } from './timed-child.js';

const ROOT = join(import.meta.dirname, '..');
const KAFKA = join(ROOT, 'scripts/services/kafka.sh');
const SCENARIO = 'scenarios/replay-fidelity.yaml';
const ROUNDS = 3;

interface PerfRound { messages: number; messagesPerSec: number; fetchMessagesPerSec: number; mbPerSec: number; cpuMicrosPerMessage: number }
interface ConsumeRound { records: number; seconds: number; cpuSeconds: number; mainThreadBusy: number }

const CONSUME_ONLY = `
const { LogConsumer } = await import('./dist/io/kafka/index.js');
const [brokers, topic, group] = process.argv.slice(1);
const consumer = await LogConsumer.connect({ brokers: [brokers], topic, groupId: group });
const t = performance.now();
const cpu = process.cpuUsage();
const loop = performance.eventLoopUtilization();
let records = 0;
for await (const batch of consumer.batches()) for (const item of batch) if (item.kind === 'record') records++;
const seconds = (performance.now() - t) / 1000;
const used = process.cpuUsage(cpu);
const mainThreadBusy = performance.eventLoopUtilization(loop).utilization;
await consumer.close();
process.stdout.write(JSON.stringify({ records, seconds, cpuSeconds: (used.user + used.system) / 1e6, mainThreadBusy }));`;

/** kafkajs alone with the LogConsumer's fetch settings, counting messages: what fetching costs without decoding. */
const KAFKAJS_ONLY = `
const { createRequire } = await import('node:module');
const { Kafka, logLevel } = createRequire(process.cwd() + '/package.json')('kafkajs');
const { LOG_FETCH } = await import('./dist/io/kafka/log-fetcher.js');
const [brokers, topic, group, total] = process.argv.slice(1);
const consumer = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING })
  .consumer({ groupId: group, ...LOG_FETCH, maxWaitTimeInMs: 500 });
await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: true });
let records = 0, t = 0;
await new Promise((resolve) => consumer.run({ autoCommit: false, eachBatch: async ({ batch }) => {
  if (t === 0) t = performance.now();
  records += batch.messages.length;
  if (records >= Number(total)) resolve();
} }));
const seconds = (performance.now() - t) / 1000;
await consumer.disconnect();
process.stdout.write(JSON.stringify({ records, seconds }));`;

function kafka(args: string[]): string {
  return execFileSync(KAFKA, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `kafka.sh args…` under GNU time: its output and the user + system CPU seconds of it and the JVM it runs. */
function kafkaTimed(args: string[], dir: string): { stdout: string; cpuSeconds: number } {
  const timeFile = join(dir, 'time.txt');
  const stdout = execFileSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, KAFKA, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number) as [number, number];
  return { stdout, cpuSeconds: user + system };
}

export async function benchKafkaReplay(): Promise<Record<string, unknown>> {
  const loadAtStart = loadavg();
  const brokers = kafka(['start']).trim().split('\n').at(-1)!;
  // clock: a fresh topic name per bench run
  const topic = `bench-replay-${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'bidlab-bench-kafka-'));
  try {
    const recorded = timedNode(['bin/bidlab.js', 'record', SCENARIO, '--out', `kafka://${brokers}/${topic}`, '--partitions', '4', '--json']);
    const records = (JSON.parse(recorded.stdout) as { records: number }).records;
    timedNode(['bin/bidlab.js', 'record', SCENARIO, '--out', join(dir, 'log.arrow'), '--json']);
    timedNode(['bin/bidlab.js', 'log', 'fit-market', `file:${join(dir, 'log.arrow')}`, '--scenario', SCENARIO, '--out', join(dir, 'market.json')]);

    // Each consumer reads the whole topic ROUNDS times, taking turns, each time in a fresh group; the
    // best round of each counts, so that a burst of other work on a shared machine hurts none of them.
    const perfRounds: PerfRound[] = [];
    const fetchedRounds: Array<{ records: number; seconds: number }> = [];
    const consumedRounds: ConsumeRound[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { stdout: perfText, cpuSeconds: perfCpu } = kafkaTimed(['run-class', 'org.apache.kafka.tools.ConsumerPerformance', '--bootstrap-server', brokers, '--topic', topic,
        '--num-records', String(records), '--group', `${topic}-perf-${round}`, '--timeout', '60000'], dir);
      // Header: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
      const row = perfText.trim().split('\n').at(-1)!.split(',').map((s) => s.trim());
      perfRounds.push({ messages: Number(row[4]), messagesPerSec: Math.round(Number(row[5])), fetchMessagesPerSec: Math.round(Number(row[9])), mbPerSec: Number(row[3]),
        cpuMicrosPerMessage: Math.round((perfCpu * 1e6) / Number(row[4]) * 10) / 10 });
      fetchedRounds.push(JSON.parse(timedNode(['--input-type=module', '-e', KAFKAJS_ONLY, brokers, topic, `${topic}-kafkajs-${round}`, String(records)]).stdout) as { records: number; seconds: number });
      consumedRounds.push(JSON.parse(timedNode(['--input-type=module', '-e', CONSUME_ONLY, brokers, topic, `${topic}-consume-${round}`]).stdout) as ConsumeRound);
    }
    const perf = perfRounds.reduce((a, b) => (b.messagesPerSec > a.messagesPerSec ? b : a));
    const rate = (x: { records: number; seconds: number }) => x.records / x.seconds;
    const fetched = fetchedRounds.reduce((a, b) => (rate(b) > rate(a) ? b : a));
    const consumed = consumedRounds.reduce((a, b) => (rate(b) > rate(a) ? b : a));
    const replay = timedNode(['bin/bidlab.js', 'run', SCENARIO, '--source', `kafka://${brokers}/${topic}`, '--group', `${topic}-replay`,
      '--market-model', join(dir, 'market.json'), '--no-events', '--json', '--out', join(dir, 'r')]);
    const replayed = (JSON.parse(replay.stdout) as { records: number }).records;
    const consumeRate = Math.round(consumed.records / consumed.seconds);
    const consumerCpu = Math.round((consumed.cpuSeconds * 1e6) / consumed.records * 10) / 10;
    const replayRate = Math.round(replayed / replay.seconds);
    return {
      // Wall-clock rates: how busy the machine was (1, 5, 15-minute load averages) when they were taken.
      loadAverage: { atStart: loadAtStart.map((x) => Math.round(x * 100) / 100), atEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
      topic: `4 partitions, ${records} records of ${SCENARIO} (bidlab record --out kafka://…)`,
      rounds: ROUNDS,
      kafkaConsumerPerfTest: { ...perf, roundsMessagesPerSec: perfRounds.map((r) => r.messagesPerSec), cpuNote: 'cpuMicrosPerMessage: the JVM\'s CPU (start-up included) over the messages it read' },
      kafkajsAlone: { records: fetched.records, recordsPerSec: Math.round(rate(fetched)), roundsRecordsPerSec: fetchedRounds.map((r) => Math.round(rate(r))), note: 'kafkajs with the same fetch settings, counting messages: fetching without decoding' },
      bidlabConsumer: {
        records: consumed.records, seconds: consumed.seconds, recordsPerSec: consumeRate, roundsRecordsPerSec: consumedRounds.map((r) => Math.round(rate(r))),
        cpuMicrosPerRecord: consumerCpu, mainThreadBusy: Math.round(consumed.mainThreadBusy * 100) / 100,
        // Were the consumer's CPU per record spread perfectly over every core, with nothing else running: its ceiling on this machine.
        allCoresRecordsPerSec: Math.round((cpus().length * 1e6) / consumerCpu),
        note: 'LogConsumer.batches(), as the replay reads: fetch (kafkajs, on a worker thread), decode and check every record (on the caller\'s thread); CPU of both threads',
      },
      bidlabReplay: { records: replayed, seconds: replay.seconds, recordsPerSec: replayRate, peakRssMiB: replay.maxRssMiB, note: 'bidlab run --source kafka://…: process start, world, consume and replay of 3 policies' },
      consumerOverPerfTest: Math.round((consumeRate / perf.messagesPerSec) * 1000) / 1000,
      replayOverPerfTest: Math.round((replayRate / perf.messagesPerSec) * 1000) / 1000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    // Each run records its own 600,000 records (about 440 MB): not left on the shared broker.
    await deleteTopic(brokers, topic).catch((error: Error) => process.stderr.write(`kafka-replay: topic ${topic} not deleted: ${error.message}\n`));
  }
}

async function deleteTopic(brokers: string, topic: string): Promise<void> {
  const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] });
  } finally {
    await admin.disconnect();
  }
}
