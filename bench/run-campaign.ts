/**
 * End-to-end throughput of `bidlab run` (world, features, model, market, attribution, metrics)
 * on campaign-4m.yaml with the bundled champion, and the peak RSS of the whole process. Each
 * measurement runs the real CLI in a child process of its own so the RSS is that run's alone.
 * Its baseline is the world bench of the same `npm run bench` (the traffic generator alone).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');

function timed(args: string[]): { seconds: number; maxRssMiB: number; stdout: string } {
  // GNU time prints the peak RSS of the child; the CLI prints its own JSON summary.
  const dir = mkdtempSync(join(tmpdir(), 'bidlab-bench-run-'));
  const timeFile = join(dir, 'time.txt');
  const stdout = execFileSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, 'node', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const [seconds, kb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number) as [number, number];
  return { seconds, maxRssMiB: Math.round(kb / 1024), stdout };
}

export async function benchRunCampaign(maxOpportunities?: number): Promise<Record<string, unknown>> {
  const limit = maxOpportunities ? ['--max-opportunities', String(maxOpportunities)] : [];
  const out = mkdtempSync(join(tmpdir(), 'bidlab-bench-out-'));
  const run = timed(['bin/bidlab.js', 'run', 'scenarios/campaign-4m.yaml', '--policy', 'champion', '--policy', 'bid-everything',
    '--no-events', '--json', '--out', out, ...limit]);
  const summary = JSON.parse(run.stdout);
  const rate = summary.opportunities / run.seconds;
  return {
    scenario: 'campaign-4m',
    policies: summary.policies.map((p: { name: string }) => p.name),
    opportunities: summary.opportunities,
    seconds: run.seconds,
    opportunitiesPerSec: Math.round(rate),
    maxRssMiB: run.maxRssMiB,
    baseline: 'bench/results/world.json (the traffic generator alone, same npm run bench)',
    note: 'wall time includes start-up: building the population, the profile store and loading the models',
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = process.argv[2] ? Number(process.argv[2]) : undefined;
  process.stdout.write(`${JSON.stringify(await benchRunCampaign(n), null, 2)}\n`);
}
