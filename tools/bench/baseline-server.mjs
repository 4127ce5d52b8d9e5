#!/usr/bin/env node
// The bench's baseline: a bare Fastify server doing the Redis work of our intake's hot
// path and nothing else: one BullMQ queue.add with a deterministic jobId and a
// deduplication mark (id + ttl), with the same connection and job options as
// libs/api/feature-intake/src/lib/lead-queue.producer.ts. BullMQ writes the mark and the
// job in one Lua script (the "SET NX + add" of the issue, in one round trip). No Nest, no
// validation beyond "phone is a string", no normalisation, throttling, metrics or logging.
//
// Env: PORT, REDIS_URL, QUEUE_PREFIX (default bench-baseline), DEDUP_WINDOW_SECONDS.
import { createHash, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { Redis } from 'ioredis';

const port = Number(process.env.PORT ?? 3100);
const dedupTtlMs = Number(process.env.DEDUP_WINDOW_SECONDS ?? 86_400) * 1000;

const connection = new Redis(
  process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    connectTimeout: 5000,
  },
);
connection.on('error', () => undefined);
const queue = new Queue('leads', {
  connection,
  prefix: process.env.QUEUE_PREFIX || 'bench-baseline',
  defaultJobOptions: {
    attempts: 12,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: false,
  },
});
queue.on('error', () => undefined);

const app = Fastify({ logger: false });
app.post('/api/leads', async (request, reply) => {
  // Echoed like the api does, so the bench matches wrk's answers to its requests.
  const requestId = request.headers['x-request-id'];
  if (typeof requestId === 'string')
    void reply.header('x-request-id', requestId);
  const body =
    /** @type {{ phone?: unknown, submissionId?: unknown } | null} */ (
      request.body
    );
  const phone = body?.phone;
  if (typeof phone !== 'string')
    return reply.code(400).send({ code: 'VALIDATION_FAILED' });
  const submissionId =
    typeof body?.submissionId === 'string' ? body.submissionId : randomUUID();
  let added;
  try {
    added = await queue.add(
      'lead.submitted',
      { submissionId, phone, receivedAt: new Date().toISOString() },
      {
        jobId: submissionId,
        deduplication: {
          id: createHash('sha256')
            .update(phone)
            .digest('base64url')
            .slice(0, 27),
          ttl: dedupTtlMs,
        },
      },
    );
  } catch {
    return reply.code(503).send({ code: 'SERVICE_UNAVAILABLE' });
  }
  return added.id === submissionId
    ? reply.code(202).send({ status: 'accepted', submissionId })
    : reply.code(200).send({ status: 'duplicate' });
});
app.get('/health/ready', async (_request, reply) =>
  reply.code(connection.status === 'ready' ? 200 : 503).send({}),
);

const close = async () => {
  await app.close();
  await queue.close();
  connection.disconnect();
  process.exit(0);
};
process.once('SIGTERM', close);
process.once('SIGINT', close);

await app.listen({ port, host: '127.0.0.1' });
