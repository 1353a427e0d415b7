/**
 * Ingest speed and memory on 300-dpi newspaper pages, and reindex speed on a city daily's worth
 * of records, each beside a baseline measured in the same run:
 *  - pipeline (difang ingest, concurrency 2) vs raw sharp tiling of the same files (2 at a time);
 *  - peak RSS of `difang ingest` on 7,000 × 9,000 pages (JPEG, TIFF and JPEG 2000);
 *  - difang reindex of 27,000 articles + 10,000 pages vs the same documents sent straight to
 *    Meilisearch in batches.
 * Pages are the project's fixture pages enlarged to print resolution; records are built from the
 * Chinese corpus text of the fixtures. BENCH_SCALE=0.2 runs a fifth of everything (quick look).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { FsObjectStore } from '../src/adapters/fs/fs-object-store.ts';
import { EmbeddedMeilisearch } from '../src/adapters/meilisearch/embedded-meilisearch.ts';
import { MeilisearchIndex } from '../src/adapters/meilisearch/meilisearch-index.ts';
import { createKeepAliveHttpClient } from '../src/adapters/meilisearch/node-http-client.ts';
import { silentLogger } from '../src/logger.ts';
import { articleDocument, pageDocument } from '../src/domain/search-documents.ts';
import type { Article } from '../src/domain/article.ts';
import type { Page } from '../src/domain/page.ts';
import type { PageOcr } from '../src/domain/page-ocr.ts';
import type { Title } from '../src/domain/title.ts';
import { storageKeys } from '../src/domain/natural-keys.ts';
import { reindex } from '../src/services/reindex.ts';
import { ensureSearchIndexes } from '../src/services/search-indexes.ts';
import { ingestBatch } from '../indexer/pipeline/ingest-session.ts';
import { tileSize } from '../indexer/images/derivatives.ts';
import { fmt, machine } from './lib.ts';

const scale = Number(process.env.BENCH_SCALE ?? '1');
/** BENCH_PARTS=pipeline,memory,reindex runs only some parts (and the figures are then not recorded). */
const parts = new Set((process.env.BENCH_PARTS ?? 'pipeline,memory,reindex').split(','));
const root = join(import.meta.dirname, '..');
const fixturePage = join(root, 'fixtures', 'demo', 'demo-ribao', '2023-05-04', '01.jpg');
const fixtureAlto = join(root, 'fixtures', 'demo', 'demo-ribao', '2023-05-04', '04.xml');

async function limitedAll<T>(items: T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** Newspaper pages at print resolution, made by enlarging a fixture page (text stays real text). */
async function makePages(folder: string, width: number, height: number, formats: ('jpeg' | 'tiff' | 'jp2')[], withOcr = true): Promise<string[]> {
  const day = join(folder, 'bench-ribao', '1995-03-01');
  await mkdir(day, { recursive: true });
  const enlarged = sharp(fixturePage).resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  const alto = await readFile(fixtureAlto);
  const files: string[] = [];
  for (const [index, format] of formats.entries()) {
    const seq = String(index + 1).padStart(2, '0');
    let file: string;
    if (format === 'jpeg') {
      file = join(day, `${seq}.jpg`);
      await enlarged.clone().jpeg({ quality: 85 }).toFile(file);
    } else if (format === 'tiff') {
      file = join(day, `${seq}.tif`);
      await enlarged.clone().toColourspace('b-w').tiff({ compression: 'lzw', predictor: 'horizontal' }).toFile(file);
    } else {
      file = join(day, `${seq}.jp2`);
      const grey = await enlarged.clone().toColourspace('b-w').raw().toBuffer();
      // @ts-expect-error -- the codec ships no type declarations
      const { default: createOpenJpeg } = await import('@cornerstonejs/codec-openjpeg/wasmjs');
      const openjpeg = await createOpenJpeg({ print() {}, printErr() {} });
      const encoder = new openjpeg.J2KEncoder();
      encoder.getDecodedBuffer({ width, height, bitsPerSample: 8, componentCount: 1, isSigned: false, isUsingColorTransform: false }).set(grey);
      encoder.setQuality(false, 0);
      encoder.setCompressionRatio(0, 20);
      encoder.encode();
      await writeFile(file, encoder.getEncodedBuffer());
    }
    // ALTO in mm10 scales to any page of the fixture's shape (7:10); other shapes go without OCR.
    if (withOcr) await writeFile(join(day, `${seq}.xml`), alto);
    files.push(file);
  }
  return files;
}

async function rawTiling(files: string[], out: string): Promise<number> {
  const started = performance.now();
  await limitedAll(files, 2, async (file) => {
    const image = sharp(file);
    const { channels } = await image.metadata();
    await (channels === 1 ? image.toColourspace('b-w') : image)
      .jpeg({ quality: 80 })
      .tile({ size: tileSize, layout: 'iiif3', id: 'http://bench/iiif/3' })
      .toFile(join(out, file.split('/').pop()!));
  });
  return (performance.now() - started) / 1000;
}

/** Runs `difang ingest` as its own process and samples its resident memory until it exits. */
async function ingestPeakRss(batch: string, dataDir: string, meili: { url: string; key: string }): Promise<{ seconds: number; peakMiB: number; code: number | null }> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin', 'difang.js'), 'ingest', batch, '--concurrency', '2'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dataDir, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.key, LOG_FORMAT: 'json' },
    stdio: 'ignore',
  });
  let peak = 0;
  const sampler = setInterval(async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    if (hwm) peak = Math.max(peak, Number(hwm) / 1024);
  }, 25);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  return { seconds: (performance.now() - started) / 1000, peakMiB: peak, code };
}

