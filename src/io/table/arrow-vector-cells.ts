import { DataType, Type, util, type Field, type Vector } from 'apache-arrow';
import type { Cell } from './feature-table.js';

/**
 * Whether a column of this Arrow type can become cells: numbers (ints, floats of any width,
 * decimals), booleans (1/0), strings (utf8, large utf8, utf8 view) and dictionaries of those
 * (pandas categoricals), and the all-null type. Dates, times, lists, structs and the rest are left
 * to the writer to convert, because any conversion here would be a guess.
 */
export function isSupportedArrowType(type: DataType): boolean {
  if (DataType.isDictionary(type)) return isSupportedArrowType(type.dictionary);
  switch (type.typeId) {
    case Type.Null:
    case Type.Bool:
    case Type.Int:
    case Type.Float:
    case Type.Decimal:
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return true;
    default:
      return false;
  }
}

/** The cells of one record-batch column whose type passed `isSupportedArrowType`. */
export function arrowVectorCells(vector: Vector, field: Field): Cell[] {
  const n = vector.length;
  const type = field.type as DataType;
  if (type.typeId === Type.Null) return new Array<Cell>(n).fill(null);
  if (DataType.isFloat(type) && type.precision !== 0 /* HALF: stored as raw bits */) return fromNumbers(vector, n);
  if (DataType.isInt(type)) return type.bitWidth === 64 ? fromBigInts(vector, n) : fromNumbers(vector, n);
  if (DataType.isDecimal(type)) return fromDecimals(vector, n, type.scale);
  const cells = new Array<Cell>(n);
  for (let i = 0; i < n; i++) cells[i] = toCell(vector.get(i));
  return cells;
}

function fromNumbers(vector: Vector, n: number): Cell[] {
  const values = vector.toArray() as ArrayLike<number>;
  const cells = Array.from(values) as Cell[];
  if (vector.nullCount > 0) for (let i = 0; i < n; i++) if (!vector.isValid(i)) cells[i] = null;
  return cells;
}

function fromBigInts(vector: Vector, n: number): Cell[] {
  const values = vector.toArray() as ArrayLike<bigint>;
  const nulls = vector.nullCount > 0;
  const cells = new Array<Cell>(n);
  for (let i = 0; i < n; i++) cells[i] = nulls && !vector.isValid(i) ? null : Number(values[i]);
  return cells;
}

function fromDecimals(vector: Vector, n: number, scale: number): Cell[] {
  const cells = new Array<Cell>(n);
  for (let i = 0; i < n; i++) {
    const value = vector.get(i);
    // Through the decimal text, so the result is the double nearest the exact decimal value.
    cells[i] = value === null ? null : Number(`${util.bigNumToBigInt(value)}e${-scale}`);
  }
  return cells;
}

function toCell(value: unknown): Cell {
  switch (typeof value) {
    case 'number':
    case 'string':
      return value;
    case 'boolean':
      return value ? 1 : 0;
    case 'bigint':
      return Number(value);
    default:
      return null;
  }
}
