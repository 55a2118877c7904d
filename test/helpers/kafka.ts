import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ROOT, run, type RunResult } from './cli.js';

/** The project's script that starts and stops the test broker (see its header for the environment it reads). */
export const KAFKA_SCRIPT = join(ROOT, 'scripts/services/kafka.sh');

const runDir = () => process.env['BIDLAB_KAFKA_RUN_DIR'] ?? join(homedir(), '.cache/bidlab/kafka-run');
/** Present while a broker started by the tests (not by a person) is running. */
const marker = () => join(runDir(), 'started-by-tests');

/** Runs the script (it reads no stdin). */
function script(action: string): Promise<RunResult> {
  return run(KAFKA_SCRIPT, [action], { noStdin: true });
}

/**
 * For beforeAll hooks: the bootstrap address (`127.0.0.1:9192`) of a running test broker, started
 * with the project's script when none runs (the script serialises concurrent starts, so parallel
 * test files share one broker and a running one costs one metadata request).
 */
export async function ensureKafka(): Promise<string> {
  const address = (await script('bootstrap')).stdout.trim();
  if (await answers(address)) return address;
  const r = await script('start');
  if (r.code !== 0) throw new Error(`${KAFKA_SCRIPT} start exited ${r.code}:\n${r.stderr.slice(-6000)}`);
  // Only the call that launched the broker marks it, so a broker someone started by hand is left running.
  if (r.stderr.includes('starting Kafka')) {
    await mkdir(runDir(), { recursive: true });
    await writeFile(marker(), `${process.pid}\n`);
  }
  return r.stdout.trim();
}

/** Whether a broker at `address` answers a metadata request within a few seconds. */
async function answers(address: string): Promise<boolean> {
  const admin = new Kafka({ brokers: [address], logLevel: logLevel.NOTHING, connectionTimeout: 2_000, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect();
  }
}

/** For a vitest globalSetup teardown: stops the broker if the tests started it. */
export async function stopKafkaIfStartedByTests(): Promise<void> {
  if (!existsSync(marker())) return;
  const r = await script('stop');
  if (r.code !== 0) throw new Error(`${KAFKA_SCRIPT} stop exited ${r.code}:\n${r.stderr}`);
  await rm(marker(), { force: true });
}

let topics = 0;

/** A topic name no other test (or earlier run) uses. */
export function uniqueTopic(prefix: string): string {
  topics++;
  return `${prefix}-${process.pid}-${topics}-${process.hrtime.bigint().toString(36)}`;
}
