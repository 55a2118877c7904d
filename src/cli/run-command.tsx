import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { render } from 'ink';
import type { CommandModule } from 'yargs';
import type { RunProgress } from '../run/run-progress.js';
import { runScenario, type RunSummary } from '../run/run-scenario.js';
import { BidlabError } from '../errors.js';
import { loadScenario } from '../scenario/index.js';
import { type EsArgs, withEsOptions } from './es-command.js';
import { indexResults } from './index-command.js';
import { withReplayOptions } from './replay-options.js';
import { replayRun, type ReplayRunArgs } from './replay-run.js';
import { money, percent, progressLine, RunView } from '../tui/index.js';

interface RunArgs extends EsArgs, Partial<Omit<ReplayRunArgs, 'scenario' | 'json' | 'policy' | 'seed' | 'out'>> {
  scenario: string; policy?: string[]; seed?: number; out?: string; json: boolean; events?: boolean; maxOpportunities?: number;
}

/** `bidlab run <scenario>`: replays a scenario through every policy and reports. */
export function runCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'run <scenario>',
    describe: 'Replay a scenario through every policy; write summary.json and events.arrow, print a summary',
    builder: (y) => withReplayOptions(withEsOptions(y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario YAML (see scenarios/)' })
      .option('policy', { type: 'string', array: true, describe: 'Run only these policies (by name)' })
      .option('seed', { type: 'number', describe: "Overrides the scenario's seed" })
      .option('out', { type: 'string', describe: 'Results folder (default runs/<scenario>-seed<seed>)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print only the summary JSON' })
      .option('events', { type: 'boolean', describe: "Write per-auction events.arrow (default: the scenario's output.events, itself true unless set)" })
      .option('max-opportunities', { type: 'number', describe: 'Stop after this many opportunities' }))),
    handler: async (a) => setExit((a as unknown as RunArgs).source !== undefined ? await replayRun(a as unknown as ReplayRunArgs) : await run(a as unknown as RunArgs)),
  };
}

async function run(a: RunArgs): Promise<number> {
  const scenario = await loadScenario(a.scenario);
  const seed = a.seed ?? scenario.seed;
  const out = a.out ?? join('runs', `${scenario.name}-seed${seed}`);
  const events = a.events ?? scenario.output.events;
  if (a.es !== undefined && !events) throw new BidlabError('CLI_ES_NEEDS_EVENTS', '--es indexes the events file: drop --no-events (or set output.events)', '--es');
  await mkdir(out, { recursive: true });
  const started = performance.now(); // clock: progress rate and ETA only
  const tty = !a.json && process.stdout.isTTY === true;
  let latest: RunProgress | undefined;
  const view = tty ? render(<RunView progress={blank(scenario.name, scenario.traffic.days)} />) : undefined;
  const summary = await runScenario(scenario, {
    seed,
    policies: a.policy,
    eventsPath: events ? join(out, 'events.arrow') : undefined,
    maxOpportunities: a.maxOpportunities,
    progressEvery: tty ? 20_000 : 200_000,
    onProgress: (p) => {
      const seconds = (performance.now() - started) / 1000; // clock: as above
      const rate = p.processed / Math.max(seconds, 1e-3);
      latest = { ...p, rate, etaSeconds: (p.total - p.processed) / rate };
      if (view) view.rerender(<RunView progress={latest} />);
      else if (!a.json) process.stderr.write(`${progressLine(latest)}\n`);
    },
  });
  view?.unmount();
  const text = `${JSON.stringify(summary, null, 2)}\n`;
  await writeFile(join(out, 'summary.json'), text);
  if (a.json) process.stdout.write(text);
  else process.stdout.write(`${summaryTable(summary)}\nresults: ${out}/summary.json${events ? `, ${out}/events.arrow` : ''}\n`);
  // Indexed from the finished results folder, the run's record either way: if Elasticsearch is
  // away, the error says so and `bidlab index <out>` delivers the same documents later, exactly once.
  if (a.es !== undefined) return indexResults({ ...a, dir: out, esSample: 1, esConcurrency: 2 }, a.json ? process.stderr : process.stdout);
  return 0;
}

function blank(scenario: string, simDays: number): RunProgress {
  return { scenario, processed: 0, total: 0, rate: 0, etaSeconds: NaN, simDay: 0, simDays, policies: [], draining: false };
}

/** The end-of-run table: one row per policy. */
export function summaryTable(s: RunSummary): string {
  const head = ['policy', 'bids', 'wins', 'win rate', 'spend', 'conv.', 'revenue', 'pred. ROI', 'ROI', 'CPA', 'eCPM', 'saved', 'conv. kept', 'AUC'];
  const rows = s.policies.map((p) => [
    p.name, String(p.bids), String(p.wins), percent(p.winRate), money(p.spend), String(p.conversions), money(p.attributedRevenue),
    percent(p.predictedRoi), percent(p.actualRoi), money(p.cpa), money(p.ecpm),
    p.savings ? percent(p.savings.avoidedShare) : '', p.savings ? percent(p.savings.conversionsRetained) : '',
    p.quality ? p.quality.auc.toFixed(3) : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `${s.scenario} (seed ${s.seed}): ${s.opportunities} opportunities over ${s.days} day(s), ${s.matchedOpportunities} from users on the retargeting lists`,
    line(head), ...rows.map(line),
    s.baseline ? `saved = share of ${s.baseline}'s spend on impressions that never converted that the policy did not buy; conv. kept = share of ${s.baseline}'s conversions it also bought` : '',
  ].join('\n');
}
