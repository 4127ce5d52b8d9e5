import { Injectable } from '@nestjs/common';
import { counter, gauge, histogram } from './metric-registry';

/** The callback desk: how fast leads are first called, the promise kept or broken, the load. */
@Injectable()
export class DeskMetrics {
  /** Observed by the api when a lead's first call is logged. */
  readonly firstContact = histogram({
    name: 'landing_desk_first_contact_seconds',
    help: 'Wall-clock time from a lead arriving to its first logged call',
    buckets: [
      60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800,
    ],
  });

  /** hit: first call logged by the due time (api); miss: the due time passed uncalled (worker scan). */
  readonly sla = counter({
    name: 'landing_desk_sla_total',
    help: 'First-contact promises kept (hit) and broken (miss)',
    labelNames: ['result'] as const,
  });

  readonly openLeads = gauge({
    name: 'landing_desk_open_leads',
    help: 'Open leads (new or contacted) per owner, by admin user id',
    labelNames: ['owner'] as const,
  });

  /** Exports zeros, so rates and the breach alert see a series before the first event. */
  initialise(): void {
    this.sla.inc({ result: 'hit' }, 0);
    this.sla.inc({ result: 'miss' }, 0);
  }
}

/** The desk's live stream (`GET /api/admin/events`): producers in api and worker, readers in the api. */
@Injectable()
export class DeskEventMetrics {
  /** An event that could not be appended to the Redis stream (the write it describes stood). */
  readonly publishFailures = counter({
    name: 'landing_desk_events_publish_failures_total',
    help: 'Desk events that could not be appended to the Redis stream',
  });

  readonly streams = gauge({
    name: 'landing_desk_event_streams',
    help: 'Live event streams (server-sent events) open on this api process',
  });

  /** slow_client: a client too far behind was cut off (it reconnects and resumes); limit: refused, too many streams. */
  readonly dropped = counter({
    name: 'landing_desk_events_dropped_total',
    help: 'Desk event streams cut off or refused, by reason',
    labelNames: ['reason'] as const,
  });

  /** From the event's time to this api process reading it from Redis (fan-out follows at once). */
  readonly delay = histogram({
    name: 'landing_desk_events_delay_seconds',
    help: 'Time from a desk event to the api reading it from the stream; late events sit in the top buckets',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60],
  });
}
