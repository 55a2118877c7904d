import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli.js';

const SCENARIO = 'scenarios/replay-fidelity.yaml';
let dir: string;

beforeAll(async () => { await ensureBuilt(); dir = await mkdtemp(join(tmpdir(), 'bidlab-replay-cli-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('bidlab record / run --source: bad input', () => {
  it.each([
    [['record', SCENARIO, '--out', 'x.ndjson', '--explore', '2'], /REPLAY_OPTIONS: --explore: explore must be in \[0, 1\], got 2/],
    [['record', SCENARIO, '--out', 'x.txt'], /LOG_FORMAT: .*x\.txt: cannot tell the log format/],
    [['record', 'scenarios/quickstart.yaml', '--out', 'x.ndjson', '--policy', 'oracle'], /the oracle cannot log/],
    [['record', SCENARIO, '--out', 'x.ndjson', '--policy', 'nobody'], /--policy: no policy named 'nobody'/],
    [['record', SCENARIO, '--out', 'x.ndjson', '--bid-grid', '1,0.5'], /must increase/],
    [['run', SCENARIO, '--source', 'file:/nonexistent/log.ndjson'], /LOG_NOT_FOUND: \/nonexistent\/log\.ndjson/],
    [['run', SCENARIO, '--source', 'kafka://127.0.0.1:9/t'], /CLI_MARKET_MODEL: --market-model/],
    [['run', SCENARIO, '--source', 'file:/nonexistent/log.ndjson', '--outcomes', 'dr'], /--outcome-model: outcome mode 'dr' needs an outcome model/],
    [['run', SCENARIO, '--source', 'kafka://127.0.0.1:9/t', '--market-model', 'm.json', '--kafka-from', 'yesterday'], /--kafka-from/],
  ])('bidlab %j exits 2 naming what is wrong', async (args, message) => {
    const r = await runCli(args.map((a) => (a === 'x.ndjson' || a === 'x.txt' ? join(dir, a) : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'x.ndjson'))).toBe(false);
    expect(existsSync(join(dir, 'x.ndjson.partial'))).toBe(false);
  });
});

describe('bidlab compare --source', () => {
  it('refuses a gate: gates are judged on a synthetic world', async () => {
    const r = await runCli(['compare', SCENARIO, '--source', 'file:/nonexistent/log.ndjson', '--gate', 'roi-diff>=0@95']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CLI_GATE_ON_LOG: --gate/);
  });
});
