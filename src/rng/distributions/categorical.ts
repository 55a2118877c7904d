import type { RandomSource } from '../random-source.js';
import type { AliasTable } from './alias-table.js';

/**
 * An index drawn from an {@link AliasTable}, from one double: its integer part (times the size)
 * picks the column, its fraction decides between the column and its alias. The fraction keeps
 * 53 - log2(size) bits, over 30 for a table of a million entries.
 */
export function categorical(source: RandomSource, table: AliasTable): number {
  return categoricalAt(table, source.nextDouble());
}

/** {@link categorical} from a uniform double in [0, 1) drawn beforehand: the same index as from the source that gave it. */
export function categoricalAt(table: AliasTable, unit: number): number {
  const x = unit * table.size;
  const column = x | 0;
  const cells = table.cells;
  return x - column < cells[2 * column]! ? column : cells[2 * column + 1]! | 0;
}
