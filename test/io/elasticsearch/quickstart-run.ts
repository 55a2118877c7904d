import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, runCli } from '../../helpers/cli.js';

export interface PolicyFigures { name: string; bids: number; wins: number; spend: number; opportunities: number }
export interface QuickstartRun { dir: string; summary: { scenario: string; seed: number; matchedOpportunities: number; policies: PolicyFigures[] } }

/** A real `bidlab run scenarios/quickstart.yaml` into a fresh temporary folder. */
export async function quickstartRun(): Promise<QuickstartRun> {
  await ensureBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'bidlab-es-'));
  const r = await runCli(['run', 'scenarios/quickstart.yaml', '--out', dir, '--json']);
  if (r.code !== 0) throw new Error(`bidlab run failed (${r.code}):\n${r.stderr}`);
  return { dir, summary: JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as QuickstartRun['summary'] };
}
