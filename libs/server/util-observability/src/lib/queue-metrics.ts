import { Injectable } from '@nestjs/common';
import { gauge } from './metric-registry';

export const SAMPLED_JOB_STATES = [
  'waiting',
  'active',
  'delayed',
  'failed',
] as const;

@Injectable()
export class QueueMetrics {
  readonly jobs = gauge({
    name: 'landing_queue_jobs',
    help: 'Jobs per queue and state, sampled',
    labelNames: ['queue', 'state'] as const,
  });

  readonly leads = gauge({
    name: 'landing_queue_leads',
    help: 'Leads waiting in the leads queue (a batch job carries many), sampled; estimated from the oldest waiting jobs when very many wait',
    labelNames: ['queue', 'state'] as const,
  });

  readonly oldestWaitingAge = gauge({
    name: 'landing_queue_oldest_waiting_age_seconds',
    help: 'Age of the oldest job waiting to be processed (0 when none waits): how far behind the workers are',
    labelNames: ['queue'] as const,
  });

  readonly workers = gauge({
    name: 'landing_queue_workers',
    help: 'Workers connected to the queue and consuming it, sampled',
    labelNames: ['queue'] as const,
  });

  readonly lastSample = gauge({
    name: 'landing_queue_last_sample_timestamp_seconds',
    help: 'When the queue was last sampled successfully (unix time)',
    labelNames: ['queue'] as const,
  });
}
