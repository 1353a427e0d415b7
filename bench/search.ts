/**
 * Search at the scale of a province: 1,000,000 article documents made from real Chinese text
 * (the fixtures' printed text and ../shared/corpus when present) — 300,000 of them on the
 * fixtures' real pages, the rest on 5,000 further pages stored with those pages' text, each
 * article printed where one of that page's real articles is, so hit boxes are computed from real
 * OCR within real article regions — indexed into the bundled Meilisearch (indexing throughput),
 * then the same queries timed in three comparisons, each beside the baseline (the very requests
 * difang makes, sent straight to Meilisearch by the JS client), every server a process of its own:
 *   - difang as deployed (`difang serve`): GET /api/search over HTTP (parse, fold, plan, the
 *     Meilisearch request, snippets, boxes, JSON), page texts kept in memory (PAGE_TEXT_CACHE);
 *   - a difang that keeps none, so every hit's page is read from storage (the worst case);
 *   - a bare proxy (bench/bare-proxy.ts): what one more hop costs, whoever makes it.
 * Queries mix words, phrases, traditional characters, title / date / section filters and sorts;
 * every request asks for facets. BENCH_SCALE=0.05 runs with 50,000 documents (a quick look). */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';
import { FsObjectStore } from '../src/adapters/fs/fs-object-store.ts';
import { EmbeddedMeilisearch } from '../src/adapters/meilisearch/embedded-meilisearch.ts';
import { MeilisearchIndex } from '../src/adapters/meilisearch/meilisearch-index.ts';
import { createKeepAliveHttpClient } from '../src/adapters/meilisearch/node-http-client.ts';
import type { Article } from '../src/domain/article.ts';
import { bytesOf } from '../src/adapters/body.ts';
import { storageKeys } from '../src/domain/natural-keys.ts';
import { articleDocument } from '../src/domain/search-documents.ts';
import { searchParamsSchema } from '../src/domain/search-request.ts';
import type { Title } from '../src/domain/title.ts';
import { silentLogger } from '../src/logger.ts';
import { plannedQueries } from '../src/services/search-service.ts';
import { ensureSearchIndexes } from '../src/services/search-indexes.ts';
import { ingestBatch } from '../indexer/pipeline/ingest-session.ts';
import { fmt, machine, medianOf, startPrinting, summarize, type Timings } from './lib.ts';

const scale = Number(process.env.BENCH_SCALE ?? '1');
/**
 * Each query sent this many times each way: 4,800 samples a path, so that p95 rests on 240 of them
 * and a few noisy seconds on this shared 2-vCPU machine move it little (with 5 rounds, the p95 ratio
 * of one round moved between 1.08× and 1.26× from one round to the next).
 */
const rounds = 20;
const root = join(import.meta.dirname, '..');

interface TruthPage {
  batch: string;
  issue: string;
  seq: number;
  title: string;
  width: number;
  height: number;
  blocks: { kind: string; text: string }[];
  articles: { box: { x: number; y: number; w: number; h: number } }[];
}

function sentencesOf(text: string): string[] {
  return text
    .replace(/\s+/g, '')
    .split(/(?<=[。；！？])/)
    .filter((s) => s.length >= 12);
}

