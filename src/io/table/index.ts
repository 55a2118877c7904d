export type { Cell, FeatureTable, TableBatch, TableFormat } from './feature-table.js';
export { openFeatureTable, type OpenTableOptions } from './open-feature-table.js';
export { TableError } from './table-error.js';
export { TableFormatError } from './table-format-error.js';
export { parseCsvCell } from './parse-csv-cell.js';
export { parseSpecialFloat } from './parse-special-float.js';
