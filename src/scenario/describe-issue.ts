import type { z } from 'zod';
import { allowedKeys, expectsInteger } from './schema-walk.js';
import { didYouMean } from './did-you-mean.js';
import type { LocateTarget } from './yaml-locator.js';

/** A problem worded for people, with the field it concerns and which spot of it to point at. */
export interface FieldProblem {
  readonly path: readonly PropertyKey[];
  readonly target: LocateTarget;
  readonly message: string;
}

const MAX_LISTED = 15;

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

/** How a YAML value reads in a message: `'abc'`, `12`, `a list`, `an empty value`. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return value.length > 40 ? `'${value.slice(0, 37)}...'` : `'${value}'`;
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) {
    if (!isRecord(value) && !Array.isArray(value)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment as string];
  }
  return value;
}

function isMissing(data: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return data === undefined;
  const parent = valueAt(data, path.slice(0, -1));
  return isRecord(parent) && !Object.hasOwn(parent, String(path[path.length - 1]));
}

function oneOf(values: readonly string[]): string {
  if (values.length > MAX_LISTED) return `one of ${values.length} values`;
  return `one of ${values.map((v) => `'${v}'`).join(' | ')}`;
}

function suggestion(input: unknown, candidates: readonly string[]): string {
  if (typeof input !== 'string' && typeof input !== 'number') return '';
  const guess = didYouMean(String(input), candidates);
  return guess === undefined ? '' : ` (did you mean '${guess}'?)`;
}

function got(input: unknown): string {
  return typeof input === 'object' && input !== null ? '' : `, got ${showValue(input)}`;
}

function bound(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, input: unknown): string {
  const small = issue.code === 'too_small';
  const limit = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const exact = (issue as { exact?: boolean }).exact === true;
  if (issue.origin === 'array' || issue.origin === 'string' || issue.origin === 'set') {
    const unit = issue.origin === 'string' ? 'character' : 'item';
    const count = Array.isArray(input) || typeof input === 'string' ? input.length : undefined;
    const how = exact ? 'exactly' : small ? 'at least' : 'at most';
    const plural = Number(limit) === 1 ? '' : 's';
    return `expected ${how} ${limit} ${unit}${plural}${count === undefined ? '' : `, got ${count}`}`;
  }
  const how = small ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'less than';
  return `expected ${how} ${limit}${got(input)}`;
}

/**
 * Words one zod issue (from a parse with `reportInput`) for people: what was expected, what was
 * there, and a likely fix for misspelt keys and values. `root` and `data` are the schema and the
 * document, to list the keys or values a field allows.
 */
export function describeIssue(issue: z.core.$ZodIssue, root: z.core.$ZodType, data: unknown): FieldProblem[] {
  const path = issue.path;
  const input = (issue as { input?: unknown }).input;
  const custom = issue.message.startsWith('expected');
  switch (issue.code) {
    case 'invalid_type': {
      const integer = issue.expected === 'number' && expectsInteger(root, data, path);
      const expected = integer ? TYPE_NAMES.int : (TYPE_NAMES[issue.expected] ?? issue.expected);
      if (isMissing(data, path) && path.length > 0) {
        return [{ path, target: 'parent', message: `missing required key '${String(path[path.length - 1])}' (expected ${expected})` }];
      }
      return [{ path, target: 'value', message: `expected ${expected}, got ${showValue(input)}` }];
    }
    case 'too_small':
    case 'too_big':
      return [{ path, target: 'value', message: bound(issue, input) }];
    case 'not_multiple_of':
      return [{ path, target: 'value', message: `expected a multiple of ${issue.divisor}${got(input)}` }];
    case 'invalid_value': {
      const values = issue.values.map(String);
      const expected = custom ? issue.message : `expected ${oneOf(values)}`;
      return [{ path, target: 'value', message: `${expected}${got(input)}${suggestion(input, values)}` }];
    }
    case 'invalid_format': {
      const expected = custom ? issue.message : issue.format === 'regex' ? `expected a string matching ${issue.pattern}` : `expected a ${issue.format} string`;
      return [{ path, target: 'value', message: `${expected}${got(input)}` }];
    }
    case 'unrecognized_keys': {
      const present = Object.keys(isRecord(input) ? input : {});
      const allowed = allowedKeys(root, data, path, input);
      const candidates = allowed.filter((key) => !present.includes(key));
      return issue.keys.map((key) => {
        const hint = suggestion(key, candidates);
        const list = hint === '' && allowed.length > 0 && allowed.length <= MAX_LISTED ? `; allowed keys: ${allowed.join(', ')}` : '';
        return { path: [...path, key], target: 'key' as const, message: `unknown key '${key}'${hint}${list}` };
      });
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      const expected = inner?.message.startsWith('expected') ? inner.message : `not a valid key`;
      const key = String(path[path.length - 1]);
      const candidates = allowedKeys(root, data, path.slice(0, -1), valueAt(data, path.slice(0, -1)));
      return [{ path, target: 'key', message: `invalid key '${key}': ${expected}${suggestion(key, candidates)}` }];
    }
    case 'invalid_union': {
      const tagged = issue as z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[] };
      if (tagged.discriminator !== undefined) {
        const options = (tagged.options ?? []).map(String);
        if (isMissing(data, path)) {
          return [{ path, target: 'parent', message: `missing required key '${tagged.discriminator}' (expected ${oneOf(options)})` }];
        }
        const value = valueAt(data, path);
        return [{ path, target: 'value', message: `expected ${oneOf(options)}${got(value)}${suggestion(value, options)}` }];
      }
      const expected = custom ? issue.message : 'expected a value of one of the allowed forms';
      return [{ path, target: 'value', message: `${expected}${got(input)}` }];
    }
    case 'custom':
      return [{ path, target: 'value', message: `${issue.message}${custom ? got(valueAt(data, path)) : ''}` }];
    default:
      return [{ path, target: 'value', message: issue.message }];
  }
}
