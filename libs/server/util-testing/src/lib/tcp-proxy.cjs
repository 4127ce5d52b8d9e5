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
      from.pipe(to);
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
    open,
    close,
  };
}

exports.startTcpProxy = startTcpProxy;
