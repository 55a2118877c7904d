import type { LogItem } from '../domain/index.js';
import { LogConsumer, type LogEnd, type LogStart, parseKafkaUrl } from '../io/kafka/index.js';
import { readLog } from '../io/log/index.js';
import { ReplayError } from '../replay/index.js';
import type { SourcePosition } from './replay-checkpoint.js';

/** A replay's input: a log file or a Kafka topic, read as records and bad-record items. */
export interface LogSource {
  /** As the user wrote it (credentials never appear: a Kafka URL carries none). */
  readonly name: string;
  readonly kind: 'file' | 'kafka';
  /**
   * A fresh pass over the source (a file can be read twice; a topic once per group), after
   * `after` when resuming: a file from the next line or row; a topic from the group's committed
   * offsets (the replay skips what its checkpoint already counted).
   */
  items(after?: SourcePosition | null): AsyncIterable<LogItem>;
  /** After the replay's results are durably written: commit what was read (Kafka), nothing for a file. */
  commit(): Promise<void>;
  close(): Promise<void>;
}

export interface LogSourceOptions {
  /** Kafka consumer group. Default `bidlab-replay`. */
  readonly groupId?: string;
  /** Wait for this many group members before reading (scale-out runs started together). Default 1. */
  readonly groupMembers?: number;
  /** Where a Kafka partition without a committed offset starts. Default 'earliest'. */
  readonly start?: LogStart;
  /** Where reading a topic stops. Default 'end' (what it held when the replay connected). */
  readonly end?: LogEnd;
}

/**
 * `--kafka-from`: `earliest`, `latest`, an ISO-8601 time (the first message stamped at or after
 * it) or explicit offsets `0:1200,1:1180`; `--kafka-until`: `end`, `follow` or an ISO-8601 time.
 */
export function parseKafkaRange(from: string | undefined, until: string | undefined): { start?: LogStart; end?: LogEnd } {
  const time = (text: string, flag: string) => {
    const ms = Date.parse(text);
    if (!Number.isFinite(ms)) throw new ReplayError('REPLAY_OPTIONS', `expected earliest, latest, partition:offset pairs or an ISO-8601 time, got '${text}'`, flag);
    return ms;
  };
  let start: LogStart | undefined;
  if (from === 'earliest' || from === 'latest') start = from;
  else if (from !== undefined && /^\d+:\d+(,\d+:\d+)*$/.test(from)) {
    start = { offsets: Object.fromEntries(from.split(',').map((pair) => pair.split(':') as [string, string]).map(([p, o]) => [Number(p), o])) };
  } else if (from !== undefined) start = { timestamp: time(from, '--kafka-from') };
  let end: LogEnd | undefined;
  if (until === 'end' || until === 'follow') end = until;
  else if (until !== undefined) end = { timestamp: time(until, '--kafka-until') };
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

/** Opens `file:<path>` (or a bare path) or `kafka://<broker>[,<broker>]/<topic>`. */
export function openLogSource(spec: string, options: LogSourceOptions = {}): LogSource {
  if (spec.startsWith('kafka://')) return kafkaSource(spec, options);
  const path = spec.startsWith('file:') ? spec.slice('file:'.length) : spec;
  if (path === '') throw new ReplayError('REPLAY_OPTIONS', 'a file source needs a path: file:<path>', '--source');
  return {
    name: `file:${path}`, kind: 'file',
    items: (after) => readLog(path, after?.kind === 'file' ? { from: after.last + 1 } : {}),
    commit: async () => {}, close: async () => {},
  };
}

function kafkaSource(spec: string, options: LogSourceOptions): LogSource {
  const address = parseKafkaUrl(spec);
  let consumer: LogConsumer | undefined;
  // The last offset read per partition: committed once the replay's results are on disk.
  const through = new Map<number, string>();
  return {
    name: spec,
    kind: 'kafka',
    async *items() {
      if (consumer) throw new ReplayError('REPLAY_OPTIONS', 'a Kafka source is read once per replay', spec);
      consumer = await LogConsumer.connect({
        brokers: address.brokers, topic: address.topic, groupId: options.groupId ?? 'bidlab-replay',
        ...(options.groupMembers ? { groupMembers: options.groupMembers } : {}),
        ...(options.start ? { start: options.start } : {}), ...(options.end ? { end: options.end } : {}),
      });
      for await (const batch of consumer.batches()) {
        for (const item of batch) {
          if (item.position.kind === 'kafka') through.set(item.position.partition, item.position.offset);
          yield item;
        }
      }
    },
    async commit() {
      await consumer?.commit([...through].map(([partition, offset]) => ({ partition, offset })));
    },
    async close() { await consumer?.close(); },
  };
}
