/** One k6 threshold expression: an aggregate of a metric compared with a number. */
export interface Threshold {
  /** 'p(99)', 'avg', 'min', 'max', 'med', 'rate', 'count'. */
  readonly aggregate: string;
  readonly op: '<' | '<=' | '>' | '>=' | '==' | '!=';
  readonly value: number;
}

const EXPRESSION = /^\s*(p\(\d+(?:\.\d+)?\)|avg|min|max|med|rate|count)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*$/i;

/** A threshold from k6's syntax ('p(99)<5'), or undefined when it is not one bidlab evaluates. */
export function parseThreshold(text: string): Threshold | undefined {
  const m = EXPRESSION.exec(text);
  if (!m) return undefined;
  return { aggregate: m[1]!.toLowerCase(), op: m[2] as Threshold['op'], value: Number(m[3]) };
}

/** Whether `actual` passes the threshold (NaN never does). */
export function passes(t: Threshold, actual: number): boolean {
  switch (t.op) {
    case '<': return actual < t.value;
    case '<=': return actual <= t.value;
    case '>': return actual > t.value;
    case '>=': return actual >= t.value;
    case '==': return actual === t.value;
    case '!=': return actual === actual && actual !== t.value;
  }
}
