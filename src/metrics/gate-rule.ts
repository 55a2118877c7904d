import { BOOTSTRAP_METRICS, type BootstrapMetric, CHANGE_METRICS, type ChangeMetric } from './user-bootstrap.js';
import { MetricsError } from './metrics-error.js';

/** Calibration figures of the challenger's P(conversion) a gate can bound (point values, no interval). */
export const CALIBRATION_MEASURES = ['ece', 'log-loss', 'brier', 'auc'] as const;
export type CalibrationMeasure = (typeof CALIBRATION_MEASURES)[number];

/**
 * What a rule bounds:
 * - `difference`: challenger − champion of a bootstrap figure (`roi-diff`);
 * - `change`: challenger ÷ champion − 1 (`conversions-change`), `drop` its negative, the share lost (`conversions-drop`);
 * - `level`: the challenger's own figure (`roi`);
 * - `calibration`: the challenger's calibration on won impressions (`ece`, `log-loss`, `brier`, `auc`).
 */
export type GateMeasure =
  | { readonly kind: 'difference' | 'level'; readonly metric: BootstrapMetric }
  | { readonly kind: 'change' | 'drop'; readonly metric: ChangeMetric }
  | { readonly kind: 'calibration'; readonly metric: CalibrationMeasure };

/**
 * One gate threshold. With a confidence the bound is checked against the matching end of the
 * two-sided percentile interval at that level (`>=` the lower end, `<=` the upper end), so
 * `roi-diff>=0@95` passes only when the whole 95% interval of the ROI difference is at or above 0;
 * without one, against the point estimate.
 */
export interface GateRule {
  readonly measure: GateMeasure;
  readonly op: '>=' | '<=';
  /** In the measure's own unit; a `%` in the text is divided by 100 here. */
  readonly threshold: number;
  /** Two-sided level in (0, 1), or null for the point estimate. */
  readonly confidence: number | null;
  /** The rule as written, e.g. 'conversions-drop<=2%'. */
  readonly text: string;
}

const KEBAB: Record<BootstrapMetric, string> = {
  spend: 'spend', wins: 'wins', conversions: 'conversions', revenue: 'revenue', predictedRevenue: 'predicted-revenue',
  roas: 'roas', roi: 'roi', predictedRoi: 'predicted-roi', cpa: 'cpa',
};
const METRIC_BY_KEBAB = new Map(BOOTSTRAP_METRICS.map((m) => [KEBAB[m], m]));
const RULE = /^\s*([a-z][a-z-]*?)\s*(>=|<=|≥|≤)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(%?)\s*(?:@\s*(\d+\.?\d*|\.\d+)\s*%?)?\s*$/i;

/** The grammar, for help texts and error messages. */
export const GATE_RULE_SYNTAX =
  "<measure><op><number>[%][@<confidence>], e.g. 'roi-diff>=0@95', 'conversions-drop<=2%', 'ece<=0.02'; "
  + 'measure: <metric>-diff, <metric>-change, <metric>-drop, <metric> (the challenger alone) or ece, log-loss, brier, auc; '
  + `metric: ${BOOTSTRAP_METRICS.map((m) => KEBAB[m]).join(', ')}; op: >= or <=; confidence in percent (95) or as a fraction (0.95)`;

/** The kebab-case name of a measure, as written in rules: 'roi-diff', 'conversions-drop', 'ece'. */
export function measureName(m: GateMeasure): string {
  if (m.kind === 'calibration') return m.metric;
  const base = KEBAB[m.metric];
  return m.kind === 'level' ? base : `${base}-${m.kind === 'difference' ? 'diff' : m.kind}`;
}

/**
 * Parses a rule as the CLI (`--gate`) and the scenario's `comparison.gate` write it.
 * @param where where the text came from, for the error (e.g. 'comparison.gate[1]' or '--gate').
 */
export function parseGateRule(text: string, where = 'gate'): GateRule {
  const fail = (why: string) => new MetricsError('GATE_BAD_RULE', `'${text}': ${why}; expected ${GATE_RULE_SYNTAX}`, where);
  const match = RULE.exec(text);
  if (!match) throw fail('not a rule');
  const [, rawName, rawOp, number, percent, rawConfidence] = match;
  const name = rawName!.toLowerCase();
  const measure = measureOf(name);
  if (!measure) throw fail(`unknown measure '${name}'`);
  const op = rawOp === '≥' ? '>=' : rawOp === '≤' ? '<=' : (rawOp as '>=' | '<=');
  const threshold = Number(number) / (percent ? 100 : 1);
  if (!Number.isFinite(threshold)) throw fail(`threshold ${number} is not a finite number`);
  let confidence: number | null = null;
  if (rawConfidence !== undefined) {
    if (measure.kind === 'calibration') throw fail(`${name} is a point value with no interval; drop '@${rawConfidence}'`);
    const c = Number(rawConfidence);
    confidence = c >= 1 ? c / 100 : c;
    if (!(confidence >= 0.5 && confidence < 1)) throw fail(`confidence ${rawConfidence} is not between 50 and 100 percent`);
  }
  return { measure, op, threshold, confidence, text: text.trim() };
}

function measureOf(name: string): GateMeasure | undefined {
  if ((CALIBRATION_MEASURES as readonly string[]).includes(name)) return { kind: 'calibration', metric: name as CalibrationMeasure };
  const level = METRIC_BY_KEBAB.get(name);
  if (level) return { kind: 'level', metric: level };
  const suffix = /^(.*)-(diff|change|drop)$/.exec(name);
  const metric = suffix ? METRIC_BY_KEBAB.get(suffix[1]!) : undefined;
  if (!suffix || !metric) return undefined;
  if (suffix[2] === 'diff') return { kind: 'difference', metric };
  if (!(CHANGE_METRICS as readonly string[]).includes(metric)) return undefined;
  return { kind: suffix[2] as 'change' | 'drop', metric: metric as ChangeMetric };
}
