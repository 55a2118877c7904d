import { TableError } from './table-error.js';

/**
 * The input's content is not a table we can read: `where` is `path:line` (the 1-based source line
 * of the offending record, or row number for Arrow) or the path alone when no line applies.
 */
export class TableFormatError extends TableError {}
