import { Controller, Get, Res } from '@nestjs/common';
import { type HealthCheckResult } from '@nestjs/terminus';
import { type FastifyReply } from 'fastify';
import { ReadinessService } from './readiness';

export const HEALTH_PATHS = {
  live: '/health/live',
  ready: '/health/ready',
  metrics: '/metrics',
} as const;

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** The process answers; no dependency is consulted, so a slow database never gets pods killed. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when every dependency answers in time; 503 naming the ones that did not. */
  @Get('ready')
  async ready(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HealthCheckResult> {
    const report = await this.readiness.report();
    void reply
      .status(report.ready ? 200 : 503)
      .header('cache-control', 'no-store');
    return report.body;
  }
}
