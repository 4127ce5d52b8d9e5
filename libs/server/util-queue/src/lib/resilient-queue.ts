import { type Logger } from '@nestjs/common';
import { Queue, type QueueOptions } from 'bullmq';

/**
 * BullMQ reports a set-up that fails after the queue was closed (its connection ended while
 * it still waited for Redis) as an 'error' on the queue's connection wrapper, whose listeners
 * the close removed: Node would throw it as an uncaught error. Closed queues keep a listener.
 */
class ClosableQueue<T> extends Queue<T> {
  async closeQuietly(): Promise<void> {
    try {
      await this.close();
    } finally {
      this.connection.on('error', () => undefined);
    }
  }
}

/**
 * A BullMQ queue that sets itself up again when its first set-up fails.
 *
 * BullMQ prepares a queue once, when it is created: it waits for the connection to be ready,
 * then reads the server's version. If Redis goes away between the two (it restarts while the
 * app boots), that set-up fails for good and every later call on the queue fails with the
 * same error, although the connection itself recovers: intake would answer 503 until the
 * process restarts. This holder replaces such a queue with a new one on the same connection,
 * which waits for Redis again.
 */
export class ResilientQueue<T> {
  private current: ClosableQueue<T>;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly options: QueueOptions,
    /** Where queue errors and re-set-ups are reported; none: quietly (a sampler, say). */
    private readonly logger?: Logger,
  ) {
    this.current = this.create();
  }

  /** The queue to use now; ask again on each call rather than keeping it. */
  get queue(): Queue<T> {
    return this.current;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.current.closeQuietly();
  }

  private create(): ClosableQueue<T> {
    const queue = new ClosableQueue<T>(this.name, this.options);
    queue.on('error', (error: Error) =>
      this.logger?.warn(`queue: ${error.message}`),
    );
    queue.waitUntilReady().catch((error: unknown) => {
      if (this.closed || this.current !== queue) return;
      this.logger?.warn(
        `queue set-up failed (${error instanceof Error ? error.message : String(error)}); setting it up again`,
      );
      this.current = this.create();
      // A connection passed in is shared: closing this queue leaves it open.
      queue.closeQuietly().catch(() => undefined);
    });
    return queue;
  }
}
