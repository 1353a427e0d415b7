/** What difang counts of its HTTP traffic for /metrics, kept in memory per process (per isolate on Workers). */
import type { Labels, MetricFamily } from '../domain/prometheus.ts';

/** Request latencies in seconds: from a cached tile (milliseconds) to a large export page. */
export const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Counts and latency histograms of HTTP requests by method, route pattern and status. */
export class RequestMetrics {
  private readonly requests = new Map<string, { labels: Labels; count: number }>();
  private readonly latencies = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    const key = JSON.stringify(labels);
    const counted = this.requests.get(key) ?? { labels, count: 0 };
    counted.count++;
    this.requests.set(key, counted);
    const timed = this.latencies.get(route) ?? { labels: { route }, buckets: latencyBuckets.map(() => 0), sum: 0, count: 0 };
    latencyBuckets.forEach((bound, i) => {
      if (seconds <= bound) timed.buckets[i]!++;
    });
    timed.sum += seconds;
    timed.count++;
    this.latencies.set(route, timed);
  }

  families(): MetricFamily[] {
    return [
      {
        name: 'difang_http_requests_total',
        help: 'HTTP requests answered, by method, route pattern and status.',
        type: 'counter',
        samples: [...this.requests.values()].map(({ labels, count }) => ({ labels, value: count })),
      },
      {
        name: 'difang_http_request_duration_seconds',
        help: 'Time to answer HTTP requests (to the response head), by route pattern.',
        type: 'histogram',
        samples: [...this.latencies.values()].flatMap(({ labels, buckets, sum, count }) => [
          ...latencyBuckets.map((bound, i) => ({ name: 'difang_http_request_duration_seconds_bucket', labels: { ...labels, le: String(bound) }, value: buckets[i]! })),
          { name: 'difang_http_request_duration_seconds_bucket', labels: { ...labels, le: '+Inf' }, value: count },
          { name: 'difang_http_request_duration_seconds_sum', labels, value: sum },
          { name: 'difang_http_request_duration_seconds_count', labels, value: count },
        ]),
      },
    ];
  }
}
