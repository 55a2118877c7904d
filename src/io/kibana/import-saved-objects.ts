import { basename } from 'node:path';
import { KibanaError } from './kibana-error.js';

/** Where Kibana is and how to authenticate. Credentials are never printed or logged. */
export interface KibanaConnection {
  readonly url: string;
  /** A Kibana space id; absent: the default space. */
  readonly space?: string;
  /** An API key (base64 `id:key`); wins over user and password. */
  readonly apiKey?: string;
  readonly username?: string;
  readonly password?: string;
}

/** What Kibana's import answered for one bundle. */
export interface ImportResult {
  readonly successCount: number;
  readonly objects: ReadonlyArray<{ readonly type: string; readonly id: string }>;
}

interface ImportError {
  id?: string;
  type?: string;
  title?: string;
  meta?: { title?: string };
  error?: { type?: string; message?: string; references?: { type?: string; id?: string }[] };
}

/**
 * POSTs an NDJSON bundle to Kibana's saved-objects import API (`/api/saved_objects/_import`,
 * overwriting objects with the same ids, so importing again updates them) as the multipart field
 * `file`, with the `kbn-xsrf` header Kibana requires. Kibana answers 200 even when objects were
 * refused: any entry in `errors` (or `success: false`) fails the import, each error named.
 */
export async function importSavedObjects(c: KibanaConnection, file: { readonly path: string; readonly text: string }): Promise<ImportResult> {
  let base: URL;
  try {
    base = new URL(c.url);
  } catch {
    throw new KibanaError('KIBANA_BAD_URL', `'${redact(c.url)}' is not a URL (expected e.g. http://127.0.0.1:5601)`, '--kibana');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new KibanaError('KIBANA_BAD_URL', `expected an http:// or https:// URL, got '${base.protocol}'`, '--kibana');
  if (c.space !== undefined && !/^[a-z0-9_-]+$/.test(c.space)) throw new KibanaError('KIBANA_BAD_SPACE', `'${c.space}' is not a space id (lowercase letters, digits, '_', '-')`, '--space');
  if ((c.username === undefined) !== (c.password === undefined)) {
    throw new KibanaError('KIBANA_BAD_AUTH', 'give both a user and a password, or neither', c.username === undefined ? '--kibana-user' : '--kibana-password');
  }
  const root = base.pathname.replace(/\/+$/, '');
  const target = new URL(`${root}${c.space ? `/s/${c.space}` : ''}/api/saved_objects/_import?overwrite=true`, base);
  const headers: Record<string, string> = { 'kbn-xsrf': 'bidlab' };
  if (c.apiKey !== undefined) headers['authorization'] = `ApiKey ${c.apiKey}`;
  else if (c.username !== undefined) headers['authorization'] = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  const form = new FormData();
  form.append('file', new Blob([file.text], { type: 'application/ndjson' }), basename(file.path));

  let res: Response;
  try {
    res = await fetch(target, { method: 'POST', headers, body: form });
  } catch (e) {
    throw new KibanaError('KIBANA_UNAVAILABLE', `cannot reach Kibana: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`, redact(c.url));
  }
  const text = await res.text();
  if (res.status !== 200) {
    throw new KibanaError('KIBANA_IMPORT_FAILED', `Kibana answered HTTP ${res.status} to the import of ${file.path}: ${text.slice(0, 500)}`, redact(target.href));
  }
  let body: { success?: boolean; successCount?: number; errors?: ImportError[]; successResults?: { type: string; id: string }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new KibanaError('KIBANA_IMPORT_FAILED', `Kibana's answer is not JSON: ${text.slice(0, 200)}`, redact(target.href));
  }
  const errors = body.errors ?? [];
  if (body.success !== true || errors.length > 0) {
    const lines = errors.map((e) => `${e.type ?? '?'} ${e.id ?? '?'}${e.meta?.title ?? e.title ? ` ('${e.meta?.title ?? e.title}')` : ''}: ${e.error?.type ?? 'error'}`
      + `${e.error?.message ? ` ${e.error.message}` : ''}${e.error?.references?.length ? ` (missing: ${e.error.references.map((r) => `${r.type} ${r.id}`).join(', ')})` : ''}`);
    throw new KibanaError('KIBANA_IMPORT_REJECTED',
      `Kibana refused ${errors.length} object(s) of ${file.path} (${body.successCount ?? 0} imported)${lines.length ? `:\n  ${lines.join('\n  ')}` : ''}`, redact(target.href));
  }
  return { successCount: body.successCount ?? 0, objects: (body.successResults ?? []).map((r) => ({ type: r.type, id: r.id })) };
}

/** The URL without any user:password part, for messages. */
function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1***@');
}
