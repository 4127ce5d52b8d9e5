import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';

/** One dependency the process needs before it can do its work. */
export interface ReadinessCheck {
  /** Named in the 503 body when it fails: `postgres`, `redis`, `mongodb`, `consumer`. */
  readonly name: string;
  /** True when usable; false or a rejection when not. */
  isReady(): boolean | Promise<boolean>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export interface ReadinessReport {
  ready: boolean;
  body: HealthCheckResult;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every readiness check at once, each bounded by HEALTH_CHECK_TIMEOUT_MS. */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger(ReadinessService.name);
  private wasReady?: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async report(): Promise<ReadinessReport> {
    const report = await this.evaluate();
    if (report.ready !== this.wasReady) {
      // Once per change, not once per probe: the kubelet asks every few seconds.
      if (report.ready) this.logger.log('ready');
      else
        this.logger.warn({
          msg: `not ready: ${Object.keys(report.body.error ?? {}).join(', ')}`,
          failing: report.body.error,
        });
      this.wasReady = report.ready;
    }
    return report;
  }

  private async evaluate(): Promise<ReadinessReport> {
    try {
      return {
        ready: true,
        body: await this.health.check(
          this.checks.map((check) => () => this.run(check)),
        ),
      };
    } catch (error) {
      // terminus reports failure by throwing an exception that carries the full result
      const body = (error as { getResponse?: () => unknown }).getResponse?.();
      if (body && typeof body === 'object' && 'status' in body)
        return { ready: false, body: body as HealthCheckResult };
      throw error;
    }
  }

  private async run(check: ReadinessCheck) {
    const indicator = this.indicators.check(check.name);
    try {
      const ready = await withTimeout(
        Promise.resolve().then(() => check.isReady()),
        this.config.HEALTH_CHECK_TIMEOUT_MS,
      );
      return ready
        ? indicator.up()
        : indicator.down({ message: 'not connected' });
    } catch (error) {
      return indicator.down({
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
