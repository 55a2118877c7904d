import { BidlabError } from '../errors.js';

/** A model file that cannot be read: truncated, corrupt, or using something we do not support. */
export class ModelFormatError extends BidlabError {
  readonly line: number | undefined;
  readonly key: string | undefined;

  constructor(code: string, message: string, source: string, line?: number, key?: string) {
    const where = line === undefined ? source : `${source}:${line}${key ? ` (${key})` : ''}`;
    super(code, message, where);
    this.line = line;
    this.key = key;
  }
}

/** Rows that do not fit the model: wrong width, unknown feature names, bad option values. */
export class PredictInputError extends BidlabError {}
