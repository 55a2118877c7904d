import type { RandomSource } from '../random-source.js';
import type { AliasTable } from './alias-table.js';

/**
 * An index drawn from an {@link AliasTable}, from one double: its integer part (times the size)
 * picks the column, its fraction decides between the column and its alias. The fraction keeps
 * 53 - log2(size) bits, over 30 for a table of a million entries.
 */
export function categorical(source: RandomSource, table: AliasTable): number {
  const x = source.nextDouble() * table.size;
  const column = x | 0;
  return x - column < table.keep[column] ? column : table.alias[column];
}
