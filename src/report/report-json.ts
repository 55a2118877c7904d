import type { ComparisonReport } from './comparison-report.js';

/**
 * report.json: the whole ComparisonReport, two-space indented with a final newline. JSON has no
 * NaN or infinities, so undefined ratios (NaN) and an infinite CPA (spend, no conversions) are
 * written as null: "not a number that can be stated".
 */
export function reportJson(report: ComparisonReport): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}
