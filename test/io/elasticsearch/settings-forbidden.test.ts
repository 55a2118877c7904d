import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { ensureElasticsearch, esRequest, removePrefix } from '../../helpers/elasticsearch.js';
import { type QuickstartRun, quickstartRun } from './quickstart-run.js';

const PREFIX = 'bidlab-t-forbidden-';

/**
 * An HTTP proxy to the real node that answers 403, as a cluster with security does for a user
 * allowed to write documents but not to manage indices, to every request for index settings.
 */
function settingsForbiddenProxy(target: string): { server: Server; seen: string[] } {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        seen.push(`${req.method} ${req.url}`);
        if (/\/_settings/.test(req.url ?? '')) {
          res.writeHead(403, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' })
            .end(JSON.stringify({ error: { type: 'security_exception', reason: 'action [indices:admin/settings/update] is unauthorized' }, status: 403 }));
          return;
        }
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
        const r = await fetch(`${target}${req.url}`, { method: req.method!, headers, ...(body && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}) });
        const out = Buffer.from(await r.arrayBuffer());
        const back: Record<string, string> = {};
        r.headers.forEach((v, k) => { if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding') back[k] = v; });
        res.writeHead(r.status, back).end(out);
      })();
    });
  });
  return { server, seen };
}

describe('credentials that may write documents but not change index settings', () => {
  let url: string;
  let run: QuickstartRun;
  const proxy = { server: undefined as Server | undefined, seen: [] as string[], url: '' };
  beforeAll(async () => {
    [url, run] = await Promise.all([ensureElasticsearch(), quickstartRun()]);
    await removePrefix(url, PREFIX);
    const p = settingsForbiddenProxy(url);
    proxy.server = p.server;
    proxy.seen = p.seen;
    await new Promise<void>((resolve) => p.server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(p.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy.server?.close(resolve));
    await removePrefix(url, PREFIX);
    await rm(run.dir, { recursive: true, force: true });
  });

  it('index every event all the same, with refresh left as it was', async () => {
    const r = await runCli(['index', run.dir, '--es', proxy.url, '--es-prefix', PREFIX]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(proxy.seen.some((s) => s.includes('/_settings'))).toBe(true);
    const events = await esRequest<{ count: number }>(url, 'GET', `/${PREFIX}events/_count`);
    expect(events.count).toBe(run.summary.policies.length * run.summary.matchedOpportunities);
  });
});