/** Real sentences: the fixtures' printed text, and the corpus reports when they are here. */
function sentencePool(truth: TruthPage[]): string[] {
  const pool = truth.flatMap((page) => page.blocks.filter((b) => b.kind === 'body').flatMap((b) => sentencesOf(b.text)));
  const corpus = join(root, '..', 'shared', 'corpus');
  if (existsSync(corpus)) for (const file of readdirSync(corpus)) pool.push(...sentencesOf(readFileSync(join(corpus, file), 'utf8')));
  return [...new Set(pool)];
}

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export async function run(): Promise<string> {
  const total = Math.round(1_000_000 * scale);
  const work = await mkdtemp(join(tmpdir(), 'difang-bench-search-'));
  const meili = await EmbeddedMeilisearch.start({ dataDir: join(work, 'meili'), logger: silentLogger, maxIndexingMemory: '2 GiB', startTimeoutMs: 120_000 });
  const http1 = createKeepAliveHttpClient();
  const store = await FsObjectStore.open(join(work, 'objects'));
  const search = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey, indexPrefix: 'b_', httpClient: http1.httpClient, timeoutMs: 120_000 });
  const children: ChildProcess[] = [];
  try {
    await ensureSearchIndexes(search);
    // Real pages with real OCR, for hits whose boxes come from the page.
    const services = { store, search, logger: silentLogger, publicBaseUrl: 'http://bench', config: { s3Connection: { region: 'us-east-1', forcePathStyle: true } } };
    await ingestBatch(services, { source: join(root, 'fixtures', 'demo'), concurrency: 2 });
    await ingestBatch(services, { source: join(root, 'fixtures', 'mets-enmap'), title: 'demo-ribao', concurrency: 2 });

    const truth = (JSON.parse(readFileSync(join(root, 'fixtures', 'ground-truth', 'pages.json'), 'utf8')) as TruthPage[]).filter((p) => p.title === 'demo-ribao');
    const pool = sentencePool(truth);
    const now = '2026-11-23T00:00:00Z';
    const titles: Title[] = [1, 2, 3, 4].map((n) => ({ key: { title: `bench-${n}` }, kind: 'newspaper', name: ['清远日报', '南方日报', '韶关日报', '西江日报'][n - 1]!, otherNames: [], language: 'chi', rights: '测试', hidden: false, version: 1, updatedAt: now }));
    for (const title of titles) await store.put(storageKeys.title(title.key.title), JSON.stringify(title));
    const demoTitle = (await new (await import('../src/services/record-store.ts')).RecordStore(store).getTitle('demo-ribao'))!.record;
    const sections = ['要闻', '经济', '文化', '副刊', '综合', '体育'];
    const subjects = ['公共图书馆', '阅读推广', '文化建设', '乡村振兴', '数字资源', '少年儿童'];
    const places = ['清远市', '英德市', '连州市', '佛冈县', '阳山县', '番禺区'];
    const rand = random(20261123);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    const onRealPages = Math.round(total * 0.3);
    // The rest lie on as many other pages as a results page would meet: each of them stored with a
    // real page's text (the fixtures' pages, in turn), so placing their hits reads a page that is
    // not in memory, as it mostly is in an archive of this size.
    const fixturePageTexts: { page: TruthPage; bytes: Uint8Array }[] = [];
    for (const page of truth) {
      const stored = await store.get(storageKeys.pageText({ title: 'demo-ribao', date: page.issue, edition: 1, seq: page.seq }));
      if (stored) fixturePageTexts.push({ page, bytes: await bytesOf(stored) });
    }
    // Which real page's text each further page carries (by title, date and seq).
    const carried = new Map<string, TruthPage>();
    const otherPages = Math.max(2000, Math.round(5000 * scale));
    const seqsPerIssue = 4;
    const dateCount = Math.ceil(otherPages / (4 * seqsPerIssue));
    const issueDates: string[] = Array.from({ length: dateCount }, (_, i) => new Date(Date.UTC(1990, 0, 1) + Math.floor((i * 14 * 365) / dateCount) * 86_400_000).toISOString().slice(0, 10));
    let written = 0;
    for (const date of issueDates) {
      const writes = [];
      for (let n = 1; n <= 4; n++) {
        for (let seq = 1; seq <= seqsPerIssue; seq++) {
          const source = fixturePageTexts[written++ % fixturePageTexts.length]!;
          carried.set(`bench-${n}/${date}/${seq}`, source.page);
          writes.push(store.put(storageKeys.pageText({ title: `bench-${n}`, date, edition: 1, seq }), source.bytes, { durable: false }));
        }
      }
      await Promise.all(writes);
    }

    // Articles are numbered within their issue (art-1, art-2, …), as ingest numbers them.
    const articlesInIssue = new Map<string, number>();
    const nextArticleNumber = (issue: string): number => {
      const next = (articlesInIssue.get(issue) ?? 0) + 1;
      articlesInIssue.set(issue, next);
      return next;
    };

    // ── indexing ──
    const batchSize = 10_000;
    const started = performance.now();
    const tasks = [];
    for (let made = 0; made < total; ) {
      const docs: Record<string, unknown>[] = [];
      for (; docs.length < batchSize && made < total; made++) {
        const real = made < onRealPages;
        const page = real ? truth[made % truth.length]! : null;
        const text = real
          ? sentencesOf(page!.blocks.filter((b) => b.kind === 'body').map((b) => b.text).join('')).slice(0, 6).join('')
          : Array.from({ length: 3 + Math.floor(rand() * 5) }, () => pick(pool)).join('');
        const date = pick(issueDates);
        const key = real
          ? { title: 'demo-ribao', date: page!.issue, edition: 1, article: 1000 + Math.floor(made / truth.length) }
          : { title: `bench-${1 + (made % 4)}`, date, edition: 1, article: nextArticleNumber(`bench-${1 + (made % 4)}/${date}`) };
        const seq = real ? page!.seq : 1 + Math.floor(rand() * seqsPerIssue);
        // Where the article is printed: one of the articles of the real page whose text its page
        // carries, as a reader's hit marks only the matches inside its article, not the whole page.
        const printedOn = real ? page! : carried.get(`${key.title}/${date}/${seq}`)!;
        const region = printedOn.articles.length > 0 ? pick(printedOn.articles).box : { x: 0, y: 0, w: printedOn.width, h: printedOn.height };
        const article: Article = {
          key,
          title: pick(pool).slice(0, 16 + Math.floor(rand() * 8)),
          creators: [],
          language: 'chi',
          subjects: [{ term: pick(subjects), scheme: 'CCT' }],
          keywords: [],
          clc: [],
          persons: [],
          organizations: [],
          places: [{ name: pick(places) }],
          text: { ocr: text },
          regions: [{ seq, ...region }],
          status: 'published',
          segmentation: 'cataloguer',
          version: 1,
          updatedAt: now,
        };
        const title = real ? demoTitle : titles[made % 4]!;
        const doc = articleDocument(title, null, article, []) as unknown as Record<string, unknown>;
        doc.section = pick(sections);
        docs.push(doc);
      }
      tasks.push(await search.putDocuments(search.indexUid('articles'), docs));
    }
    for (const task of tasks) await search.waitForTask(task, { timeoutMs: 6 * 3600_000 });
    const indexSeconds = (performance.now() - started) / 1000;

    // ── difang over HTTP, beside the same requests straight to Meilisearch ──
    // Each server in a process of its own, as deployed: difang (`difang serve`) keeping page texts
    // in memory (PAGE_TEXT_CACHE's default); difang keeping none, so that every hit's page is read
    // from storage (the worst case); and a bare proxy (bench/bare-proxy.ts), the cost of the hop.
    const agent = new http.Agent({ keepAlive: true });
    const meiliEnv = { MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, MEILI_INDEX_PREFIX: 'b_' };
    const startServer = async (args: string[], env: Record<string, string>) => {
      const started = await startPrinting(process.execPath, args, { ...meiliEnv, ...env }, (output) => output.includes('Ctrl-C'));
      children.push(started.child);
      const port = Number(new URL(started.url).port);
      const request = (path: string, keep: boolean): Promise<{ status: number; body: string }> =>
        new Promise((resolve, reject) => {
          const sent = http.get({ host: '127.0.0.1', port, path, agent }, (response) => {
            const chunks: Buffer[] = [];
            if (keep) response.on('data', (chunk: Buffer) => chunks.push(chunk));
            else response.resume();
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          });
          sent.on('error', reject);
        });
      return {
        /** Timed: the answer is read to its end and let go. */
        get: async (path: string): Promise<number> => (await request(path, false)).status,
        text: async (path: string): Promise<string> => (await request(path, true)).body,
      };
    };
    const difangServe = [join(root, 'bin', 'difang.js'), 'serve'];
    const difangEnv = { DATA_DIR: work, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', DEMO_DATA: 'off' };
    const deployed = await startServer(difangServe, difangEnv);
    const uncached = await startServer(difangServe, { ...difangEnv, PAGE_TEXT_CACHE: '1' });
    const bareProxy = await startServer(['--import', 'tsx', join(import.meta.dirname, 'bare-proxy.ts')], {});
    const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const words = ['图书馆', '阅读', '清远', '服务', '建设', '文化', '读者', '活动', '数字资源', '乡村', '新馆', '儿童', '志愿者', '推广', '体系'];
    const queries: Record<string, string>[] = [];
    for (let i = 0; i < 240; i++) {
      const kind = i % 6;
      const word = words[i % words.length]!;
      const second = words[(i * 7 + 3) % words.length]!;
      const q = kind === 0 ? word : kind === 1 ? `${word} ${second}` : kind === 2 ? `"${pick(pool).slice(2, 8)}"` : kind === 3 ? toTraditional(word) : kind === 4 ? word : `${second}`;
      const query: Record<string, string> = { q };
      if (i % 3 === 0) query.title = `bench-${1 + (i % 4)}`;
      if (i % 4 === 1) Object.assign(query, { from: String(1990 + (i % 10)), to: String(1993 + (i % 10)) });
      if (i % 5 === 2) query.section = pick(sections);
      if (i % 7 === 3) query.sort = 'newest';
      queries.push(query);
    }
    const uids = { articles: search.indexUid('articles'), pages: search.indexUid('pages') };
    const raw = async (query: Record<string, string>): Promise<void> => {
      await search.searchMany(plannedQueries(searchParamsSchema.parse(query), new Set(), uids).queries);
    };
    // Three comparisons, one after the other, each server beside the baseline: difang as deployed,
    // the difang keeping no page texts, the bare proxy. Within each, every query is sent both ways
    // in turn (which goes first alternating); apart, so that the worst case's reading of pages
    // (the caches it sweeps) is not charged to the deployed difang between its requests.
    const compare = async (server: { get: (path: string) => Promise<number> }): Promise<{ raw: Timings; server: Timings; p95RatioByRound: number[] }> => {
      const paths = [(query: Record<string, string>) => raw(query), (query: Record<string, string>) => server.get(`/api/search?${new URLSearchParams(query)}`)];
      const samples: [number[], number[]] = [[], []];
      // Every query once each way before any is timed: the first time Meilisearch (and difang's
      // page texts) meet a query costs more, and whichever way went first would be charged for it.
      for (const query of queries) for (const path of paths) await path(query);
      const started = performance.now();
      for (let round = 0; round < rounds; round++) {
        for (const [i, query] of queries.entries()) {
          for (let k = 0; k < 2; k++) {
            const which = (i + round + k) % 2;
            const t = performance.now();
            const status = await paths[which]!(query);
            samples[which]!.push(performance.now() - t);
            if (typeof status === 'number' && status !== 200) throw new Error(`${JSON.stringify(query)} answered ${status}`);
          }
        }
      }
      const wall = performance.now() - started;
      // How much the p95 ratio moves from one round to the next: the machine's noise, in the ratio's own terms.
      const p95RatioByRound = Array.from({ length: rounds }, (_, round) => {
        const [raw, server] = samples.map((path) => summarize(path.slice(round * queries.length, (round + 1) * queries.length), wall));
        return server!.p95Ms / raw!.p95Ms;
      });
      return { raw: summarize(samples[0], wall), server: summarize(samples[1], wall), p95RatioByRound };
    };
    const { raw: r, server: d, p95RatioByRound } = await compare(deployed);
    const { raw: r2, server: u } = await compare(uncached);
    const { raw: r3, server: b } = await compare(bareProxy);
    let boxes = 0;
    for (const query of queries.filter((q) => !q.title).slice(0, 20)) {
      const response = JSON.parse(await deployed.text(`/api/search?${new URLSearchParams(query)}`)) as { hits: { boxes: unknown[] }[] };
      boxes += response.hits.reduce((n, hit) => n + hit.boxes.length, 0);
    }
    // Where the hits of a results page lie: how many pages placing them reads, and how many of
    // those are not among the fixtures' few real pages.
    let distinctPages = 0;
    let furtherPages = 0;
    for (const query of queries) {
      const response = JSON.parse(await uncached.text(`/api/search?${new URLSearchParams(query)}`)) as { hits: { url: string; titleId: string; date: string | null; page: { seq: number } }[] };
      // A hit without a URL is one whose id difang could not read: its boxes were never looked for.
      if (response.hits.some((hit) => !hit.url)) throw new Error(`a hit of ${JSON.stringify(query)} has no URL: the bench made an id difang cannot read`);
      const pages = new Set(response.hits.map((hit) => `${hit.titleId}/${hit.date}/${hit.page.seq}`));
      distinctPages += pages.size;
      furtherPages += [...pages].filter((page) => page.startsWith('bench-')).length;
    }
    // How many of the hits' pages were in memory, and how many were read from storage.
    const metrics = await deployed.text('/metrics');
    const lookups = (result: string): number => Number(new RegExp(`^difang_page_text_cache_lookups_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
    const pageReads = { hit: lookups('hit'), miss: lookups('miss') };
    agent.destroy();
    return [
      `Run ${new Date().toISOString().slice(0, 10)} on ${machine()}; Meilisearch 1.21.0 (bundled, 2 GiB indexing memory)${scale !== 1 ? `; BENCH_SCALE=${scale}` : ''}.`,
      '',
      `**Indexing**: ${total.toLocaleString('en')} article documents (${onRealPages.toLocaleString('en')} on the fixtures' ${truth.length} real pages, the others on ${(issueDates.length * 4 * seqsPerIssue).toLocaleString('en')} further pages that carry those pages' text), ~${fmt(pool.reduce((n, s) => n + s.length, 0) / pool.length, 0)}-character sentences × 3–7 each, folded and pinyin fields included, sent in batches of ${batchSize.toLocaleString('en')}: **${fmt(indexSeconds, 0)} s, ${fmt(total / indexSeconds, 0)} documents/s**.`,
      '',
      `**Search latency**, ${queries.length} distinct queries × ${rounds} rounds after a warm-up pass of every query both ways, sequential, in three comparisons one after the other (each query sent both ways in turn, which goes first alternating), every request with facets (paper, year, section, genre, subject, place) and exact totals; a third filter by paper, a quarter by a year range, a fifth by section; words, two-word queries, phrases and traditional characters:`,
      '',
      '| path | p50 ms | p95 ms | p99 ms | mean ms |',
      '|---|---:|---:|---:|---:|',
      `| the same Meilisearch requests, straight from the JS client — baseline | ${fmt(r.p50Ms)} | ${fmt(r.p95Ms)} | ${fmt(r.p99Ms)} | ${fmt(r.meanMs)} |`,
      `| difang \`GET /api/search\` over HTTP (snippets, hit boxes, facets, JSON) | ${fmt(d.p50Ms)} | ${fmt(d.p95Ms)} | ${fmt(d.p99Ms)} | ${fmt(d.meanMs)} |`,
      `| difang / baseline | ${fmt(d.p50Ms / r.p50Ms)}× | ${fmt(d.p95Ms / r.p95Ms)}× | ${fmt(d.p99Ms / r.p99Ms)}× | ${fmt(d.meanMs / r.meanMs)}× |`,
      `| the baseline again, timed beside the next row | ${fmt(r2.p50Ms)} | ${fmt(r2.p95Ms)} | ${fmt(r2.p99Ms)} | ${fmt(r2.meanMs)} |`,
      `| difang keeping no page texts in memory (every hit's page read from storage) | ${fmt(u.p50Ms)} | ${fmt(u.p95Ms)} | ${fmt(u.p99Ms)} | ${fmt(u.meanMs)} |`,
      `| that / its baseline | ${fmt(u.p50Ms / r2.p50Ms)}× | ${fmt(u.p95Ms / r2.p95Ms)}× | ${fmt(u.p99Ms / r2.p99Ms)}× | ${fmt(u.meanMs / r2.meanMs)}× |`,
      `| the baseline again, timed beside the next row | ${fmt(r3.p50Ms)} | ${fmt(r3.p95Ms)} | ${fmt(r3.p99Ms)} | ${fmt(r3.meanMs)} |`,
      `| a bare proxy: one more hop and nothing else (bench/bare-proxy.ts) | ${fmt(b.p50Ms)} | ${fmt(b.p95Ms)} | ${fmt(b.p99Ms)} | ${fmt(b.meanMs)} |`,
      `| that / its baseline | ${fmt(b.p50Ms / r3.p50Ms)}× | ${fmt(b.p95Ms / r3.p95Ms)}× | ${fmt(b.p99Ms / r3.p99Ms)}× | ${fmt(b.meanMs / r3.meanMs)}× |`,
      '',
      `Goal: difang's overhead ≤ 20% at p95 → **${fmt((d.p95Ms / r.p95Ms - 1) * 100, 0)}%**; the same ratio round by round (${queries.length} queries each way, ${rounds} rounds): median ${fmt(medianOf(p95RatioByRound))}×, from ${fmt(Math.min(...p95RatioByRound))}× to ${fmt(Math.max(...p95RatioByRound))}×. (${boxes} hit boxes were drawn for 20 unfiltered queries' first pages. A page's text is read from storage (\`text.bin\`) when it is not among those kept in memory (\`PAGE_TEXT_CACHE\`, 64 MiB): over the whole run ${fmt((100 * pageReads.miss) / Math.max(1, pageReads.hit + pageReads.miss), 0)}% of ${(pageReads.hit + pageReads.miss).toLocaleString('en')} page texts asked for were read from storage. A results page's hits lie on ${fmt(distinctPages / queries.length, 1)} distinct pages on average, ${fmt(furtherPages / queries.length, 1)} of them among the further pages: the row keeping no page texts reads all of them from storage for every search.)`,
    ].join('\n');
  } finally {
    for (const child of children) child.kill();
    http1.close();
    await meili.stop();
    await rm(work, { recursive: true, force: true });
  }
}
