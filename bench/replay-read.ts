/**
 * Log replay throughput from Arrow and from NDJSON on a 4-million-record log (campaign-4m.yaml's
 * world under its champion), and the peak RSS of each replay. Baseline, in the same run: reading
 * and checking the same file without replaying it (`readLog` alone), so the ratio says what the
 * replay adds to the reading. The logs are recorded once into ~/.cache/bidlab/bench and reused.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { timedNode } from './timed-child.js';

const SCENARIO = 'scenarios/campaign-4m.yaml';
const CACHE = join(homedir(), '.cache/bidlab/bench');

const READ_ONLY = `
const { readLog } = await import('./dist/io/log/index.js');
let records = 0, bad = 0;
for await (const item of readLog(process.argv[1])) { if (item.kind === 'record') records++; else bad++; }
process.stdout.write(JSON.stringify({ records, bad }));`;

function ensureLog(name: string): string {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, name);
  // The recorded log depends only on the scenario and the code that records it: delete the cache to re-record.
  if (!existsSync(path)) timedNode(['bin/bidlab.js', 'record', SCENARIO, '--out', path, '--json']);
  return path;
}

function measure(path: string) {
  const read = timedNode(['--input-type=module', '-e', READ_ONLY, path]);
  const { records } = JSON.parse(read.stdout) as { records: number };
  const out = mkdtempSync(join(tmpdir(), 'bidlab-bench-replay-'));
  try {
    const market = join(out, 'market.json');
    timedNode(['bin/bidlab.js', 'log', 'fit-market', `file:${path}`, '--scenario', SCENARIO, '--out', market]);
    const replay = timedNode(['bin/bidlab.js', 'run', SCENARIO, '--source', `file:${path}`, '--market-model', market,
      '--policy', 'champion', '--policy', 'bid-everything', '--no-events', '--json', '--out', join(out, 'r')]);
    const summary = JSON.parse(replay.stdout) as { records: number };
    if (summary.records !== records) throw new Error(`replayed ${summary.records} records of ${records}`);
    return {
      records,
      readOnly: { seconds: read.seconds, recordsPerSec: Math.round(records / read.seconds), peakRssMiB: read.maxRssMiB },
      replay: { seconds: replay.seconds, recordsPerSec: Math.round(records / replay.seconds), peakRssMiB: replay.maxRssMiB },
      replayOverRead: Math.round((read.seconds / replay.seconds) * 1000) / 1000,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function benchReplayRead(): Promise<Record<string, unknown>> {
  const arrow = ensureLog('campaign-4m.arrow');
  const ndjson = ensureLog('campaign-4m.ndjson');
  return {
    scenario: `${SCENARIO} recorded under its champion (bidlab record), replayed with champion and bid-everything, outcomes logged, no events`,
    arrow: measure(arrow),
    ndjson: measure(ndjson),
  };
}
