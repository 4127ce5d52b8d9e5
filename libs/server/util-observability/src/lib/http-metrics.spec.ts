import { register } from 'prom-client';
import { HttpMetrics } from './http-metrics';

const countLines = async () =>
  (
    await register.getSingleMetricAsString(
      'landing_http_request_duration_seconds',
    )
  )
    .split('\n')
    .filter((line) =>
      line.startsWith('landing_http_request_duration_seconds_count'),
    );

describe('HttpMetrics', () => {
  afterEach(() => register.resetMetrics());

  it('exports a pre-registered route at zero for 2xx, 4xx and 5xx before its first request', async () => {
    const metrics = new HttpMetrics();
    expect(await countLines()).toEqual([]);

    metrics.preRegister([{ route: '/api/leads', method: 'POST' }]);

    expect((await countLines()).sort()).toEqual([
      'landing_http_request_duration_seconds_count{route="/api/leads",method="POST",status_class="2xx"} 0',
      'landing_http_request_duration_seconds_count{route="/api/leads",method="POST",status_class="4xx"} 0',
      'landing_http_request_duration_seconds_count{route="/api/leads",method="POST",status_class="5xx"} 0',
    ]);
  });

  it('counts requests on top of the zero', async () => {
    const metrics = new HttpMetrics();
    metrics.preRegister([{ route: '/api/leads', method: 'POST' }]);

    metrics.observe('/api/leads', 'POST', 503, 0.002);

    expect(await countLines()).toContain(
      'landing_http_request_duration_seconds_count{route="/api/leads",method="POST",status_class="5xx"} 1',
    );
  });
});