async function corpusText(): Promise<string[]> {
  const truth = JSON.parse(await readFile(join(root, 'fixtures', 'ground-truth', 'pages.json'), 'utf8')) as { articles: { text: string }[] }[];
  return truth.flatMap((page) => page.articles.map((a) => a.text.replace(/\s+/g, ''))).filter((t) => t.length > 200);
}

/** A city daily 1990–2003 in records: `pages` page records with OCR, `articles` articles. */
async function makeRecords(store: FsObjectStore, pages: number, articles: number): Promise<{ title: Title; pageDocs: object[]; articleDocs: object[] }> {
  const texts = await corpusText();
  const now = new Date().toISOString();
  const title: Title = { key: { title: 'bench-ribao' }, kind: 'newspaper', name: '基准测试日报', otherNames: [], language: 'chi', rights: '仅供测试', hidden: false, version: 1, updatedAt: now };
  await store.put(storageKeys.title('bench-ribao'), JSON.stringify(title));
  const pageDocs: object[] = [];
  const articleDocs: object[] = [];
  const pagesPerIssue = 4;
  const issues = Math.ceil(pages / pagesPerIssue);
  const start = Date.UTC(1990, 0, 1);
  let articleCount = 0;
  const writes: (() => Promise<unknown>)[] = [];
  for (let i = 0; i < issues; i++) {
    const date = new Date(start + Math.floor((i * (14 * 365.25)) / issues) * 86_400_000).toISOString().slice(0, 10);
    const issueKey = { title: 'bench-ribao', date, edition: 1 };
    writes.push(() => store.put(storageKeys.issue(issueKey), JSON.stringify({ key: issueKey, version: 1, updatedAt: now })));
    const issuePages: Page[] = [];
    const issueTexts: string[] = [];
    const segmented = new Set<number>();
    for (let seq = 1; seq <= pagesPerIssue && pageDocs.length < pages; seq++) {
      const key = { ...issueKey, seq };
      const text = texts[(i * 7 + seq) % texts.length]!;
      const lines = text.match(/.{1,24}/gu) ?? [];
      const ocr: PageOcr = {
        width: 4900,
        height: 7000,
        source: { format: 'alto' },
        script: 'cjk',
        blocks: [{ box: { x: 100, y: 100, w: 1200, h: lines.length * 60 }, lines: lines.map((line, n) => ({ box: { x: 100, y: 100 + n * 60, w: 1200, h: 50 }, words: [{ text: line, box: { x: 100, y: 100 + n * 60, w: 1200, h: 50 } }] })) }],
      };
      const page: Page = { key, width: 4900, height: 7000, label: `第${seq}版`, image: { format: 'tiff', sha256: '0'.repeat(64), bytes: 1, sourceName: 'x.tif' }, ocr: { status: 'vendor', format: 'alto', words: lines.length }, version: 1, updatedAt: now };
      issuePages.push(page);
      issueTexts.push(lines.join(''));
      writes.push(() => store.put(storageKeys.page(key), JSON.stringify(page)), () => store.put(storageKeys.pageOcr(key), JSON.stringify(ocr)));
    }
    const perIssue = Math.ceil(articles / issues);
    for (let n = 1; n <= perIssue && articleCount < articles; n++, articleCount++) {
      const text = texts[(articleCount * 13) % texts.length]!;
      const article: Article = {
        key: { ...issueKey, article: n },
        title: text.slice(0, 18),
        creators: [],
        language: 'chi',
        subjects: [{ term: '公共图书馆', scheme: 'CCT' }],
        keywords: ['阅读推广'],
        clc: ['G258.2'],
        persons: [],
        organizations: ['清远市图书馆'],
        places: [{ name: '清远市', code: '441800' }],
        text: { ocr: text },
        regions: [{ seq: ((n - 1) % pagesPerIssue) + 1, x: 100, y: 100, w: 1200, h: 1500 }],
        status: 'published',
        segmentation: 'cataloguer',
        version: 1,
        updatedAt: now,
      };
      writes.push(() => store.put(storageKeys.article(article.key), JSON.stringify(article)));
      articleDocs.push(articleDocument(title, null, article, issuePages));
      for (const region of article.regions) segmented.add(region.seq);
    }
    // The page documents as difang makes them: a page with articles on it is searched through them.
    issuePages.forEach((page, i) => pageDocs.push(pageDocument(title, null, page, segmented.has(page.key.seq) ? '' : issueTexts[i]!, segmented.has(page.key.seq))));
  }
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < writes.length) await writes[next++]!();
  }));
  return { title, pageDocs, articleDocs };
}

