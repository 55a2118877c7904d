import { BidlabError } from '../../errors.js';

/**
 * Anything a feature-table reader refuses, such as a missing input or a table read twice. Content
 * problems are the subclass `TableFormatError`, so `instanceof TableError` catches both.
 */
export class TableError extends BidlabError {}
