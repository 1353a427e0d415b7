/**
 * Entity pages at the size of one city daily (issue 20): 27,000 published article records in the
 * bundled Meilisearch, every one carrying the same person (林晓红), place (清远市) and organization,
 * so each entity page lists, charts and relates all 27,000. Server-side render time of the whole
 * HTML page through the app (app.request, no network), beside the baseline of the reader's search
 * page for the same name — and the JSON beside it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsObjectStore } from '../src/adapters/fs/fs-object-store.ts';
import { EmbeddedMeilisearch } from '../src/adapters/meilisearch/embedded-meilisearch.ts';
import { MeilisearchIndex } from '../src/adapters/meilisearch/meilisearch-index.ts';
import { createKeepAliveHttpClient } from '../src/adapters/meilisearch/node-http-client.ts';
import { createApp } from '../src/app.ts';
import { silentLogger } from '../src/logger.ts';
import { bootstrapAuthenticator } from '../src/services/authenticator.ts';
import { buildCityDaily } from './city-daily.ts';
import { fmt, machine, timeSequential, type Timings } from './lib.ts';

const scale = Number(process.env.BENCH_SCALE ?? '1');

export async function run(): Promise<string> {
  const total = Math.round(27_000 * scale);
  const work = await mkdtemp(join(tmpdir(), 'difang-bench-entity-'));
  const meili = await EmbeddedMeilisearch.start({ dataDir: join(work, 'meili'), logger: silentLogger, maxIndexingMemory: '2 GiB', startTimeoutMs: 120_000 });
  const http = createKeepAliveHttpClient();
  try {
    const store = await FsObjectStore.open(join(work, 'objects'));
    const search = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey, indexPrefix: 'e_', httpClient: http.httpClient, timeoutMs: 600_000 });
    await buildCityDaily(store, search, total);
    const app = createApp({ store, search, logger: silentLogger, publicBaseUrl: 'http://difang.bench', version: 'bench', auth: bootstrapAuthenticator(undefined) });
    const get = (path: string) => async () => {
      const response = await app.request(path);
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      await response.text();
    };
    // The pages must really hold them all (a filter that matched nothing would be fast too).
    const json = (await (await app.request(`/api/people/${encodeURIComponent('林晓红')}`)).json()) as { total: number; years: unknown[] };
    if (json.total !== total) throw new Error(`the person page lists ${json.total} of ${total} articles`);
    const rows: [string, Timings][] = [
      ['baseline: reader search page for 林晓红', await timeSequential(get(`/search?q=${encodeURIComponent('林晓红')}`), 200)],
      ['person page /people/林晓红 (all articles, timeline, related)', await timeSequential(get(`/people/${encodeURIComponent('林晓红')}`), 200)],
      ['person page, a year (?year=1995)', await timeSequential(get(`/people/${encodeURIComponent('林晓红')}?year=1995`), 200)],
      ['place page /places/清远市', await timeSequential(get(`/places/${encodeURIComponent('清远市')}`), 200)],
      ['JSON /api/people/林晓红', await timeSequential(get(`/api/people/${encodeURIComponent('林晓红')}`), 200)],
      ['index /people', await timeSequential(get('/people'), 200)],
    ];
    const base = rows[0]![1];
    return [
      `${total.toLocaleString('en')} published articles in the bundled Meilisearch, each carrying the entity (the page lists ${json.total.toLocaleString('en')}, over ${json.years.length} years); 200 sequential requests each through the app after a warm-up; ${machine()}.`,
      '',
      '| page | p50 ms | p95 ms | mean ms | p50 vs. search page |',
      '|---|---:|---:|---:|---:|',
      ...rows.map(([name, t]) => `| ${name} | ${fmt(t.p50Ms, 1)} | ${fmt(t.p95Ms, 1)} | ${fmt(t.meanMs, 1)} | ${fmt(t.p50Ms / base.p50Ms)}× |`),
      '',
      'Goal (issue 20): an entity page with 10,000 articles under 100 ms at p95 server-side on 2 cores.',
    ].join('\n');
  } finally {
    http.close();
    await meili.stop();
    await rm(work, { recursive: true, force: true });
  }
}
