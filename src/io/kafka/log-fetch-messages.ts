import { BidlabError } from '../../errors.js';
import { KafkaIoError } from './kafka-io-error.js';
import type { LogConsumerOptions, ProcessedOffset } from './log-consumer.js';
import type { FetcherEvent } from './log-fetcher.js';

/** An error as it crosses between threads. */
export interface ErrorData {
  readonly code: string;
  readonly message: string;
  readonly where: string | undefined;
}

/** From a `LogConsumer` to its fetch worker. */
export type ToFetcher =
  | { readonly type: 'start' }
  | { readonly type: 'took'; readonly count: number }
  | { readonly type: 'commit'; readonly id: number; readonly processed: ReadonlyArray<ProcessedOffset> }
  | { readonly type: 'close' };

/** From the fetch worker to its `LogConsumer`. */
export type FromFetcher =
  | { readonly type: 'connected' }
  | { readonly type: 'failed'; readonly error: ErrorData }
  | { readonly type: 'log'; readonly level: 'error' | 'warn'; readonly message: string }
  | Exclude<FetcherEvent, { type: 'error' }>
  | { readonly type: 'error'; readonly error: ErrorData }
  | { readonly type: 'committed'; readonly id: number; readonly error?: ErrorData }
  | { readonly type: 'closed'; readonly error?: ErrorData };

/** What the worker starts with: the consumer's options, the log callback replaced by a flag. */
export type FetcherData = Omit<LogConsumerOptions, 'log'> & { readonly log: boolean };

export function errorData(error: unknown, code: string, where: string | undefined): ErrorData {
  if (error instanceof BidlabError) {
    const prefix = error.where === undefined ? '' : `${error.where}: `;
    return { code: error.code, message: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message, where: error.where };
  }
  return { code, message: (error as Error).message, where };
}

export function kafkaIoError(data: ErrorData): KafkaIoError {
  return new KafkaIoError(data.code, data.message, data.where);
}
