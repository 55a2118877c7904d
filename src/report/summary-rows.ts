import type { BootstrapMetric, Interval } from '../metrics/index.js';
import type { ComparisonReport, ReportPolicy } from './comparison-report.js';
import { count, money, num, percent, signedCount, signedMoney, signedPercent } from './format.js';

/** One row of the side-by-side table, already formatted. */
export interface SummaryRow {
  readonly label: string;
  readonly champion: string;
  readonly challenger: string;
  /** Challenger − champion, with the relative change where it means something. */
  readonly difference: string;
  /** The difference's interval at the report's confidence; '' where the figure was not bootstrapped. */
  readonly interval: string;
}

type Format = { level: (x: number) => string; diff: (x: number) => string };
const MONEY: Format = { level: money, diff: signedMoney };
const COUNT: Format = { level: count, diff: signedCount };
/** Levels in percent; their differences in percentage points, which a relative change would be confused with. */
const PERCENT: Format = { level: (x) => percent(x), diff: (x) => signedPercent(x).replace(/%$/, ' pp') };
const RATIO: Format = { level: (x) => `${num(x)}×`, diff: (x) => (x > 0 ? `+${num(x)}` : num(x)) };
const NUMBER: Format = { level: (x) => num(x), diff: (x) => (x > 0 ? `+${num(x)}` : num(x)) };

const BOOTSTRAPPED: ReadonlyArray<[BootstrapMetric, string, Format]> = [
  ['spend', 'Spend', MONEY],
  ['wins', 'Impressions won', COUNT],
  ['conversions', 'Conversions', COUNT],
  ['revenue', 'Attributed revenue', MONEY],
  ['roas', 'ROAS', RATIO],
  ['roi', 'ROI (actual)', PERCENT],
  ['predictedRoi', 'ROI (predicted)', PERCENT],
  ['cpa', 'CPA', MONEY],
];

/** The comparison table: bootstrapped figures with intervals, then the run's other figures. */
export function summaryRows(report: ComparisonReport): SummaryRow[] {
  const f = report.statistics.figures;
  const rows: SummaryRow[] = BOOTSTRAPPED.map(([metric, label, fmt]) => {
    const d = f.difference[metric];
    const change = (f.change as Record<string, Interval | undefined>)[metric];
    return {
      label,
      champion: fmt.level(f.champion[metric].estimate),
      challenger: fmt.level(f.challenger[metric].estimate),
      difference: change && metric !== 'roas' ? `${fmt.diff(d.estimate)} (${signedPercent(change.estimate)})` : fmt.diff(d.estimate),
      interval: intervalText(d, fmt.diff),
    };
  });
  const champion = policy(report, report.champion), challenger = policy(report, report.challenger);
  const plain = (label: string, get: (p: ReportPolicy) => number | undefined, fmt: Format) => {
    const a = champion && get(champion), b = challenger && get(challenger);
    if (a === undefined && b === undefined) return;
    const x = a ?? NaN, y = b ?? NaN;
    rows.push({ label, champion: fmt.level(x), challenger: fmt.level(y), difference: fmt.diff(y - x), interval: '' });
  };
  plain('Win rate', (p) => p.winRate, PERCENT);
  plain('eCPM', (p) => p.ecpm, MONEY);
  plain('Non-performing spend avoided', (p) => p.savings?.avoidedShare, PERCENT);
  plain('Baseline conversions kept', (p) => p.savings?.conversionsRetained, PERCENT);
  plain('AUC', (p) => p.auc, NUMBER);
  plain('Calibration error (ECE)', (p) => p.calibration?.ece, { level: (x) => num(x, 2), diff: (x) => (x > 0 ? `+${num(x, 2)}` : num(x, 2)) });
  plain('Log-loss', (p) => p.calibration?.logLoss, { level: (x) => num(x, 4), diff: (x) => (x > 0 ? `+${num(x, 3)}` : num(x, 3)) });
  plain('Regret vs oracle', (p) => p.regret, MONEY);
  return rows;
}

export function policy(report: ComparisonReport, name: string | undefined): ReportPolicy | undefined {
  return name === undefined ? undefined : report.policies.find((p) => p.name === name);
}

function intervalText(i: Interval, fmt: (x: number) => string): string {
  return i.lower === i.lower ? `[${fmt(i.lower)}, ${fmt(i.upper)}]` : 'n/a';
}
