import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { render } from 'ink';
import type { CommandModule } from 'yargs';
import { EXIT_CODES, gateExitCode, parseGateRule } from '../metrics/index.js';
import { reportJson, writeReports } from '../report/index.js';
import { comparePolicies } from '../run/compare-policies.js';
import { compareScenario } from '../run/compare-scenario.js';
import type { RunProgress } from '../run/run-progress.js';
import { loadScenario } from '../scenario/index.js';
import { compareTable, type CompareProgress, CompareView, progressLine } from '../tui/index.js';
import { type EsArgs, withEsOptions } from './es-command.js';
import { indexResults } from './index-command.js';
import { replayCompare, type ReplayCompareArgs } from './replay-compare.js';
import { withReplayOptions } from './replay-options.js';

interface CompareArgs extends EsArgs {
  scenario: string; champion?: string; challenger?: string; mode?: 'worlds' | 'split'; seed?: number; seeds: number;
  out?: string; json: boolean; gate?: string[]; maxOpportunities?: number; sweep?: string;
}

/** `bidlab compare <scenario>`: champion against challenger, with intervals, a gate and reports. */
export function compareCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'compare <scenario>',
    describe: 'Champion against challenger on the same traffic: intervals, a go/no-go gate (exit 0 pass, 3 fail, 2 error), report.json/.md/.html',
    builder: (y) => withReplayOptions(withEsOptions(y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario YAML (see scenarios/)' })
      .option('champion', { type: 'string', describe: "Model file replacing the champion's (same pricing)" })
      .option('challenger', { type: 'string', describe: "Model file replacing the challenger's; without a challenger policy, the champion's settings with this model" })
      .option('mode', { choices: ['worlds', 'split'] as const, describe: "'worlds': same traffic, own budgets; 'split': users and budgets split by the policies' split weights (default: the scenario's comparison.mode)" })
      .option('seed', { type: 'number', describe: "First seed (default the scenario's)" })
      .option('seeds', { type: 'number', default: 1, describe: 'Repeat over this many seeds (seed, seed + 1, …) and report the spread' })
      .option('out', { type: 'string', describe: 'Report folder (default runs/<scenario>-compare)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print only report.json' })
      .option('gate', { type: 'string', array: true, describe: "Gate rule added to the scenario's, e.g. 'roi-diff>=0@95', 'conversions-drop<=2%', 'ece<=0.02'" })
      .option('sweep', { type: 'string', describe: "Bid multipliers, e.g. '0.5,0.75,1,1.5,2': the report's savings curve from full runs at each (as bidlab sweep)" })
      .option('max-opportunities', { type: 'number', describe: 'Stop each run after this many opportunities' }))),
    handler: async (a) => setExit((a as unknown as CompareArgs & { source?: string }).source !== undefined
      ? await replayCompare(a as unknown as ReplayCompareArgs) : await compare(a as unknown as CompareArgs)),
  };
}

async function compare(a: CompareArgs): Promise<number> {
  if (!(Number.isInteger(a.seeds) && a.seeds >= 1)) {
    process.stderr.write(`bidlab: --seeds must be a whole number of at least 1, got ${a.seeds}\n`);
    return EXIT_CODES.error;
  }
  (a.gate ?? []).forEach((t, i) => parseGateRule(t, `--gate[${i}]`));
  const sweep = a.sweep?.split(',').map((x) => Number(x.trim()));
  if (sweep && sweep.some((m) => !(m > 0 && Number.isFinite(m)))) {
    process.stderr.write(`bidlab: --sweep must be positive multipliers separated by commas, got '${a.sweep}'\n`);
    return EXIT_CODES.error;
  }
  const scenario = await loadScenario(a.scenario);
  const out = a.out ?? join('runs', `${scenario.name}-compare`);
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const started = performance.now(); // clock: progress rate and ETA only
  const tty = !a.json && process.stdout.isTTY === true;
  const cast = comparePolicies(scenario, { ...(a.champion ? { championModel: a.champion } : {}), ...(a.challenger ? { challengerModel: a.challenger } : {}) });
  const roles = { champion: cast.champion, challenger: cast.challenger };
  const view = tty ? render(<CompareView state={blank(scenario.name, scenario.traffic.days, roles)} />) : undefined;
  let seedStarted = started;
  let lastSeed = 0;
  let result: Awaited<ReturnType<typeof compareScenario>>;
  try {
    result = await compareScenario(scenario, {
      ...(a.champion ? { championModel: a.champion } : {}),
      ...(a.challenger ? { challengerModel: a.challenger } : {}),
      ...(a.mode ? { mode: a.mode } : {}),
      ...(a.seed !== undefined ? { seed: a.seed } : {}),
      seeds: a.seeds,
      ...(sweep ? { sweep } : {}),
      ...(a.gate ? { gate: a.gate } : {}),
      ...(a.maxOpportunities !== undefined ? { maxOpportunities: a.maxOpportunities } : {}),
      scenarioFile: a.scenario,
      version: pkg.version,
      createdAt: new Date().toISOString(), // clock: the report says when it was written
      progressEvery: tty ? 20_000 : 200_000,
      onProgress: (p, seedIndex, seeds) => {
        const now = performance.now(); // clock: as above
        if (seedIndex !== lastSeed) { lastSeed = seedIndex; seedStarted = now; }
        const rate = p.processed / Math.max((now - seedStarted) / 1000, 1e-3);
        const progress: RunProgress = { ...p, rate, etaSeconds: (p.total - p.processed) / rate };
        if (view) view.rerender(<CompareView state={{ progress, seedIndex, seeds, ...roles }} />);
        else if (!a.json) process.stderr.write(`seed ${seedIndex + 1}/${seeds} ${progressLine(progress)}\n`);
      },
    });
  } finally {
    view?.unmount();
  }
  const { report } = result;
  const written = await writeReports(out, report);
  if (a.json) process.stdout.write(reportJson(report));
  else process.stdout.write(`${compareTable(report)}\n\nreports: ${written.json}, ${written.markdown}, ${written.html}\n`);
  // The report folder is the record; indexing failing exits 2 with the error, and `bidlab index <out>` can finish it later.
  if (a.es !== undefined) await indexResults({ ...a, dir: out, esSample: 1, esConcurrency: 2 }, a.json ? process.stderr : process.stdout);
  return gateExitCode(report.gate);
}

function blank(scenario: string, simDays: number, roles: { champion: string; challenger: string }): CompareProgress {
  return {
    progress: { scenario, processed: 0, total: 0, rate: 0, etaSeconds: NaN, simDay: 0, simDays, policies: [], draining: false },
    seedIndex: 0, seeds: 1, ...roles,
  };
}
