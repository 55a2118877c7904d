import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { EXIT_CODES } from '../metrics/index.js';
import { sweepScenario, type SweepResult } from '../run/sweep-scenario.js';
import { loadScenario } from '../scenario/index.js';
import { money, percent } from '../tui/index.js';

interface SweepArgs { scenario: string; policy: string; multipliers: string; seed?: number; out?: string; json: boolean; maxOpportunities?: number }

/** `bidlab sweep <scenario> --policy <name> --multipliers …`: the savings-versus-conversions curve of a bid multiplier. */
export function sweepCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'sweep <scenario>',
    describe: "Sweep a policy's bid multiplier in one run: savings against conversions kept at each point; writes sweep.json",
    builder: (y) => y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario YAML (see scenarios/)' })
      .option('policy', { type: 'string', demandOption: true, describe: 'The policy whose bids are multiplied' })
      .option('multipliers', { type: 'string', default: '0.5,0.75,1,1.5,2', describe: 'Comma-separated bid multipliers' })
      .option('seed', { type: 'number', describe: "Overrides the scenario's seed" })
      .option('out', { type: 'string', describe: 'Results folder (default runs/<scenario>-sweep)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print only sweep.json' })
      .option('max-opportunities', { type: 'number', describe: 'Stop after this many opportunities' }),
    handler: async (a) => setExit(await sweep(a as unknown as SweepArgs)),
  };
}

async function sweep(a: SweepArgs): Promise<number> {
  const multipliers = a.multipliers.split(',').map((x) => Number(x.trim()));
  if (multipliers.some((m) => !(m > 0 && Number.isFinite(m)))) {
    process.stderr.write(`bidlab: --multipliers must be positive numbers separated by commas, got '${a.multipliers}'\n`);
    return EXIT_CODES.error;
  }
  const scenario = await loadScenario(a.scenario);
  const result = await sweepScenario(scenario, {
    policy: a.policy, multipliers,
    ...(a.seed !== undefined ? { seed: a.seed } : {}),
    ...(a.maxOpportunities !== undefined ? { maxOpportunities: a.maxOpportunities } : {}),
  });
  const out = a.out ?? join('runs', `${scenario.name}-sweep`);
  const text = `${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
  await mkdir(out, { recursive: true });
  const file = join(out, 'sweep.json');
  await writeFile(`${file}.partial`, text);
  await rename(`${file}.partial`, file);
  process.stdout.write(a.json ? text : `${sweepTable(result)}\nresults: ${file}\n`);
  return EXIT_CODES.pass;
}

function sweepTable(r: SweepResult): string {
  const rows = [
    ['multiplier', 'wins', 'spend', 'conv.', 'revenue', 'ROI', 'saved', 'conv. kept'],
    ...r.points.map((p) => [
      `×${p.multiplier}`, String(p.wins), money(p.spend), String(p.conversions), money(p.attributedRevenue), percent(p.actualRoi),
      percent(p.avoidedShare), percent(p.conversionsRetained),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return [
    `${r.scenario} (seed ${r.seed}): '${r.policy}' with its bids multiplied, ${r.opportunities} opportunities${r.baseline ? `, savings against '${r.baseline}'` : ''}`,
    ...rows.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')),
  ].join('\n');
}
