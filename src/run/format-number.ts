/**
 * Shortest text that parses back to the same double (JS's own algorithm), with NaN and infinities
 * spelled the way Python, numpy and pandas read and write them.
 */
export function formatNumber(x: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x);
}
