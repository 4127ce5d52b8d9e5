import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from './wait';

export interface TcpProxy {
  /** `target` with host and port pointing at the proxy. */
  url: string;
  port: number;
  /** Stops listening and cuts every open connection: to its clients the target is gone. */
  close(): Promise<void>;
  /** Listens again on the same port: the target is back. */
  open(): Promise<void>;
  isOpen(): boolean;
}

/**
 * A TCP forwarder in front of a real server (PostgreSQL, Redis) that a test can close and
 * reopen, so "the database is unreachable" is simulated without owning a database server.
 */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const targetUrl = new URL(target);
  const targetHost = targetUrl.hostname;
  const targetPort = Number(targetUrl.port);
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const proxy: TcpProxy = {
    url: (() => {
      const url = new URL(target);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    })(),
    port,
    isOpen: () => server !== undefined,
    async open() {
      if (server) return;
      const next = createServer((client) => {
        const upstream = connect(targetPort, targetHost);
        track(client);
        track(upstream);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
      });
      await new Promise<void>((resolve, reject) => {
        next.once('error', reject);
        next.listen(port, '127.0.0.1', () => resolve());
      });
      server = next;
    },
    async close() {
      const current = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (current)
        await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
  await proxy.open();
  return proxy;
}
