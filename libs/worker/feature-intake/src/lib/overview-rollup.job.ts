import { OverviewRollupRepository } from '@landing/server/persistence-admin';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

/** Short enough that the deltas a chart sums stay a few thousand rows at peak intake. */
export const OVERVIEW_ROLLUP_INTERVAL_MS = 5000;

/**
 * Folds the overview rollup's deltas (appended by triggers as batches are written) into the
 * rollup. The charts read both, so this only bounds how many rows they sum. Several workers
 * running it at once is harmless: a delta is moved by exactly one of them.
 */
@Injectable()
export class OverviewRollupJob
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(OverviewRollupJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly rollup: OverviewRollupRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.runOnce(),
      OVERVIEW_ROLLUP_INTERVAL_MS,
    );
    this.timer.unref();
  }

  /** One pass; resolves with the delta rows folded (0 when the database is unreachable). */
  async runOnce(): Promise<number> {
    if (this.running) return 0;
    let folded = 0;
    this.running = this.rollup.compact().then(
      (count) => {
        folded = count;
      },
      (error: unknown) =>
        this.logger.warn(
          `overview rollup pass failed, will try again: ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    return folded;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
