import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/rng/index.js';
import { BIN, cliOk as cli, ensureBuilt, runCli } from '../helpers/cli.js';
import { FIDELITY_SCENARIO } from '../helpers/replay-fidelity.js';

/**
 * Resume after kill -9: a replay killed at random points (before its first checkpoint, between
 * checkpoints, while writing one) and resumed each time ends with exactly the summary, event
 * segments and dead letters of a replay that was never interrupted.
 */
const RECORDS = 60_000;
let dir: string;
let log: string;

const replayArgs = (out: string) => ['run', FIDELITY_SCENARIO, '--source', `file:${log}`, '--market-model', join(dir, 'market.json'),
  '--outcomes', 'ips', '--checkpoint-every', '4000', '--out', out, '--json'];

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'bidlab-resume-'));
  const clean = join(dir, 'clean.ndjson');
  await cli(['record', FIDELITY_SCENARIO, '--out', clean, '--max-opportunities', String(RECORDS), '--explore', '0.3', '--bid-grid', '0.5,1,2,4,8']);
  // A few bad records spread over the log, so dead letters cross the kills too.
  const lines = (await readFile(clean, 'utf8')).split('\n');
  for (const at of [1_000, 17_000, 33_000, 51_000]) lines[at] = `{"schemaVersion":1,"broken":${at}`;
  log = join(dir, 'log.ndjson');
  await writeFile(log, lines.join('\n'));
  await cli(['log', 'fit-market', `file:${log}`, '--scenario', FIDELITY_SCENARIO, '--out', join(dir, 'market.json')]);
}, 300_000);

afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

/** Starts the replay and kills it with SIGKILL `afterMs` after its `checkpoints`-th checkpoint file appears (0: after start). */
async function killDuring(out: string, resume: boolean, checkpoints: number, afterMs: number): Promise<void> {
  const child = spawn(process.execPath, [BIN, ...replayArgs(out), ...(resume ? ['--resume'] : [])], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let seen = 0, lastSize = -1;
  const checkpoint = join(out, 'checkpoint');
  while (seen < checkpoints && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 20));
    const size = existsSync(checkpoint) ? (await readFile(checkpoint)).readUInt32LE(27) : -1;
    if (size !== lastSize && size !== -1) { seen++; lastSize = size; }
  }
  await new Promise((r) => setTimeout(r, afterMs));
  child.kill('SIGKILL');
  await exited;
}

async function folder(out: string): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  files['replay.json'] = await readFile(join(out, 'replay.json'));
  files['dead-letters.ndjson'] = await readFile(join(out, 'dead-letters.ndjson'));
  for (const name of (await readdir(join(out, 'events'))).sort()) files[`events/${name}`] = await readFile(join(out, 'events', name));
  return files;
}

describe('replay resume after kill -9', () => {
  it('ends exactly as an uninterrupted replay, however often and wherever it was killed', async () => {
    const reference = join(dir, 'reference');
    await cli(replayArgs(reference));
    const expected = await folder(reference);
    expect(Object.keys(expected).filter((k) => k.startsWith('events/')).length).toBe(Math.floor((RECORDS - 4) / 4_000) + 1);
    expect(existsSync(join(reference, 'checkpoint'))).toBe(false);

    const out = join(dir, 'interrupted');
    const draws = new RandomStreams(2026).stream('kills').draws();
    // Killed during start-up (no checkpoint yet), then three times at random moments after a random checkpoint.
    await killDuring(out, false, 0, 300);
    for (let k = 0; k < 3; k++) {
      const d = draws.reset(k, 0);
      await killDuring(out, true, 1 + Math.floor(d.nextDouble() * 3), Math.floor(d.nextDouble() * 400));
    }
    await cli([...replayArgs(out), '--resume']);
    const got = await folder(out);
    expect(Object.keys(got)).toEqual(Object.keys(expected));
    for (const name of Object.keys(expected)) expect(got[name]!.equals(expected[name]!), name).toBe(true);
  }, 600_000);

  it('refuses to resume another replay\'s checkpoint', async () => {
    const out = join(dir, 'other');
    await killDuring(out, false, 1, 0);
    const r = await runCli([...replayArgs(out), '--resume', '--policy', 'champion']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/REPLAY_CHECKPOINT.*another replay/);
  }, 300_000);
});
