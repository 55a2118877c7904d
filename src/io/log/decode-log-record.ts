import { validateLogRecord, type LogItem, type LogPosition } from '../../domain/index.js';
import { mayHoldPrototypeKey, parseJsonScreened } from '../../domain/parse-json.js';

/** How much of a refused record's text a bad-record item keeps: enough to see what went wrong. */
export const RAW_KEEP_CHARS = 64 * 1024;

/**
 * One record's JSON text → the record, or a bad-record item naming the position, the field and the
 * reason. Keys that could reach an object's prototype (`__proto__`, `constructor.prototype`) are
 * refused, not stripped: no honest producer writes them. `suspect`: whether the text may hold
 * such a key, when that test was already made (`bytesMayHoldPrototypeKey` on its bytes).
 */
export function decodeLogRecord(text: string, position: LogPosition, suspect = mayHoldPrototypeKey(text)): LogItem {
  let value: unknown;
  try {
    value = parseJsonScreened(text, suspect);
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
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return decodeLogUtf8(buffer, 0, buffer.length, position);
}

/** Bytes [start, end) of `buffer`, one record's UTF-8 text → record or bad-record item (`suspect` as for `decodeLogRecord`). */
export function decodeLogUtf8(buffer: Buffer, start: number, end: number, position: LogPosition, suspect?: boolean): LogItem {
  const text = buffer.toString('utf8', start, end);
  // toString() replaces bad bytes with U+FFFD; only then is the strict (slower) check worth it.
  if (text.includes('\uFFFD')) {
    try {
      strictUtf8.decode(buffer.subarray(start, end));
    } catch {
      return { kind: 'bad', position, code: 'LOG_ENCODING', field: undefined, reason: 'not valid UTF-8', raw: keep(text) };
    }
  }
  return decodeLogRecord(text, position, suspect ?? mayHoldPrototypeKey(text));
}

export function keep(text: string): string {
  return text.length > RAW_KEEP_CHARS ? text.slice(0, RAW_KEEP_CHARS) : text;
}
