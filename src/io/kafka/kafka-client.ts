import { Kafka, logLevel, type LogEntry } from 'kafkajs';

export interface KafkaClientOptions {
  readonly brokers: ReadonlyArray<string>;
  /** Default 'bidlab'. */
  readonly clientId?: string;
  /**
   * Receives kafkajs's warnings and errors. Default: none, since kafkajs logs transient conditions
   * it retries (a group coordinator still loading) as errors; failures it gives up on still reject.
   */
  readonly log?: (level: 'error' | 'warn', message: string) => void;
  /** How often kafkajs retries a failed request (with backoff) before giving up. Default 5. */
  readonly retries?: number;
}

/** A kafkajs client for bidlab's adapters: its logs go to `log` instead of the console. */
export function kafkaClient(options: KafkaClientOptions): Kafka {
  const log = options.log;
  return new Kafka({
    clientId: options.clientId ?? 'bidlab',
    brokers: [...options.brokers],
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    retry: { retries: options.retries ?? 5 },
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      log?.(entry.level === logLevel.ERROR ? 'error' : 'warn', `${entry.namespace}: ${message} ${JSON.stringify(extra)}`);
    },
  });
}
