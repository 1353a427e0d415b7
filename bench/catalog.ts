/**
 * Cataloguing at the size of one city daily (27,000 article records in the bundled Meilisearch):
 *   - save → in the queue: a cataloguer's save until the index shows the new version;
 *   - publish → searchable: a reviewer's publish until a reader's search finds the corrected word;
 *   - baseline: the same document put straight into Meilisearch until its task is done.
 * And layout segmentation, pages per second, against parsing the same pages' OCR (the floor).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsObjectStore } from '../src/adapters/fs/fs-object-store.ts';
import { EmbeddedMeilisearch } from '../src/adapters/meilisearch/embedded-meilisearch.ts';
import { MeilisearchIndex } from '../src/adapters/meilisearch/meilisearch-index.ts';
import { createKeepAliveHttpClient } from '../src/adapters/meilisearch/node-http-client.ts';
import { articleId, type ArticleKey } from '../src/domain/natural-keys.ts';
import { segmentPage } from '../src/domain/segmentation.ts';
import { silentLogger } from '../src/logger.ts';
import type { Principal } from '../src/services/authenticator.ts';
import { Catalog } from '../src/services/catalog.ts';
import { RecordStore } from '../src/services/record-store.ts';
import { indexNames } from '../src/services/search-indexes.ts';
import { parseOcr } from '../indexer/readers/parse-ocr.ts';
import { buildCityDaily } from './city-daily.ts';
import { fmt, machine, summarize, type Timings } from './lib.ts';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const rounds = 40;
const bench: Principal = { username: 'bench', displayName: 'bench', roles: ['admin'], via: 'api-token' };

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5));
}

const row = (name: string, t: Timings, floor?: Timings) => `| ${name} | ${fmt(t.p50Ms, 0)} | ${fmt(t.p95Ms, 0)} | ${fmt(t.meanMs, 0)} | ${floor ? `${fmt(t.p50Ms / floor.p50Ms)}×` : '—'} |`;

async function segmentationRows(): Promise<string[]> {
  const root = join(import.meta.dirname, '..');
  const truth = JSON.parse(await readFile(join(root, 'fixtures', 'ground-truth', 'pages.json'), 'utf8')) as { batch: string; width: number; height: number; ocr?: { file: string; format: string } }[];
  const pages = await Promise.all(
    truth
      .filter((page) => page.ocr && page.ocr.format !== 'pdf')
      .map(async (page) => ({ format: page.ocr!.format as 'alto' | 'hocr' | 'paddle', bytes: new Uint8Array(await readFile(join(root, 'fixtures', page.batch, page.ocr!.file))), image: { imageWidth: page.width, imageHeight: page.height } })),
  );
  const parsed = pages.map((page) => parseOcr(page.format, page.bytes, page.image));
  const repeat = 200;
  const time = (work: () => void) => {
    const started = performance.now();
    for (let i = 0; i < repeat; i++) work();
    return (performance.now() - started) / 1000;
  };
  time(() => parsed.forEach((ocr) => segmentPage(ocr)));
  const parseSeconds = time(() => pages.forEach((page) => parseOcr(page.format, page.bytes, page.image)));
  const segmentSeconds = time(() => parsed.forEach((ocr) => segmentPage(ocr)));
  const n = pages.length * repeat;
  const words = parsed.reduce((sum, ocr) => sum + ocr.blocks.reduce((b, block) => b + block.lines.reduce((l, line) => l + line.words.length, 0), 0), 0);
  return [
    '| | pages / s | vs. baseline |',
    '|---|---:|---:|',
    `| baseline: parse the pages' OCR (ALTO / hOCR / PaddleOCR JSON) | ${fmt(n / parseSeconds, 0)} | — |`,
    `| layout segmentation of the parsed pages (\`difang segment\`'s heuristic) | ${fmt(n / segmentSeconds, 0)} | ${fmt(segmentSeconds / parseSeconds)}× the time |`,
    '',
    `${pages.length} fixture pages (${words.toLocaleString('en')} words or lines of OCR in all), each run ${repeat} times after a warm-up.`,
  ];
}

export async function run(): Promise<string> {
  const total = Math.round(27_000 * scale);
  const work = await mkdtemp(join(tmpdir(), 'difang-bench-catalog-'));
  const meili = await EmbeddedMeilisearch.start({ dataDir: join(work, 'meili'), logger: silentLogger, maxIndexingMemory: '2 GiB', startTimeoutMs: 120_000 });
  const http = createKeepAliveHttpClient();
  try {
    const store = await FsObjectStore.open(join(work, 'objects'));
    const search = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey, indexPrefix: 'c_', httpClient: http.httpClient, timeoutMs: 600_000 });
    await buildCityDaily(store, search, total);
    const records = new RecordStore(store);
    const catalog = new Catalog(records, search, silentLogger);
    const uid = search.indexUid(indexNames.articles);
    const keys: ArticleKey[] = [];
    for (let i = 0; keys.length < rounds * 2 + 10; i++) {
      const date = new Date(Date.UTC(1990, 0, 1) + Math.floor((i * 14 * 365 * 9) / total) * 86_400_000).toISOString().slice(0, 10);
      keys.push({ title: 'qingyuan-ribao', date, edition: 1, article: 1 + (i % 9) });
    }
    const saves: number[] = [];
    const publishes: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const key = keys[i]!;
      const id = articleId(key);
      const opened = (await catalog.get(key))!;
      const word = `jiaokan${i}x${Date.now().toString(36)}`;
      let started = performance.now();
      const saved = await catalog.save(key, opened.version, { correctedText: `${opened.article.text.ocr} ${word}`, keywords: [...opened.article.keywords, '校勘'] }, bench);
      await until(async () => (await search.getDocument<{ workVersion: number }>(uid, id))?.workVersion === saved.version);
      saves.push(performance.now() - started);
      const submitted = await catalog.act(key, saved.version, 'submit', bench);
      started = performance.now();
      await catalog.act(key, submitted.version, 'publish', bench);
      await until(async () => (await search.search(uid, { q: word, hitsPerPage: 1, attributesToRetrieve: ['id'] })).totalHits > 0);
      publishes.push(performance.now() - started);
      // Baseline: the same kind of document straight into Meilisearch, waited for.
      const other = articleId(keys[rounds + i]!);
      const document = await search.getDocument<Record<string, unknown>>(uid, other);
      started = performance.now();
      await search.waitForTask(await search.putDocuments(uid, [{ ...document!, keywords: ['校勘', String(i)] }]));
      raw.push(performance.now() - started);
    }
    const [save, publish, floor] = [summarize(saves, 1), summarize(publishes, 1), summarize(raw, 1)];
    return [
      `Machine: ${machine()}. ${total.toLocaleString('en')} article records in folder storage and the bundled Meilisearch; ${rounds} articles edited one after another. Run: \`npm run bench catalog\` (${new Date().toISOString().slice(0, 10)}).`,
      '',
      '| until visible | p50 ms | p95 ms | mean ms | p50 vs. baseline |',
      '|---|---:|---:|---:|---:|',
      row('baseline: one document put into Meilisearch, task waited for', floor),
      row('save (working copy, audit, activity) → the queue shows the new version', save, floor),
      row('publish → a reader’s search finds the corrected word', publish, floor),
      '',
      ...(await segmentationRows()),
    ].join('\n');
  } finally {
    http.close();
    await meili.stop();
    await rm(work, { recursive: true, force: true });
  }
}
