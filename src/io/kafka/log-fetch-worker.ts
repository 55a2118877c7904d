/**
 * The worker thread of a `LogConsumer`: runs its `LogFetcher` (kafkajs: fetching and the Kafka
 * protocol) so the reader's thread spends its time on decoding and checking records. Loaded only
 * as a worker: it starts serving on import.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LogConsumerOptions } from './log-consumer.js';
import { errorData, type FetcherData, type FromFetcher, type ToFetcher } from './log-fetch-messages.js';
import { LogFetcher } from './log-fetcher.js';

const port = parentPort!;
const data = workerData as FetcherData;
const send = (message: FromFetcher, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const { log: forwardLog, ...rest } = data;
const options: LogConsumerOptions = forwardLog ? { ...rest, log: (level, message) => send({ type: 'log', level, message }) } : rest;

try {
  const fetcher = await LogFetcher.connect(options, (event) => {
    if (event.type === 'error') send({ type: 'error', error: errorData(event.error, 'KAFKA_CONSUME', data.topic) });
    else if (event.type === 'fetched') {
      const { bytes, lengths, suspect } = event.fetched;
      send(event, [bytes.buffer as ArrayBuffer, lengths.buffer as ArrayBuffer, suspect.buffer as ArrayBuffer]);
    }
    else send(event);
  });
  port.on('message', (message: ToFetcher) => {
    if (message.type === 'start') fetcher.start();
    else if (message.type === 'took') fetcher.took(message.count);
    else if (message.type === 'commit') {
      fetcher.commit(message.processed).then(
        () => send({ type: 'committed', id: message.id }),
        (error: unknown) => send({ type: 'committed', id: message.id, error: errorData(error, 'KAFKA_COMMIT', data.topic) }),
      );
    } else {
      fetcher.close().then(
        () => send({ type: 'closed' }),
        (error: unknown) => send({ type: 'closed', error: errorData(error, 'KAFKA_CONSUME', data.topic) }),
      ).finally(() => port.close());
    }
  });
  send({ type: 'connected' });
} catch (error) {
  send({ type: 'failed', error: errorData(error, 'KAFKA_CONSUME', data.topic) });
  port.close();
}
