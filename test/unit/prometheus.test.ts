/** The Prometheus text format and the request counters behind /metrics. */
import { describe, expect, it } from 'vitest';
import { renderMetrics } from '../../src/domain/prometheus.ts';
import { RequestMetrics } from '../../src/services/request-metrics.ts';

describe('Prometheus text', () => {
  it('writes HELP and TYPE, escapes label values, and spells infinities', () => {
    const text = renderMetrics([
      { name: 'x_total', help: 'a\\b\nc', type: 'counter', samples: [{ labels: { path: 'say "这"\\n' }, value: 3 }] },
      { name: 'y', help: 'y', type: 'gauge', samples: [{ value: Infinity }, { labels: { k: 'v' }, value: Number.NaN }] },
    ]);
    expect(text).toBe(['# HELP x_total a\\\\b\\nc', '# TYPE x_total counter', 'x_total{path="say \\"这\\"\\\\n"} 3', '# HELP y y', '# TYPE y gauge', 'y +Inf', 'y{k="v"} NaN', ''].join('\n'));
  });

  it('counts requests by route pattern and status, with cumulative latency buckets', () => {
    const metrics = new RequestMetrics();
    metrics.observe('GET', '/iiif/3/:id/info.json', 200, 0.003);
    metrics.observe('GET', '/iiif/3/:id/info.json', 200, 0.2);
    metrics.observe('GET', '/iiif/3/:id/info.json', 404, 20);
    const text = renderMetrics(metrics.families());
    expect(text).toContain('difang_http_requests_total{method="GET",route="/iiif/3/:id/info.json",status="200"} 2');
    expect(text).toContain('difang_http_requests_total{method="GET",route="/iiif/3/:id/info.json",status="404"} 1');
    expect(text).toContain('difang_http_request_duration_seconds_bucket{route="/iiif/3/:id/info.json",le="0.005"} 1');
    expect(text).toContain('difang_http_request_duration_seconds_bucket{route="/iiif/3/:id/info.json",le="0.25"} 2');
    expect(text).toContain('difang_http_request_duration_seconds_bucket{route="/iiif/3/:id/info.json",le="10"} 2');
    expect(text).toContain('difang_http_request_duration_seconds_bucket{route="/iiif/3/:id/info.json",le="+Inf"} 3');
    expect(text).toContain('difang_http_request_duration_seconds_count{route="/iiif/3/:id/info.json"} 3');
    expect(text).toMatch(/difang_http_request_duration_seconds_sum\{route="\/iiif\/3\/:id\/info.json"\} 20\.20/);
  });
});
