import { existsSync } from 'node:fs';
import { rm, writeFile, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ROOT, run, type RunResult } from './cli.js';

/** The project's script that starts and stops the test node (see its header for the environment it reads). */
export const ES_SCRIPT = join(ROOT, 'scripts/services/elasticsearch.sh');

const runDir = () => process.env['BIDLAB_ES_RUN_DIR'] ?? join(homedir(), '.cache/bidlab/es-run');
/** Present while a node started by the tests (not by a person) is running. */
const marker = () => join(runDir(), 'started-by-tests');

/** Runs the script (it reads no stdin). */
function script(action: string): Promise<RunResult> {
  return run(ES_SCRIPT, [action], { noStdin: true });
}

/** The test node's URL (from the script, so BIDLAB_ES_PORT is honoured in one place). */
export async function elasticsearchUrl(): Promise<string> {
  const r = await script('url');
  if (r.code !== 0) throw new Error(`${ES_SCRIPT} url failed:\n${r.stderr}`);
  return r.stdout.trim();
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) return false;
    const body = (await res.json()) as { status?: string };
    return body.status === 'green' || body.status === 'yellow';
  } catch {
    return false;
  }
}

/**
 * For beforeAll hooks: the URL of a healthy test node, starting one with the project's script when
 * none answers (the script serialises concurrent starts, so parallel test files share one node).
 */
export async function ensureElasticsearch(): Promise<string> {
  const url = await elasticsearchUrl();
  if (await healthy(url)) return url;
  const r = await script('start');
  if (r.code !== 0) throw new Error(`${ES_SCRIPT} start exited ${r.code}:\n${r.stderr.slice(-6000)}`);
  // Only the call that launched the node marks it, so a node someone started by hand is left running.
  if (r.stderr.includes('starting Elasticsearch')) {
    await mkdir(runDir(), { recursive: true });
    await writeFile(marker(), `${process.pid}\n`);
  }
  return url;
}

/** For a vitest globalSetup teardown: stops the node if the tests started it. */
export async function stopElasticsearchIfStartedByTests(): Promise<void> {
  if (!existsSync(marker())) return;
  const r = await script('stop');
  if (r.code !== 0) throw new Error(`${ES_SCRIPT} stop exited ${r.code}:\n${r.stderr}`);
  await rm(marker(), { force: true });
}

/** A plain JSON request to the node, for checks the tests make independently of bidlab's client. */
export async function esRequest<T = unknown>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → HTTP ${res.status}: ${text.slice(0, 2000)}`);
  return JSON.parse(text) as T;
}

/** Removes the indices and templates a test created under its own prefix. */
export async function removePrefix(url: string, prefix: string): Promise<void> {
  await fetch(`${url}/${prefix}*?expand_wildcards=all`, { method: 'DELETE' });
  await fetch(`${url}/_index_template/${prefix}*`, { method: 'DELETE' });
  await fetch(`${url}/_component_template/${prefix}*`, { method: 'DELETE' });
}
