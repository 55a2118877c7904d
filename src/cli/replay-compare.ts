import { join } from 'node:path';
import { BidlabError } from '../errors.js';
import { comparePolicies } from '../run/compare-policies.js';
import type { ReplayPolicyResult, ReplaySummary } from '../run/replay-summary.js';
import { loadScenario } from '../scenario/index.js';
import { money } from '../tui/index.js';
import { replayScenario, type ReplayRunArgs } from './replay-run.js';

export interface ReplayCompareArgs extends Omit<ReplayRunArgs, 'policy'> {
  champion?: string;
  challenger?: string;
  gate?: string[];
}

/**
 * `bidlab compare <scenario> --source <log>`: champion against challenger on a recorded log. The
 * differences come with 95% intervals in the off-policy modes (paired record by record); the
 * logged and model modes give point differences and say how much rests on unobserved outcomes.
 * A gate is judged on a synthetic world's user bootstrap, which a log does not have: `--gate` is
 * refused here rather than judged on something else.
 */
export async function replayCompare(a: ReplayCompareArgs): Promise<number> {
  if (a.gate?.length) {
    throw new BidlabError('CLI_GATE_ON_LOG', 'gates are judged on a synthetic world (bidlab compare without --source); a log replay reports the differences and their intervals instead', '--gate');
  }
  const cast = comparePolicies(await loadScenario(a.scenario), { ...(a.champion ? { championModel: a.champion } : {}), ...(a.challenger ? { challengerModel: a.challenger } : {}) });
  const { summary, out } = await replayScenario(cast.scenario, a, join('runs', `${cast.scenario.name}-replay-compare-${a.outcomes}`));
  if (a.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else process.stdout.write(`${comparisonTable(summary, cast.champion, cast.challenger)}\nresults: ${out}/replay.json\n`);
  return 0;
}

/** Champion, challenger and the difference per measure; ± the 95% interval's half-width where the mode has one. */
export function comparisonTable(s: ReplaySummary, championName: string, challengerName: string): string {
  const champion = s.policies.find((p) => p.name === championName)!;
  const challenger = s.policies.find((p) => p.name === challengerName)!;
  const paired = challenger.versusChampion?.[s.outcomes as 'ips' | 'dr'];
  const rows: Array<[string, (p: ReplayPolicyResult) => number, 'conversions' | 'revenue' | 'spend' | 'profit', (x: number) => string]> = [
    ['conversions', (p) => p.conversions, 'conversions', (x) => x.toFixed(1)],
    ['revenue', (p) => p.revenue, 'revenue', money],
    ['spend', (p) => p.spend, 'spend', money],
    ['profit', (p) => p.revenue - p.spend, 'profit', money],
  ];
  const lines = rows.map(([name, f, key, fmt]) => {
    const diff = paired ? paired.estimate[key] : f(challenger) - f(champion);
    const ci = paired ? ` ± ${fmt(1.96 * paired.standardError[key])}` : '';
    return [name, fmt(f(champion)), fmt(f(challenger)), `${diff >= 0 ? '+' : '-'}${fmt(Math.abs(diff))}${ci}`];
  });
  const head = ['', championName, challengerName, `difference${paired ? ' (95%)' : ''}`];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `${s.scenario}: ${challengerName} against ${championName} on ${s.source} (${s.records} records)`,
    `outcomes: ${s.outcomes}: ${s.outcomesMeaning}`,
    line(head), ...lines.map(line),
    paired ? '' : `unobserved wins rest ${(champion.unobservedSpendShare * 100).toFixed(1)}% (${championName}) and ${(challenger.unobservedSpendShare * 100).toFixed(1)}% (${challengerName}) of the spend on outcomes nobody saw`,
  ].join('\n');
}