export async function run(): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'difang-bench-ingest-'));
  const meiliDir = join(work, 'meili');
  const meili = await EmbeddedMeilisearch.start({ dataDir: meiliDir, logger: silentLogger, maxIndexingMemory: '1 GiB' });
  const http = createKeepAliveHttpClient();
  try {
    const lines: string[] = [
      `Run ${new Date().toISOString().slice(0, 10)} on ${machine()}; sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}), ${cpus().length} cores, concurrency 2, Meilisearch 1.21.0 (bundled)${scale !== 1 ? `; BENCH_SCALE=${scale}` : ''}.`,
      '',
    ];
    const perMinute = (pagesDone: number, seconds: number): string => fmt((pagesDone / seconds) * 60, 1);
    if (parts.has('pipeline')) {
    // ── 1. pipeline vs raw sharp tiling, 300 dpi broadsheet pages ──
    const count = Math.max(2, Math.round(8 * scale));
    const batch = join(work, 'batch-300dpi');
    const files = await makePages(batch, 4900, 7000, Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 'jpeg' : 'tiff')));
    const rawOut = join(work, 'raw-tiles');
    await mkdir(rawOut, { recursive: true });
    const rawSeconds = await rawTiling(files, rawOut);
    const store = await FsObjectStore.open(join(work, 'store-300dpi', 'objects'));
    const search = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey, indexPrefix: 'bench_', httpClient: http.httpClient });
    await ensureSearchIndexes(search);
    // Meilisearch loads its Chinese dictionary (jieba) on the first Chinese text it indexes, once
    // per server process: do that before timing, as a running server has long since done it.
    await search.waitForTask(await search.putDocuments(search.indexUid('pages'), [{ id: 'warm-up', text: '清远市图书馆' }]));
    const started = performance.now();
    const report = await ingestBatch({ store, search, logger: silentLogger, publicBaseUrl: 'http://bench', config: { s3Connection: { region: 'us-east-1', forcePathStyle: true } } }, { source: batch, concurrency: 2 });
    const pipelineSeconds = (performance.now() - started) / 1000;
    if (report.pages.stored !== count) throw new Error(`pipeline stored ${report.pages.stored} of ${count} pages: ${JSON.stringify(report.rejected)}`);

    const jp2Batch = join(work, 'batch-jp2');
    const jp2Count = Math.max(1, Math.round(2 * scale));
    await makePages(jp2Batch, 4900, 7000, Array.from({ length: jp2Count }, () => 'jp2' as const));
    const jp2Store = await FsObjectStore.open(join(work, 'store-jp2', 'objects'));
    const jp2Started = performance.now();
    await ingestBatch({ store: jp2Store, search, logger: silentLogger, publicBaseUrl: 'http://bench', config: { s3Connection: { region: 'us-east-1', forcePathStyle: true } } }, { source: jp2Batch, concurrency: 2 });
    const jp2Seconds = (performance.now() - jp2Started) / 1000;

    lines.push(
      '**Ingest, 300-dpi broadsheet pages (4900 × 7000 px; half colour JPEG, half greyscale LZW TIFF; ALTO beside each)**',
      '',
      '| run | pages | seconds | pages/min | vs raw tiling |',
      '|---|---:|---:|---:|---:|',
      `| raw sharp tiling of the same files (512-px IIIF tiles, 2 at a time) — baseline | ${count} | ${fmt(rawSeconds)} | ${perMinute(count, rawSeconds)} | 1.00× |`,
      `| difang ingest: validate, sha256, original, tiles + info.json, thumbnail, OCR, records, index | ${count} | ${fmt(pipelineSeconds)} | ${perMinute(count, pipelineSeconds)} | ${fmt(pipelineSeconds / rawSeconds)}× |`,
      `| difang ingest of JPEG 2000 pages (decoded by OpenJPEG in WebAssembly; sharp cannot read JP2, so no raw baseline) | ${jp2Count} | ${fmt(jp2Seconds)} | ${perMinute(jp2Count, jp2Seconds)} | — |`,
      '',
      `Goal: whole pipeline ≤ 1.5 × raw tiling → **${fmt(pipelineSeconds / rawSeconds)}×**.`,
      '',
    );
    }
    if (parts.has('memory')) {
    // ── 2. peak memory on 7,000 × 9,000 pages at concurrency 2 ──
    const bigBatch = join(work, 'batch-7000x9000');
    const bigFormats = (['jpeg', 'tiff', 'jp2', 'jpeg'] as const).slice(0, Math.max(3, Math.round(4 * scale)));
    await makePages(bigBatch, 7000, 9000, [...bigFormats], false);
    const big = await ingestPeakRss(bigBatch, join(work, 'data-big'), { url: meili.url, key: meili.masterKey });
    if (big.code !== 0) throw new Error(`difang ingest on 7000x9000 pages exited with ${big.code}`);

    lines.push(`**Peak memory**: \`difang ingest --concurrency 2\` on ${bigFormats.length} pages of 7000 × 9000 px (${bigFormats.join(', ')}): peak RSS **${fmt(big.peakMiB, 0)} MiB** (goal < 1024 MiB), ${fmt(big.seconds, 1)} s including start-up.`, '');
    }
    if (parts.has('reindex')) {
    // ── 3. reindex of a city daily's records vs raw Meilisearch ──
    const articles = Math.round(27_000 * scale);
    const pages = Math.round(10_000 * scale);
    const recordStore = await FsObjectStore.open(join(work, 'store-records', 'objects'));
    const { pageDocs, articleDocs } = await makeRecords(recordStore, pages, articles);
    const reindexSearch = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey, indexPrefix: 'reindex_', httpClient: http.httpClient });
    const reindexReport = await reindex(recordStore, reindexSearch);
    const rawSearch = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey, indexPrefix: 'raw_', httpClient: http.httpClient });
    await ensureSearchIndexes(rawSearch);
    const rawStarted = performance.now();
    const tasks = [];
    for (const [name, docs] of [['pages', pageDocs], ['articles', articleDocs]] as const) {
      for (let i = 0; i < docs.length; i += 1000) tasks.push(await rawSearch.putDocuments(rawSearch.indexUid(name), docs.slice(i, i + 1000) as Record<string, unknown>[]));
    }
    for (const task of tasks) await rawSearch.waitForTask(task, { timeoutMs: 60 * 60_000 });
    const rawIndexSeconds = (performance.now() - rawStarted) / 1000;
    const records = reindexReport.pages + reindexReport.articles;

    lines.push(
      `**Reindex** (\`difang reindex\`: records and OCR read from folder storage into fresh indexes, then swapped in), ${pages.toLocaleString('en')} pages + ${articles.toLocaleString('en')} articles of Chinese text:`,
      '',
      '| run | documents | seconds | documents/s | vs raw |',
      '|---|---:|---:|---:|---:|',
      `| the same documents sent straight to Meilisearch in batches of 1,000 — baseline | ${records} | ${fmt(rawIndexSeconds)} | ${fmt(records / rawIndexSeconds, 0)} | 1.00× |`,
      `| difang reindex | ${records} | ${fmt(reindexReport.seconds)} | ${fmt(records / reindexReport.seconds, 0)} | ${fmt(reindexReport.seconds / rawIndexSeconds)}× |`,
      '',
      `Goal ≥ 1,000 records/s (27,000 articles in under 30 s) → **${fmt(records / reindexReport.seconds, 0)} records/s**; articles alone would take ${fmt((articles / records) * reindexReport.seconds, 1)} s at that rate.`,
    );
    }
    return lines.join('\n');
  } finally {
    http.close();
    await meili.stop();
    await rm(work, { recursive: true, force: true });
  }
}
