interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface MicroBatcherOptions {
  /** Flush as soon as this many items wait. */
  maxSize: number;
  /** Flush at the latest this long after the first item arrived. */
  maxWaitMs: number;
  /**
   * When a group write fails, write its items one by one (the default), so one bad item fails
   * alone. Off where a failure is the destination's, not an item's: every item then fails
   * with the group.
   */
  retryOneByOne?: boolean;
}

/**
 * Collects items handed in one at a time and writes them in groups. Each caller's promise
 * settles with the write that contained its item. When a group write fails, its items are
 * written one by one, so a single bad item fails alone instead of taking its neighbours down.
 */
export class MicroBatcher<T> {
  private pending: Pending<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly options: MicroBatcherOptions,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxSize) this.flush();
      else
        this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  /** Writes whatever waits now and resolves when every write started so far has settled. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.inFlight]);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const run = this.writeBatch(batch).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  private async writeBatch(batch: Pending<T>[]): Promise<void> {
    try {
      await this.write(batch.map((entry) => entry.item));
      batch.forEach((entry) => entry.resolve());
    } catch (error) {
      if (batch.length === 1 || this.options.retryOneByOne === false) {
        batch.forEach((entry) => entry.reject(error));
        return;
      }
      for (const entry of batch) {
        try {
          await this.write([entry.item]);
          entry.resolve();
        } catch (itemError) {
          entry.reject(itemError);
        }
      }
    }
  }
}
