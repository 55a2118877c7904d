import { BidlabError } from '../../errors.js';

/** A topic that cannot be reached, read or written (no broker, no topic, a failed commit, a bad kafka:// address). */
export class KafkaIoError extends BidlabError {}
