// What the scenario schema allows at a field path, for error messages: the keys a mapping may
// hold (to suggest the one meant) and whether a number must be whole.
import type { z } from 'zod';

type Schema = z.core.$ZodType;

// The parts of zod's schema definitions this walk reads, from `_zod.def`. Reading them keeps the
// key lists in one place, the schema, instead of repeating them for messages.
interface Def {
  readonly type: string;
  readonly innerType?: Schema;
  readonly in?: Schema;
  readonly shape?: Record<string, Schema>;
  readonly element?: Schema;
  readonly keyType?: Schema;
  readonly valueType?: Schema;
  readonly options?: readonly Schema[];
  readonly discriminator?: string;
  readonly entries?: Record<string, string | number>;
  readonly values?: readonly unknown[];
  readonly format?: string;
}

const def = (schema: Schema): Def => schema._zod.def as unknown as Def;

function unwrap(schema: Schema): Schema {
  for (;;) {
    const d = def(schema);
    if (d.innerType !== undefined) schema = d.innerType;
    else if (d.type === 'pipe' && d.in !== undefined) schema = d.in;
    else return schema;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The option of a discriminated union that `data` picks, if it picks one. */
function pickOption(schema: Schema, data: unknown): Schema | undefined {
  const d = def(schema);
  if (d.type !== 'union' || d.discriminator === undefined || !isRecord(data)) return undefined;
  const tag = data[d.discriminator];
  return d.options?.find((option) => {
    const field = def(unwrap(option)).shape?.[d.discriminator as string];
    return field !== undefined && (def(unwrap(field)).values ?? []).includes(tag);
  });
}

/** The schema that validates the value at `path` of `root`, following the data through unions. */
function schemaAt(root: Schema, rootData: unknown, path: readonly PropertyKey[]): Schema | undefined {
  let schema: Schema | undefined = unwrap(root);
  let data = rootData;
  for (const segment of path) {
    schema = pickOption(schema, data) ?? schema;
    const d = def(unwrap(schema));
    if (d.type === 'object') schema = d.shape?.[String(segment)];
    else if (d.type === 'array') schema = d.element;
    else if (d.type === 'record') schema = d.valueType;
    else return undefined;
    if (schema === undefined) return undefined;
    schema = unwrap(schema);
    data = isRecord(data) || Array.isArray(data) ? (data as Record<PropertyKey, unknown>)[segment as string] : undefined;
  }
  return schema;
}

/** The keys the mapping at `path` may hold: an object's fields, or an enum-keyed record's keys. */
export function allowedKeys(root: Schema, rootData: unknown, path: readonly PropertyKey[], data: unknown): string[] {
  const at = schemaAt(root, rootData, path);
  if (at === undefined) return [];
  const schema = unwrap(pickOption(at, data) ?? at);
  const d = def(schema);
  if (d.type === 'object') return Object.keys(d.shape ?? {});
  if (d.type === 'record' && d.keyType !== undefined) return enumValues(d.keyType);
  return [];
}

/** The values an enum or literal accepts (empty for anything else). */
function enumValues(schema: Schema): string[] {
  const d = def(unwrap(schema));
  if (d.type === 'enum') return Object.values(d.entries ?? {}).map(String);
  if (d.type === 'literal') return (d.values ?? []).map(String);
  return [];
}

/** Whether the field at `path` takes only integers (zod's `z.int()` and friends). */
export function expectsInteger(root: Schema, rootData: unknown, path: readonly PropertyKey[]): boolean {
  const at = schemaAt(root, rootData, path);
  return at !== undefined && def(at).type === 'number' && /int/.test(def(at).format ?? '');
}
