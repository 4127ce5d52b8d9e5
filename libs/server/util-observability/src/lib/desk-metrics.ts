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
