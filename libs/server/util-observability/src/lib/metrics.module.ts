import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  Controller,
  type DynamicModule,
  ForbiddenException,
  Get,
  Global,
  Header,
  Inject,
  Module,
  NotFoundException,
  Req,
  type Type,
} from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { metricsAccessChecker } from './metrics-access';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metric-registry';

@Controller('metrics')
export class MetricsController {
  private readonly mayScrape: ReturnType<typeof metricsAccessChecker>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.mayScrape = metricsAccessChecker({
      token: config.METRICS_TOKEN,
      allow: config.METRICS_ALLOW,
    });
  }

  @Get()
  @Header('content-type', METRICS_CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  metrics(@Req() request: FastifyRequest): Promise<string> {
    if (!this.config.METRICS_ENABLED) throw new NotFoundException();
    if (!this.mayScrape(request.ip, request.headers.authorization))
      throw new ForbiddenException();
    return renderMetrics();
  }
}

export interface MetricsModuleOptions {
  /** The metric groups this process exports (each registers its metrics when created). */
  metrics: Type[];
}

/**
 * Prometheus metrics: the default process metrics plus the groups given. The groups are
 * global providers, so feature modules inject them without importing anything.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot({ metrics }: MetricsModuleOptions): DynamicModule {
    return {
      module: MetricsModule,
      imports: [
        PrometheusModule.registerAsync({
          controller: MetricsController,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            defaultMetrics: { enabled: config.METRICS_ENABLED },
          }),
        }),
      ],
      providers: metrics,
      exports: metrics,
    };
  }
}
