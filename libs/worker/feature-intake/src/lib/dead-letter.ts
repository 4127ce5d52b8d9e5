import { LEAD_QUEUE } from '@landing/shared/contracts-lead';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * Moves every job that exhausted its attempts back to waiting. Failed jobs are kept forever
 * (`removeOnFail: false`), so nothing is lost while someone fixes the cause.
 */
export async function retryFailedLeadJobs(
  redisUrl: string,
  prefix: string,
): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const queue = new Queue(LEAD_QUEUE, { connection, prefix });
  try {
    const failed = await queue.getJobCountByTypes('failed');
    await queue.retryJobs({ state: 'failed', count: 1000 });
    return failed;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
