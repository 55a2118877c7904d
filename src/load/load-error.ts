import { BidlabError } from '../errors.js';

export type LoadErrorCode = 'LOAD_SCENARIO' | 'LOAD_PAYLOADS' | 'LOAD_TARGET';

/** A load scenario, payload file or target that cannot be used; `where` is the file and field. */
export class LoadError extends BidlabError {
  declare readonly code: LoadErrorCode;

  constructor(code: LoadErrorCode, message: string, where?: string) {
    super(code, message, where);
  }
}
