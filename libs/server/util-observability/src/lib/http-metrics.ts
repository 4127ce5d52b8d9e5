import { Injectable } from '@nestjs/common';
import { histogram } from './metric-registry';

const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

/** Route templates only (never the raw URL), so a scanner cannot create a series per path. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The classes a route is exported with from the start (1xx and others are not expected). */
export const PRE_REGISTERED_STATUS_CLASSES = ['2xx', '4xx', '5xx'] as const;

export function statusClass(status: number): string {
  return status >= 100 && status < 600
    ? `${Math.floor(status / 100)}xx`
    : 'other';
}

@Injectable()
export class HttpMetrics {
  /** Buckets for a service whose requests should take well under 50 ms; 0.5 s marks the latency alert. */
  readonly requestDuration = histogram({
    name: 'landing_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status class',
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });

  /**
   * Exports the routes' series at zero for every expected status class. A series otherwise
   * appears with its first request, and rate() counts no increase into a series' first sample:
   * a burst of 5xx that lands between two scrapes of a fresh process would be invisible to the
   * availability alert.
   */
  preRegister(routes: readonly { route: string; method: string }[]): void {
    for (const { route, method } of routes)
      for (const status_class of PRE_REGISTERED_STATUS_CLASSES)
        this.requestDuration.zero({ route, method, status_class });
  }

  observe(
    route: string | undefined,
    method: string,
    status: number,
    seconds: number,
  ): void {
    this.requestDuration.observe(
      {
        route: route ?? UNMATCHED_ROUTE,
        method: KNOWN_METHODS.has(method) ? method : 'OTHER',
        status_class: statusClass(status),
      },
      seconds,
    );
  }
}
