/**
 * GET /metrics: Prometheus text for whoever runs difang — requests and latencies by route, the
 * ingest jobs' progress, the index lag (changes Meilisearch has not applied yet, and how long the
 * oldest has waited), whether storage and search are up, and the version. Aggregates only; put it
 * behind the same network rules as Meilisearch if even that should stay private.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { prometheusContentType, renderMetrics, type MetricFamily } from '../domain/prometheus.ts';
import { indexNames } from '../services/search-indexes.ts';
import type { PageTextCacheStats } from '../services/page-text-cache.ts';

export const metricsRoutes = new Hono<AppEnv>().get('/metrics', async (c) => {
  const { store, search, ingestJobs, version } = c.var.deps;
  const [storage, searchEngine, lag, jobs] = await Promise.all([
    store.health().catch(() => ({ up: false })),
    search.health().catch(() => ({ up: false })),
    search.pendingTasks(Object.values(indexNames).map((name) => search.indexUid(name))).catch(() => null),
    ingestJobs ? ingestJobs.list(50) : Promise.resolve([]),
  ]);
  const running = jobs.filter((job) => job.status === 'running' || job.status === 'queued');
  const gauge = (name: string, help: string, samples: MetricFamily['samples']): MetricFamily => ({ name, help, type: 'gauge', samples });
  const families: MetricFamily[] = [
    gauge('difang_build_info', 'The running version of difang.', [{ labels: { version }, value: 1 }]),
    gauge('difang_up', 'Whether a dependency answers (1) or not (0).', [
      { labels: { dependency: 'storage', kind: store.kind }, value: storage.up ? 1 : 0 },
      { labels: { dependency: 'search', kind: search.kind }, value: searchEngine.up ? 1 : 0 },
    ]),
    ...(lag
      ? [
          gauge('difang_index_pending_tasks', 'Changes sent to Meilisearch and not yet searchable.', [{ value: lag.count }]),
          gauge('difang_index_lag_seconds', 'How long the oldest change not yet searchable has waited (0 when none).', [
            { value: lag.oldestEnqueuedAt ? Math.max(0, (Date.now() - lag.oldestEnqueuedAt.getTime()) / 1000) : 0 },
          ]),
        ]
      : []),
    gauge('difang_ingest_jobs', 'Ingest jobs of this server by status (the last 50).', (['queued', 'running', 'done', 'failed'] as const).map((status) => ({ labels: { status }, value: jobs.filter((job) => job.status === status).length }))),
    gauge(
      'difang_ingest_pages',
      'Pages of the queued and running ingest jobs: planned, done, stored, unchanged, rejected.',
      (['total', 'done', 'stored', 'unchanged', 'rejected'] as const).map((state) => ({ labels: { state }, value: running.reduce((sum, job) => sum + job.progress[state], 0) })),
    ),
    ...pageTextCacheFamilies(c.var.services.pageTexts.stats()),
    ...c.var.services.requestMetrics.families(),
  ];
  c.header('Cache-Control', 'no-store');
  return c.body(renderMetrics(families), 200, { 'Content-Type': prometheusContentType });
});

/** How often hits were placed from page texts in memory rather than read from storage. */
function pageTextCacheFamilies(stats: PageTextCacheStats): MetricFamily[] {
  return [
    {
      name: 'difang_page_text_cache_lookups_total',
      help: 'Page texts asked for to place search hits: found in memory (hit) or read from storage (miss).',
      type: 'counter',
      samples: [
        { labels: { result: 'hit' }, value: stats.hits },
        { labels: { result: 'miss' }, value: stats.misses },
      ],
    },
    { name: 'difang_page_text_cache_bytes', help: 'Memory held by page texts kept for search hits.', type: 'gauge', samples: [{ value: stats.bytes }] },
    { name: 'difang_page_text_cache_capacity_bytes', help: 'The most page texts may hold (PAGE_TEXT_CACHE).', type: 'gauge', samples: [{ value: stats.capacityBytes }] },
  ];
}
