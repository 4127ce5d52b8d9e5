// @ts-check
// The repository's one TCP proxy. The integration and e2e tests load it through
// @landing/server/util-testing, `npm run chaos` (tools/chaos) imports this file directly.
// Plain CommonJS, so that ts-jest, Playwright and plain `node` all run the same file without
// a build step; its types are in tcp-proxy.d.cts, which `tsc` checks this file against
// (tools/tsconfig.json, checkJs).
'use strict';

const net = require('node:net');

/** Ports of the servers a URL without one names. */
const DEFAULT_PORTS = /** @type {Record<string, number>} */ ({
  'postgres:': 5432,
  'postgresql:': 5432,
  'redis:': 6379,
  'mongodb:': 27017,
});

/** @typedef {import('./tcp-proxy.cjs').TcpProxy} TcpProxy */

/**
 * See tcp-proxy.d.cts.
 * @param {string} target
 * @returns {Promise<TcpProxy>}
 */
async function startTcpProxy(target) {
  const targetUrl = new URL(target);
  const targetHost = targetUrl.hostname;
  const targetPort =
    Number(targetUrl.port) || DEFAULT_PORTS[targetUrl.protocol] || 0;
  if (!targetPort) throw new Error(`no port in ${targetUrl.protocol} URL`);
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  /** @type {net.Server | undefined} */
  let server;
  let port = 0;
  let connections = 0;
  let delayMs = 0;

  /**
   * Copies `from` to `to` as `pipe` does (back-pressure, end), holding each chunk `delayMs`
   * from its arrival. Chunks leave in arrival order even when the delay shrinks meanwhile.
   * @param {net.Socket} from
   * @param {net.Socket} to
   */
  const relay = (from, to) => {
    /** @type {{ chunk: Buffer, due: number }[]} */
    const held = [];
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    let ended = false;
    /** @param {Buffer} chunk */
    const write = (chunk) => {
      if (to.destroyed || to.write(chunk) || from.isPaused()) return;
      from.pause();
      to.once('drain', () => from.resume());
    };
    const release = () => {
      timer = undefined;
      const now = Date.now();
      let next = held[0];
      while (next && next.due <= now) {
        held.shift();
        write(next.chunk);
        next = held[0];
      }
      if (next) timer = setTimeout(release, next.due - now);
      else if (ended) to.end();
    };
    from.on('data', (chunk) => {
      if (delayMs === 0 && held.length === 0) write(chunk);
      else {
        held.push({ chunk, due: Date.now() + delayMs });
        timer ??= setTimeout(release, delayMs);
      }
    });
    from.once('end', () => {
      ended = true;
      if (held.length === 0) to.end();
    });
    from.once('close', () => clearTimeout(timer));
  };

  /** @param {net.Socket} client */
  const forward = (client) => {
    connections++;
    const upstream = net.connect(targetPort, targetHost);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ]) {
      sockets.add(from);
      from.once('close', () => {
        sockets.delete(from);
        to.destroy();
      });
      from.on('error', () => to.destroy());
      relay(from, to);
    }
  };

  const open = async () => {
    if (server) return;
    const next = net.createServer(forward);
    await new Promise((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve(undefined));
    });
    const address = next.address();
    if (address && typeof address === 'object') port = address.port;
    server = next;
  };
  const close = async () => {
    const current = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (current)
      await new Promise((resolve) => current.close(() => resolve(undefined)));
  };

  await open();
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    port,
    get connections() {
      return connections;
    },
    isOpen: () => server !== undefined,
    setDelay: (ms) => {
      delayMs = Math.max(0, ms);
    },
    open,
    close,
  };
}

exports.startTcpProxy = startTcpProxy;
