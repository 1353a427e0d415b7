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
import type { Article } from '../src/domain/article.ts';
import { defaultSelection } from '../src/domain/export/selection.ts';
import { defaultTabularConfig } from '../src/domain/export/tabular.ts';
import type { Issue } from '../src/domain/issue.ts';
import { storageKeys, type DatedIssueKey } from '../src/domain/natural-keys.ts';
import type { Page } from '../src/domain/page.ts';
import { articleDocument } from '../src/domain/search-documents.ts';
import type { Title } from '../src/domain/title.ts';
import { silentLogger } from '../src/logger.ts';
import { bootstrapAuthenticator } from '../src/services/authenticator.ts';
import { exportRecords, selectArticles } from '../src/services/export-records.ts';
import { RecordStore } from '../src/services/record-store.ts';
import { ensureSearchIndexes } from '../src/services/search-indexes.ts';
import { writeExport, type ExportFormat } from '../indexer/export/write-export.ts';
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
  const pagesPerIssue = 3;
  const articlesPerIssue = 9;
  const issues = Math.ceil(total / articlesPerIssue);
  const work = await mkdtemp(join(tmpdir(), 'difang-bench-export-'));
  const meili = await EmbeddedMeilisearch.start({ dataDir: join(work, 'meili'), logger: silentLogger, maxIndexingMemory: '2 GiB', startTimeoutMs: 120_000 });
  const http = createKeepAliveHttpClient();
  const store = await FsObjectStore.open(join(work, 'objects'));
  const search = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey, indexPrefix: 'x_', httpClient: http.httpClient, timeoutMs: 600_000 });
  const records = new RecordStore(store);
  let server: ReturnType<typeof serve> | null = null;
  try {
    await ensureSearchIndexes(search);
    const now = '2026-11-23T00:00:00.000Z';
    const title: Title = { key: { title: 'qingyuan-ribao' }, kind: 'newspaper', name: '清远日报', otherNames: [], cn: 'CN 44-0043', place: '广东省清远市', language: 'chi', rights: '版权归原权利人所有', hidden: false, version: 1, updatedAt: now };
    await store.put(storageKeys.title('qingyuan-ribao'), JSON.stringify(title));
    const put = (key: string, value: unknown) => store.put(key, JSON.stringify(value), { durable: false });
    const documents: Record<string, unknown>[] = [];
    let made = 0;
    for (let i = 0; i < issues && made < total; i++) {
      const date = new Date(Date.UTC(1990, 0, 1) + Math.floor((i * 14 * 365) / issues) * 86_400_000).toISOString().slice(0, 10);
      const key: DatedIssueKey = { title: 'qingyuan-ribao', date, edition: 1 };
      const issue: Issue = { key, issueNo: String(1000 + i), version: 1, updatedAt: now };
      const pages: Page[] = Array.from({ length: pagesPerIssue }, (_, p) => ({
        key: { ...key, seq: p + 1 },
        label: `第${p + 1}版`,
        section: ['要闻', '综合', '副刊'][p]!,
        width: 4900,
        height: 7000,
        image: { format: 'tiff', sha256: '0'.repeat(64), bytes: 1, sourceName: `${date}/0${p + 1}.tif` },
        ocr: { status: 'vendor', format: 'alto', words: 3000 },
        version: 1,
        updatedAt: now,
      }));
      await Promise.all([put(storageKeys.issue(key), issue), ...pages.map((page) => put(storageKeys.page(page.key), page))]);
      for (let a = 0; a < articlesPerIssue && made < total; a++, made++) {
        const seq = 1 + (a % pagesPerIssue);
        const article: Article = {
          key: { ...key, article: a + 1 },
          title: `清远市图书馆推进阅读推广工作之${made + 1}`,
          kicker: '公共图书馆年度工作报告摘登',
          creators: [{ name: '林晓红', role: 'reporter' }],
          column: '文化视点',
          genre: 'news',
          language: 'chi',
          abstract: '清远市图书馆修订管理制度，规范工作流程，开展乡村阅读推广活动。',
          subjects: [{ term: '公共图书馆', scheme: 'CCT' }, { term: '阅读推广', scheme: 'CCT' }],
          keywords: ['乡村阅读', '绘本'],
          clc: ['G259.276.5'],
          persons: ['林晓红'],
          organizations: ['清远市图书馆'],
          places: [{ name: '清远市', code: '441800' }],
          text: { ocr: '聚集“百千万工程”、文旅融合等中心工作，打造了“绘本阅读进乡村”“读游清远”等阅读推广品牌矩阵。'.repeat(12) },
          regions: [{ seq, x: 100, y: 200 + a * 600, w: 2000, h: 550 }],
          status: 'published',
          segmentation: 'cataloguer',
          version: 1,
          updatedAt: new Date(Date.UTC(2026, 0, 1) + made * 1000).toISOString(),
        };
        await put(storageKeys.article(article.key), article);
        documents.push(articleDocument(title, issue, article, pages) as unknown as Record<string, unknown>);
      }
    }
    const tasks = [];
    for (let i = 0; i < documents.length; i += 5000) tasks.push(await search.putDocuments(search.indexUid('articles'), documents.slice(i, i + 5000)));
    for (const task of tasks) await search.waitForTask(task, { timeoutMs: 3600_000 });
    documents.length = 0;

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
