import { readFileSync } from 'node:fs';
import { Client } from '@elastic/elasticsearch';
import { BulkSerializer } from './bulk-serializer.js';
import { ElasticsearchError } from './elasticsearch-error.js';

/** Where Elasticsearch is and how to authenticate. Credentials are never printed or logged. */
export interface EsConnection {
  readonly url: string;
  /** An API key (the base64 `id:key` form Kibana shows); wins over user and password. */
  readonly apiKey?: string;
  readonly username?: string;
  readonly password?: string;
  /** A PEM file with the CA that signed the cluster's TLS certificate. */
  readonly caFile?: string;
  /** Attempts per request on connection errors and 502/503/504 (default 3). */
  readonly maxRetries?: number;
  /** Milliseconds before one request counts as failed (default 60,000). */
  readonly requestTimeout?: number;
}

/** The official client for a connection, after checking what can be checked offline. */
export function createEsClient(c: EsConnection): Client {
  let parsed: URL;
  try {
    parsed = new URL(c.url);
  } catch {
    throw new ElasticsearchError('ES_BAD_URL', `'${redactUrl(c.url)}' is not a URL (expected e.g. http://127.0.0.1:9200)`, '--es');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ElasticsearchError('ES_BAD_URL', `expected an http:// or https:// URL, got '${parsed.protocol}'`, '--es');
  }
  if ((c.username === undefined) !== (c.password === undefined)) {
    throw new ElasticsearchError('ES_BAD_AUTH', 'give both a user and a password, or neither', c.username === undefined ? '--es-user' : '--es-password');
  }
  const options: ConstructorParameters<typeof Client>[0] = {
    node: c.url,
    maxRetries: c.maxRetries ?? 3,
    requestTimeout: c.requestTimeout ?? 60_000,
    // Many small documents in large bulk bodies: compression costs CPU on a loopback cluster.
    compression: false,
    Serializer: BulkSerializer,
  };
  if (c.apiKey !== undefined) options.auth = { apiKey: c.apiKey };
  else if (c.username !== undefined) options.auth = { username: c.username, password: c.password! };
  if (c.caFile !== undefined) {
    let ca: Buffer;
    try {
      ca = readFileSync(c.caFile);
    } catch (e) {
      throw new ElasticsearchError('ES_BAD_CA', `cannot read the CA file: ${(e as Error).message}`, c.caFile);
    }
    options.tls = { ca };
  }
  return new Client(options);
}

/** The URL without any user:password part, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1***@');
}
