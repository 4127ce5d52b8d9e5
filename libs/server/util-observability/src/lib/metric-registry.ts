import {
  Counter,
  type CounterConfiguration,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  register,
} from 'prom-client';

// Metrics live in prom-client's default registry, which @willsoto/nestjs-prometheus serves.
// Reusing a registered metric keeps a second Nest app in the same process (tests) working.

export function counter<L extends string>(
  config: CounterConfiguration<L>,
): Counter<L> {
  return (
    (register.getSingleMetric(config.name) as Counter<L> | undefined) ??
    new Counter(config)
  );
}

export function gauge<L extends string>(
  config: GaugeConfiguration<L>,
): Gauge<L> {
  return (
    (register.getSingleMetric(config.name) as Gauge<L> | undefined) ??
    new Gauge(config)
  );
}

export function histogram<L extends string>(
  config: HistogramConfiguration<L>,
): Histogram<L> {
  return (
    (register.getSingleMetric(config.name) as Histogram<L> | undefined) ??
    new Histogram(config)
  );
}

/** The Prometheus text exposition of every registered metric. */
export function renderMetrics(): Promise<string> {
  return register.metrics();
}

export const METRICS_CONTENT_TYPE = register.contentType;
