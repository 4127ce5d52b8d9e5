import { type Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ResilientQueue } from './resilient-queue';

/**
 * A producer's queue with a Redis connection of its own, opened on the first add rather than
 * at start-up (a process that never sends mail or webhooks opens nothing).
 */
export class LazyQueue<T> {
  private connection?: Redis;
  private holder?: ResilientQueue<T>;

  constructor(
    private readonly name: string,
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  get queue() {
    if (!this.holder) {
      this.connection = new Redis(this.redisUrl, { maxRetriesPerRequest: 3 });
      this.connection.on('error', (error: Error) =>
        this.logger.warn(`redis: ${error.message}`),
      );
      this.holder = new ResilientQueue<T>(
        this.name,
        { connection: this.connection, prefix: this.prefix },
        this.logger,
      );
    }
    return this.holder.queue;
  }

  async close(): Promise<void> {
    await this.holder?.close();
    this.connection?.disconnect();
  }
}
