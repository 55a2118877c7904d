import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DASHBOARDS_FILE } from '../../src/dashboards/index.js';
import { ensureBuilt, ROOT, runCli } from '../helpers/cli.js';

/** What the stand-in for Kibana received. */
interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  file?: { name: string; text: string };
}

/**
 * A small HTTP server standing in for Kibana's import endpoint (Kibana itself cannot run here): it
 * records each request, parses the multipart body as Kibana would, and answers what the test set.
 */
function fakeKibana(): { server: Server; received: Received[]; answer: { status: number; body: unknown } } {
  const received: Received[] = [];
  const answer = { status: 200, body: {} as unknown };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const r: Received = { method: req.method!, url: req.url!, headers: req.headers };
        try {
          const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
          const file = form.get('file');
          if (file instanceof File) r.file = { name: file.name, text: await file.text() };
        } catch { /* not multipart: the test sees no file */ }
        received.push(r);
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      })();
    });
  });
  return { server, received, answer };
}

describe('bidlab dashboards import (against a stand-in for Kibana)', () => {
  const kibana = fakeKibana();
  let url: string;
  let bundle: string;
  let dir: string;
  beforeAll(async () => {
    await ensureBuilt();
    await new Promise<void>((resolve) => kibana.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(kibana.server.address() as AddressInfo).port}`;
    bundle = await readFile(join(ROOT, DASHBOARDS_FILE), 'utf8');
    dir = await mkdtemp(join(tmpdir(), 'bidlab-import-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => kibana.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    kibana.received.length = 0;
    kibana.answer.status = 200;
  });

  it("POSTs the bundle as the multipart field 'file' to the space's import API, with kbn-xsrf and the API key", async () => {
    const count = bundle.trim().split('\n').length;
    kibana.answer.body = { success: true, successCount: count, successResults: [] };
    const r = await runCli(['dashboards', 'import', '--kibana', `${url}/`, '--space', 'marketing'], { env: { ...process.env, BIDLAB_KIBANA_API_KEY: 'c2VjcmV0OmtleQ==' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`imported dashboards/bidlab.ndjson: ${count} saved objects into space marketing\n`);
    expect(kibana.received).toHaveLength(1);
    const q = kibana.received[0]!;
    expect(q.method).toBe('POST');
    expect(q.url).toBe('/s/marketing/api/saved_objects/_import?overwrite=true');
    expect(q.headers['kbn-xsrf']).toBeTruthy();
    expect(q.headers['authorization']).toBe('ApiKey c2VjcmV0OmtleQ==');
    expect(q.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(q.file).toEqual({ name: 'bidlab.ndjson', text: bundle });
  });

  it('uses basic authentication from user and password, into the default space', async () => {
    kibana.answer.body = { success: true, successCount: 1 };
    const r = await runCli(['dashboards', 'import', '--kibana', url, '--kibana-user', 'elastic', '--kibana-password', 'pw']);
    expect(r.code, r.stderr).toBe(0);
    expect(kibana.received[0]!.url).toBe('/api/saved_objects/_import?overwrite=true');
    expect(kibana.received[0]!.headers['authorization']).toBe(`Basic ${Buffer.from('elastic:pw').toString('base64')}`);
    expect(r.stdout + r.stderr).not.toContain('pw');
  });

  it('fails when Kibana answers 200 with per-object errors, naming each object and error', async () => {
    kibana.answer.body = {
      success: false, successCount: 41,
      errors: [
        { id: 'bidlab-lens-savings', type: 'lens', meta: { title: 'Savings' }, error: { type: 'missing_references', references: [{ type: 'index-pattern', id: 'bidlab-dv-runs' }] } },
        { id: 'bidlab-dashboard-market', type: 'dashboard', error: { type: 'conflict' } },
      ],
    };
    const r = await runCli(['dashboards', 'import', '--kibana', url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('KIBANA_IMPORT_REJECTED');
    expect(r.stderr).toContain('refused 2 object(s)');
    expect(r.stderr).toContain("lens bidlab-lens-savings ('Savings'): missing_references (missing: index-pattern bidlab-dv-runs)");
    expect(r.stderr).toContain('dashboard bidlab-dashboard-market: conflict');
  });

  it('fails on an HTTP error, saying the status, without showing credentials', async () => {
    kibana.answer.status = 401;
    kibana.answer.body = { statusCode: 401, error: 'Unauthorized' };
    const r = await runCli(['dashboards', 'import', '--kibana', url], { env: { ...process.env, BIDLAB_KIBANA_USER: 'u', BIDLAB_KIBANA_PASSWORD: 'hunter2' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('KIBANA_IMPORT_FAILED');
    expect(r.stderr).toContain('HTTP 401');
    expect(r.stderr).not.toContain('hunter2');
  });

  it('imports nothing from a bundle that does not validate', async () => {
    await writeFile(join(dir, 'broken.ndjson'), bundle.replace('"sourceField":"spend"', '"sourceField":"spent"'));
    const r = await runCli(['dashboards', 'import', '--kibana', url, '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("'spent' is not a field");
    expect(r.stderr).toContain('nothing imported');
    expect(kibana.received).toHaveLength(0);
  });

  it('says when Kibana cannot be reached', async () => {
    const r = await runCli(['dashboards', 'import', '--kibana', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('KIBANA_UNAVAILABLE');
  });
});
