// A TCP proxy that can be cut: while cut it resets every open connection and every new
// one, so the service behind it is unreachable for its clients, then it forwards again.
import net from 'node:net';

export async function startTcpProxy({ targetHost, targetPort }) {
  const sockets = new Set();
  let cut = false;
  let connections = 0;
  const server = net.createServer((client) => {
    connections++;
    if (cut) return client.resetAndDestroy();
    const upstream = net.connect({ host: targetHost, port: targetPort });
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    /** Connections clients opened so far (whether or not they were let through). */
    get connections() {
      return connections;
    },
    cut() {
      cut = true;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    restore() {
      cut = false;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
