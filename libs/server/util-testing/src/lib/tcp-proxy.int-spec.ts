import { connect, createServer, type Server, type Socket } from 'node:net';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.cjs';

interface EchoServer {
  server: Server;
  port: number;
  /** Ends every connection from the server's side. */
  cutAll(): void;
}

/** A real TCP server that answers every chunk with `echo:` and the chunk. */
async function startEchoServer(): Promise<EchoServer> {
  const accepted = new Set<Socket>();
  const server = createServer((socket) => {
    accepted.add(socket);
    socket.on('close', () => accepted.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => socket.write(`echo:${chunk.toString()}`));
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : 0,
    cutAll: () => {
      for (const socket of accepted) socket.destroy();
    },
  };
}

function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function roundTrip(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('data', (chunk) => resolve(chunk.toString()));
    socket.once('error', reject);
    socket.write(text);
  });
}

describe('the TCP proxy that tests and the chaos run put in front of a server', () => {
  let echo: EchoServer;
  let proxy: TcpProxy;
  const sockets: Socket[] = [];
  const open = async () => {
    const socket = await connectTo(proxy.port);
    sockets.push(socket);
    return socket;
  };

  beforeEach(async () => {
    echo = await startEchoServer();
    proxy = await startTcpProxy(
      `postgres://user:secret@127.0.0.1:${echo.port}/landing?sslmode=disable`,
    );
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await proxy.close();
    echo.cutAll();
    await new Promise((resolve) => echo.server.close(resolve));
  });

  it('gives the target URL with only host and port changed to its own', () => {
    expect(proxy.url).toBe(
      `postgres://user:secret@127.0.0.1:${proxy.port}/landing?sslmode=disable`,
    );
    expect(proxy.port).not.toBe(echo.port);
    expect(proxy.isOpen()).toBe(true);
  });

  it('forwards bytes both ways and counts the connections', async () => {
    const first = await open();
    expect(await roundTrip(first, 'ping')).toBe('echo:ping');
    const second = await open();
    expect(await roundTrip(second, 'again')).toBe('echo:again');
    expect(proxy.connections).toBe(2);
  });

  it('closed: cuts open connections and refuses new ones; reopened: forwards on the same port', async () => {
    const before = await open();
    expect(await roundTrip(before, 'one')).toBe('echo:one');
    const cut = new Promise((resolve) => before.once('close', resolve));
    const port = proxy.port;

    await proxy.close();

    await cut;
    expect(proxy.isOpen()).toBe(false);
    await expect(connectTo(port)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });

    await proxy.open();

    expect(proxy.port).toBe(port);
    expect(proxy.isOpen()).toBe(true);
    expect(await roundTrip(await open(), 'two')).toBe('echo:two');
  });

  it('delayed: holds each chunk in both directions, in order, on an open connection; undelayed: forwards at once again', async () => {
    const socket = await open();
    expect(await roundTrip(socket, 'warm')).toBe('echo:warm');

    proxy.setDelay(150);
    const started = Date.now();
    const answers: string[] = [];
    const both = new Promise<void>((resolve) =>
      socket.on('data', (chunk) => {
        answers.push(chunk.toString());
        if (answers.join('').length >= 'echo:aecho:b'.length) resolve();
      }),
    );
    socket.write('a');
    socket.write('b');
    await both;
    const slow = Date.now() - started;
    socket.removeAllListeners('data');
    proxy.setDelay(0);
    const fastStart = Date.now();
    expect(await roundTrip(socket, 'c')).toBe('echo:c');
    const fast = Date.now() - fastStart;

    expect(answers.join('')).toBe('echo:aecho:b');
    expect(slow).toBeGreaterThanOrEqual(300);
    expect(fast).toBeLessThan(150);
  });

  it('cuts the client when the target cuts the connection', async () => {
    const socket = await open();
    expect(await roundTrip(socket, 'x')).toBe('echo:x');
    const closed = new Promise<boolean>((resolve) =>
      socket.once('close', () => resolve(true)),
    );

    echo.cutAll();

    await expect(closed).resolves.toBe(true);
  });
});
