import type { ObjectiveName, ObjectiveSpec } from './model-types.js';
import { parseLightgbmAtof, parseModelInt } from './number-text.js';

const REGRESSION_FAMILY = new Set<ObjectiveName>([
  'regression', 'regression_l1', 'quantile', 'huber', 'fair', 'mape',
]);
const KNOWN = new Set<ObjectiveName>([
  ...REGRESSION_FAMILY, 'binary', 'multiclass', 'multiclassova', 'cross_entropy',
  'cross_entropy_lambda', 'poisson', 'gamma', 'tweedie', 'lambdarank', 'rank_xendcg', 'custom',
]);

/** Thrown as a plain message; the model parser adds the file and line. */
export class ObjectiveParseError extends Error {}

/**
 * Reads the `objective=` value the way LightGBM's objective constructors read it: a type name,
 * then space-separated `key:value` tokens (and the bare token `sqrt` for regression).
 */
export function parseObjective(text: string | undefined, numClass: number): ObjectiveSpec {
  if (text === undefined) return { name: 'none', text, sigmoid: 1, sqrt: false, numClass };
  const tokens = text.split(' ').filter((t) => t.length > 0);
  const name = tokens[0] as ObjectiveName | undefined;
  if (name === undefined || !KNOWN.has(name)) {
    throw new ObjectiveParseError(`unsupported objective '${tokens[0] ?? ''}'`);
  }
  let sigmoid = -1;
  let sqrt = false;
  let objectiveClasses = numClass;
  for (const token of tokens.slice(1)) {
    if (token === 'sqrt') sqrt = true;
    const parts = token.split(':');
    if (parts.length !== 2) continue;
    const [key, value] = parts as [string, string];
    if (key === 'sigmoid') {
      const parsed = parseLightgbmAtof(value);
      if (parsed === undefined) throw new ObjectiveParseError(`sigmoid '${value}' is not a number`);
      sigmoid = parsed;
    } else if (key === 'num_class') {
      const parsed = parseModelInt(value);
      if (parsed === undefined) throw new ObjectiveParseError(`num_class '${value}' is not an integer`);
      objectiveClasses = parsed;
    }
  }
  if ((name === 'binary' || name === 'multiclassova') && !(sigmoid > 0)) {
    throw new ObjectiveParseError(`${name} needs a sigmoid parameter greater than zero`);
  }
  if ((name === 'multiclass' || name === 'multiclassova') && objectiveClasses !== numClass) {
    throw new ObjectiveParseError(`num_class:${objectiveClasses} disagrees with num_class=${numClass}`);
  }
  // LightGBM's huber objective switches sqrt off; every other regression-family one honours it.
  const honoursSqrt = REGRESSION_FAMILY.has(name) && name !== 'huber';
  return { name, text, sigmoid: sigmoid > 0 ? sigmoid : 1, sqrt: sqrt && honoursSqrt, numClass };
}
