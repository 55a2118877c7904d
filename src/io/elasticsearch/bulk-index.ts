import { type Client, errors } from '@elastic/elasticsearch';
import type { DeadLetterFile } from './dead-letter-file.js';
import { ElasticsearchError } from './elasticsearch-error.js';
import { SERIALIZED } from './bulk-serializer.js';
import type { BulkItem } from './event-documents.js';

/** How documents are batched and retried. */
export interface BulkIndexOptions {
  /** Bytes of NDJSON per bulk request (default 5,000,000). */
  readonly flushBytes?: number;
  /** Bulk requests in flight at once (default 2): the helper reads no further while they are busy. */
  readonly concurrency?: number;
  /** Times a document answered with 429 (too many requests) is sent again (default 5). */
  readonly retries?: number;
  /** Milliseconds between those attempts (default 2,000). */
  readonly retryWait?: number;
}

/** What one bulk pass delivered. */
export interface BulkIndexResult {
  readonly successful: number;
  readonly rejected: number;
  readonly retried: number;
  readonly bytes: number;
}

/**
 * Sends documents with the client's bulk helper. Back-pressure comes from the helper: it pulls the
 * next document only while fewer than `concurrency` requests are in flight, so memory holds at most
 * `concurrency + 1` bodies of `flushBytes`. Rejected documents (mapping errors, or 429s that outlive
 * the retries) go to the dead-letter file with Elasticsearch's reason; a transport failure that the
 * client's own retries did not cure ends the pass with ES_UNAVAILABLE.
 */
export async function bulkIndex(
  client: Client,
  items: AsyncIterable<BulkItem> | BulkItem[],
  deadLetters: DeadLetterFile,
  options: BulkIndexOptions = {},
): Promise<BulkIndexResult> {
  const helper = client.helpers.bulk<BulkItem>({
    datasource: (Array.isArray(items) ? items : items[Symbol.asyncIterator]()) as BulkItem[],
    onDocument: (item) => [action(item), item.doc],
    onDrop: (d) => {
      const op = (d.operation as { index: { _index: string; _id: string } }).index;
      deadLetters.write({
        index: op._index,
        id: op._id,
        status: d.status,
        reason: d.error ? `${d.error.type}: ${d.error.reason ?? ''}${d.error.caused_by ? ` (${d.error.caused_by.type}: ${d.error.caused_by.reason ?? ''})` : ''}`
          : `HTTP ${d.status}: still rejected after ${options.retries ?? 5} retries`,
        document: d.document,
      });
    },
    flushBytes: options.flushBytes ?? 5_000_000,
    concurrency: options.concurrency ?? 2,
    retries: options.retries ?? 5,
    wait: options.retryWait ?? 2_000,
    // The helper reads only each item's status and error; the rest of a response of thousands of
    // items would be parsed for nothing.
    filter_path: ['errors', 'items.*.status', 'items.*.error'],
  });
  try {
    const stats = await helper;
    return { successful: stats.successful, rejected: stats.failed, retried: stats.retry, bytes: stats.bytes };
  } catch (e) {
    if (e instanceof ElasticsearchError) throw e;
    const stored = helper.stats.successful;
    if (e instanceof errors.ConnectionError || e instanceof errors.TimeoutError || e instanceof errors.NoLivingConnectionsError) {
      throw new ElasticsearchError('ES_UNAVAILABLE', `Elasticsearch stopped answering after ${stored} document(s) of this pass were stored: ${e.message}`);
    }
    if (e instanceof errors.ResponseError) {
      throw new ElasticsearchError('ES_REQUEST_FAILED', `a bulk request failed with HTTP ${e.statusCode ?? '?'} after ${stored} document(s) of this pass were stored: ${e.message}`);
    }
    throw e;
  }
}

const indexJson = new Map<string, string>();

/** An index action, carrying its JSON for BulkSerializer: the index part is made once per index, the id escaped alone. */
function action(item: BulkItem): { index: { _index: string; _id: string } } {
  let head = indexJson.get(item.index);
  if (head === undefined) indexJson.set(item.index, (head = `{"index":{"_index":${JSON.stringify(item.index)},"_id":`));
  return { index: { _index: item.index, _id: item.id }, [SERIALIZED]: `${head}${JSON.stringify(item.id)}}}` } as { index: { _index: string; _id: string } };
}
