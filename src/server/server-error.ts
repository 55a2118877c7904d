import { BidlabError } from '../errors.js';

export type ServerErrorCode = 'SERVER_BAD_REQUEST' | 'SERVER_BAD_NOTICE' | 'SERVER_CONFIG' | 'SERVER_WORKER';

/**
 * A request the server refuses, or a server it cannot start. `where` names the field of the
 * request (`imp[1].id`) or the option; the message is what the client gets back, so it is short.
 */
export class ServerError extends BidlabError {
  declare readonly code: ServerErrorCode;

  constructor(code: ServerErrorCode, message: string, where?: string) {
    super(code, message, where);
  }
}
