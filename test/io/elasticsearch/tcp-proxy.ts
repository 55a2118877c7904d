import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A loopback TCP proxy in front of Elasticsearch that can play an outage: `cut()` drops every connection and stops listening. */
export interface TcpProxy {
  readonly url: string;
  /** Bytes the client has sent through so far. */
  readonly bytesUp: number;
  readonly cutDone: Promise<void>;
  cut(): void;
}

/** Starts a proxy to `target` (host:port) that cuts itself once `cutAfterBytes` have gone up. */
export async function startTcpProxy(target: URL, cutAfterBytes: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let bytesUp = 0;
  let cut = false;
  let resolveCut!: () => void;
  const cutDone = new Promise<void>((resolve) => { resolveCut = resolve; });
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      bytesUp += chunk.length;
      if (bytesUp > cutAfterBytes) doCut();
    });
    client.pipe(upstream).pipe(client);
    const drop = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  function doCut(): void {
    if (cut) return;
    cut = true;
    server.close(() => resolveCut());
    for (const s of sockets) s.destroy();
  }
  return {
    url: `http://127.0.0.1:${port}`,
    get bytesUp() { return bytesUp; },
    cutDone,
    cut: doCut,
  };
}
