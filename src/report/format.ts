/** Number formats shared by the Markdown and HTML reports. NaN (an undefined ratio) reads 'n/a'. */

const NA = 'n/a';

/** USD with cents below $100, whole dollars above: '$12.34', '$1,234', '−$5.00'. */
export function money(x: number): string {
  if (!Number.isFinite(x)) return x === Infinity ? '∞' : NA;
  const abs = Math.abs(x);
  const text = abs < 100 ? abs.toFixed(2) : Math.round(abs).toLocaleString('en-US');
  return `${x < 0 ? '−' : ''}$${text}`;
}

/** Signed money for differences: '+$1.20', '−$3.00'. */
export function signedMoney(x: number): string {
  return x > 0 ? `+${money(x)}` : money(x);
}

/** A fraction as a percentage: 0.1234 → '12.3%'. */
export function percent(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return NA;
  return `${(x * 100).toFixed(digits).replace('-', '−')}%`;
}

/** A signed percentage for differences: '+1.2%', '−0.5%'. */
export function signedPercent(x: number, digits = 1): string {
  return x > 0 ? `+${percent(x, digits)}` : percent(x, digits);
}

/** A count with thousands separators; fractional counts (bootstrap scaling) are rounded. */
export function count(x: number): string {
  // `|| 0`: a count that rounds to nothing is 0, not '−0'.
  return Number.isFinite(x) ? (Math.round(x) || 0).toLocaleString('en-US').replace('-', '−') : NA;
}

/** A signed count: '+12', '−3'. */
export function signedCount(x: number): string {
  return x > 0 ? `+${count(x)}` : count(x);
}

/** A plain number with up to `digits` significant digits. */
export function num(x: number, digits = 3): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(digits))).replace('-', '−') : NA;
}
