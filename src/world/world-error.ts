import { BidlabError } from '../errors.js';

/** Codes raised by src/world: a scenario the synthetic world cannot build, or a bad argument. */
export type WorldErrorCode = 'WORLD_TOO_MANY_CAMPAIGNS' | 'WORLD_BAD_ARGUMENT' | 'WORLD_BAD_DATE';

export class WorldError extends BidlabError {
  declare readonly code: WorldErrorCode;

  constructor(code: WorldErrorCode, message: string, where?: string) {
    super(code, message, where);
  }
}
