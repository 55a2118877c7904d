import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type LoadScenario, loadScenarioSchema, runLoad } from '../../src/load/index.js';

const dir = mkdtempSync(join(tmpdir(), 'bidlab-load-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const payloads = join(dir, 'payloads.json');
writeFileSync(payloads, JSON.stringify([{ id: 'a' }, { id: 'b' }]));

let server: Server | undefined;
afterEach(async () => { await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))); server = undefined; });

/**
 * A raw HTTP/1.1 server on loopback that answers each request (one at a time per connection)
 * with `respond`'s response, written as that function splits it: the runner must put pieces
 * back together however they arrive.
 */
function rawServer(respond: (socket: Socket, n: number) => void): Promise<string> {
  let n = 0;
  server = createServer((socket) => {
    let pending = '';
    socket.on('data', (d) => {
      pending += d.toString('latin1');
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(pending.slice(0, end))?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        pending = pending.slice(end + 4 + length);
        respond(socket, n++);
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server!.address() as { port: number }).port}`)));
}

function scenario(rate: number, duration: string, extra: Record<string, unknown> = {}, preAllocatedVUs = 4): LoadScenario {
  const s = loadScenarioSchema.parse({ name: 't', payloads: 'payloads.json', scenario: { executor: 'constant-arrival-rate', rate, duration, preAllocatedVUs, maxVUs: 64 }, ...extra });
  return { ...s, payloadsPath: payloads, file: join(dir, 't.json') };
}

describe('runLoad against a raw HTTP/1.1 server', () => {
  it('reads responses split anywhere, with or without a body, and counts statuses', async () => {
    const url = await rawServer((socket, n) => {
      const body = n % 2 === 0 ? '{"ok":true}' : '';
      const text = `HTTP/1.1 ${body ? 200 : 204} X\r\nContent-Type: application/json\r\n${body ? `Content-Length: ${body.length}\r\n` : ''}\r\n${body}`;
      // Every third answer in three writes a few milliseconds apart: split inside the header block and inside the body.
      if (n % 3 !== 0) return void socket.write(text);
      socket.write(text.slice(0, 10));
      setTimeout(() => socket.write(text.slice(10, text.length - 3)), 2);
      setTimeout(() => socket.write(text.slice(text.length - 3)), 4);
    });
    const r = await runLoad(scenario(200, '500ms'), { target: url });
    expect(r.planned).toBe(100);
    expect(r.requests).toBe(100);
    expect(r.dropped).toBe(0);
    expect(r.status).toEqual({ 200: 50, 204: 50 });
  });

  it('counts a chunked answer (not spoken) and a connection cut mid-answer as errors', async () => {
    const url = await rawServer((socket, n) => {
      if (n === 0) socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n');
      else if (n === 1) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"o');
      else socket.write('HTTP/1.1 204 No Content\r\n\r\n');
    });
    const r = await runLoad(scenario(20, '500ms'), { target: url });
    expect(r.requests).toBe(10);
    expect(r.status).toEqual({ 204: 8, error: 2 });
    expect(r.errorRate).toBeCloseTo(0.2, 12);
  });

  it('opens preAllocatedVUs connections before the first request is due, and more only when needed', async () => {
    let connections = 0;
    let openAtFirstRequest = -1;
    const url = await rawServer((socket, n) => {
      if (n === 0) openAtFirstRequest = connections;
      socket.write('HTTP/1.1 204 No Content\r\n\r\n');
    });
    server!.on('connection', () => { connections++; });
    const r = await runLoad(scenario(100, '300ms', {}, 6), { target: url });
    expect(r.requests).toBe(30);
    expect(openAtFirstRequest).toBe(6);
    // One request at a time at 100/s on loopback: the six already open carry them all.
    expect(connections).toBe(6);
  });

  it('measures latency from the due time: a stalled generator shows in latency and send lag, not hidden', async () => {
    // The server shares the generator's thread: after the 20th answer it stops that thread for
    // 80 ms. Requests due meanwhile go out late, and their latency counts from when they were due.
    const url = await rawServer((socket, n) => {
      socket.write('HTTP/1.1 204 No Content\r\n\r\n');
      if (n === 20) setImmediate(() => { const until = performance.now() + 80; while (performance.now() < until); });
    });
    const r = await runLoad(scenario(200, '400ms'), { target: url });
    expect(r.requests).toBe(80);
    expect(r.dropped).toBe(0);
    expect(r.sendLagMs.max).toBeGreaterThanOrEqual(70);
    expect(r.latencyMs.max).toBeGreaterThanOrEqual(r.sendLagMs.max);
  });
});
