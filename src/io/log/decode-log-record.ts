import { parseJsonRefusingProto, validateLogRecord, type LogItem, type LogPosition } from '../../domain/index.js';

/** How much of a refused record's text a bad-record item keeps: enough to see what went wrong. */
export const RAW_KEEP_CHARS = 64 * 1024;

/**
 * One record's JSON text → the record, or a bad-record item naming the position, the field and the
 * reason. Keys that could reach an object's prototype (`__proto__`, `constructor.prototype`) are
 * refused, not stripped: no honest producer writes them.
 */
export function decodeLogRecord(text: string, position: LogPosition): LogItem {
  let value: unknown;
  try {
    value = parseJsonRefusingProto(text);
  } catch (error) {
    const message = (error as Error).message;
    const reason = /prototype/i.test(message) ? 'forbidden key (__proto__ or constructor.prototype)' : `not valid JSON: ${message}`;
    return { kind: 'bad', position, code: 'LOG_JSON', field: undefined, reason, raw: keep(text) };
  }
  const checked = validateLogRecord(value);
  if (checked.ok) return { kind: 'record', record: checked.record, position };
  return { kind: 'bad', position, code: checked.code, field: checked.field, reason: checked.reason, raw: keep(text) };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** One record's UTF-8 bytes (an NDJSON line, a Kafka message value) → record or bad-record item. */
export function decodeLogBytes(bytes: Uint8Array, position: LogPosition): LogItem {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // toString() replaces bad bytes with U+FFFD; only then is the strict (slower) check worth it.
  if (text.includes('\uFFFD')) {
    try {
      strictUtf8.decode(bytes);
    } catch {
      return { kind: 'bad', position, code: 'LOG_ENCODING', field: undefined, reason: 'not valid UTF-8', raw: keep(text) };
    }
  }
  return decodeLogRecord(text, position);
}

export function keep(text: string): string {
  return text.length > RAW_KEEP_CHARS ? text.slice(0, RAW_KEEP_CHARS) : text;
}
