import { type Redis } from 'ioredis';
import { isRedisAway } from './redis-link';

/**
 * Notices a Redis that holds its connections open but answers nothing (a stopped process, a
 * network black hole): ioredis then still reports `ready`. Once a command has gone unanswered
 * past its deadline, `unavailable` is true and callers answering a visitor refuse at once,
 * instead of each waiting out its own deadline; a PING sent in the background every
 * `probeEveryMs` clears it as soon as Redis answers again.
 */
export class RedisStallWatch {
  private stalled = false;
  private probing = false;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly probeTimeoutMs: number,
    private readonly probeEveryMs = 200,
  ) {}

  /** Known away (reconnecting, closed) or stalled: a command sent now would only wait. */
  get unavailable(): boolean {
    return this.stalled || isRedisAway(this.redis);
  }

  /** A command got no answer within its deadline while the link looked up. */
  noteNoAnswer(): void {
    if (this.closed || isRedisAway(this.redis)) return;
    this.stalled = true;
    if (!this.probing) void this.probe();
  }

  close(): void {
    this.closed = true;
  }

  private async probe(): Promise<void> {
    this.probing = true;
    try {
      while (this.stalled && !this.closed) {
        if (await this.answersPing()) this.stalled = false;
        else await pause(this.probeEveryMs);
      }
    } finally {
      this.probing = false;
    }
  }

  private async answersPing(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.probeTimeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([
        this.redis.ping().then(
          () => true,
          () => false,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
