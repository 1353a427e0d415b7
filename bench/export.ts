/**
 * Upstream export at the size of one city daily: 27,000 article records (on 10,000 pages of
 * 3,000 issues, 1990–2003) in folder storage and the bundled Meilisearch; then, in one run:
 *   - baseline: reading the same records from storage alone (the floor any export stands on);
 *   - CSV, XLSX and CNMARC (ISO 2709) files written by the export pipeline, records/s each;
 *   - a full OAI-PMH harvest (ListRecords, oai_dc, every resumption token) over HTTP.
 * Peak memory (RSS) is sampled throughout. Goal: the full harvest in under 30 s on 2 cores.
 */
import { serve } from '@hono/node-server';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsObjectStore } from '../src/adapters/fs/fs-object-store.ts';
import { EmbeddedMeilisearch } from '../src/adapters/meilisearch/embedded-meilisearch.ts';
import { MeilisearchIndex } from '../src/adapters/meilisearch/meilisearch-index.ts';
import { createKeepAliveHttpClient } from '../src/adapters/meilisearch/node-http-client.ts';
import { createApp } from '../src/app.ts';
import { defaultSelection } from '../src/domain/export/selection.ts';
import { defaultTabularConfig } from '../src/domain/export/tabular.ts';
import { silentLogger } from '../src/logger.ts';
import { bootstrapAuthenticator } from '../src/services/authenticator.ts';
import { exportRecords, selectArticles } from '../src/services/export-records.ts';
import { RecordStore } from '../src/services/record-store.ts';
import { writeExport, type ExportFormat } from '../indexer/export/write-export.ts';
import { buildCityDaily } from './city-daily.ts';
import { fmt, machine } from './lib.ts';

const scale = Number(process.env.BENCH_SCALE ?? '1');

/** Highest RSS seen while `work` runs, sampled every 50 ms. */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; peakMiB: number; seconds: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const result = await work();
    return { result, peakMiB: Math.max(peak, process.memoryUsage().rss) / 2 ** 20, seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

export async function run(): Promise<string> {
  const total = Math.round(27_000 * scale);
  const work = await mkdtemp(join(tmpdir(), 'difang-bench-export-'));
  const meili = await EmbeddedMeilisearch.start({ dataDir: join(work, 'meili'), logger: silentLogger, maxIndexingMemory: '2 GiB', startTimeoutMs: 120_000 });
  const http = createKeepAliveHttpClient();
  const store = await FsObjectStore.open(join(work, 'objects'));
  const search = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey, indexPrefix: 'x_', httpClient: http.httpClient, timeoutMs: 600_000 });
  const records = new RecordStore(store);
  let server: ReturnType<typeof serve> | null = null;
  try {
    const { issues, pagesPerIssue } = await buildCityDaily(store, search, total);

    const services = { search, records };
    const base = 'http://bench.example.org';
    const rows: string[] = [];
    const line = (name: string, seconds: number, peakMiB: number, floor?: number) =>
      rows.push(`| ${name} | ${fmt(seconds, 1)} | ${fmt(total / seconds, 0)} | ${floor ? `${fmt(seconds / floor)}×` : '—'} | ${fmt(peakMiB, 0)} |`);

    // Baseline: every record read from storage, the ids paged from the index, nothing written.
    // One pass first, unmeasured: it warms the caches and lets the set-up's memory go.
    for await (const record of exportRecords(services, defaultSelection, base)) void record;
    const floor = await withPeakMemory(async () => {
      let n = 0;
      for await (const record of exportRecords(services, defaultSelection, base)) n += record.article.version;
      return n;
    });
    line('baseline: read the records from storage (ids from Meilisearch)', floor.seconds, floor.peakMiB);

    for (const format of ['csv', 'xlsx', 'marc'] as ExportFormat[]) {
      const out = join(work, `export.${format}`);
      const measured = await withPeakMemory(() =>
        writeExport({ format, out, records: exportRecords(services, defaultSelection, base), config: defaultTabularConfig, selection: defaultSelection, baseUrl: base, repository: 'bench.example.org', force: false }),
      );
      if (measured.result.records !== total) throw new Error(`${format}: ${measured.result.records} of ${total} records`);
      line(`\`difang export --format ${format}\``, measured.seconds, measured.peakMiB, floor.seconds);
    }

    const app = createApp({ store, search, logger: silentLogger, publicBaseUrl: base, version: 'bench', auth: bootstrapAuthenticator(undefined) });
    server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/oai`;
    const harvest = await withPeakMemory(async () => {
      let count = 0;
      let query = 'verb=ListRecords&metadataPrefix=oai_dc';
      for (;;) {
        const xml = await (await fetch(`${url}?${query}`)).text();
        count += (xml.match(/<record>/g) ?? []).length;
        const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(xml)?.[1];
        if (!token) return count;
        query = `verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`;
      }
    });
    if (harvest.result !== total) throw new Error(`harvest: ${harvest.result} of ${total} records`);
    line('full OAI-PMH harvest, ListRecords oai_dc over HTTP (100 per response)', harvest.seconds, harvest.peakMiB, floor.seconds);
    const { total: indexed } = await selectArticles(services, defaultSelection, 0, 1);

    return [
      `Machine: ${machine()}. ${total.toLocaleString('en')} published article records (${indexed.toLocaleString('en')} in the index) on ${(issues * pagesPerIssue).toLocaleString('en')} pages of ${issues.toLocaleString('en')} issues, folder storage, bundled Meilisearch; bench and server in one process. Run: \`npm run bench export\` (${new Date().toISOString().slice(0, 10)}).`,
      '',
      '| | seconds | records / s | vs. baseline | peak RSS MiB |',
      '|---|---:|---:|---:|---:|',
      ...rows,
      '',
      `Goal: a full harvest of 27,000 records in under 30 s → **${fmt(harvest.seconds, 1)} s** (${harvest.seconds < 30 ? 'met' : 'NOT met'}).`,
    ].join('\n');
  } finally {
    await new Promise((done) => (server ? server.close(done) : done(null)));
    http.close();
    await meili.stop();
    await rm(work, { recursive: true, force: true });
  }
}
