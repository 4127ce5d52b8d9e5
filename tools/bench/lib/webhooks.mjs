// `--webhook-endpoints N`: N active endpoints subscribed to lead.created, all pointing at one
// local receiver, so the bench shows what webhooks add to intake and the drain.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * A receiver that answers every delivery 204 and counts them (signatures are the delivery
 * bench's business: `npm run bench:webhooks`).
 */
export async function startReceiver() {
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(undefined)),
  );
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received: () => received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/**
 * @param {import('pg').Pool} pool
 * @param {number} count
 * @param {string} url
 */
export async function createEndpoints(pool, count, url) {
  for (let i = 0; i < count; i++)
    await pool.query(
      `INSERT INTO webhook_endpoints (url, events, description, secret) VALUES ($1, $2, $3, $4)`,
      [
        url,
        ['lead.created'],
        `bench endpoint ${i + 1}`,
        `whsec_${randomBytes(32).toString('base64')}`,
      ],
    );
}
