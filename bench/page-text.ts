/**
 * Placing search hits on a page that is not in memory: what a search pays for each hit on such a
 * page (up to 20 a results page). The page's compact binary text (pages/…/text.bin, what difang
 * reads now) beside the normalized OCR laid out as before, and beside reading the compact file's
 * bytes alone — the floor for anything that starts from storage. Real pages: the fixtures, and the NDNP Park Record
 * page from ../shared/samples when it is there.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesOf } from '../src/adapters/body.ts';
import { FsObjectStore } from '../src/adapters/fs/fs-object-store.ts';
import { EmbeddedMeilisearch } from '../src/adapters/meilisearch/embedded-meilisearch.ts';
import { MeilisearchIndex } from '../src/adapters/meilisearch/meilisearch-index.ts';
import { pageId, storageKeys, type PageKey } from '../src/domain/natural-keys.ts';
import { silentLogger } from '../src/logger.ts';
import type { ObjectInfo, ObjectStore } from '../src/ports.ts';
import { PageTextCache } from '../src/services/page-text-cache.ts';
import { RecordStore } from '../src/services/record-store.ts';
import { keysUnder } from '../src/services/keys-under.ts';
import { ingestBatch } from '../indexer/pipeline/ingest-session.ts';
import { fmt, machine } from './lib.ts';

const root = join(import.meta.dirname, '..');
const ndnp = join(root, '..', 'shared', 'samples', 'ndnp-park-record-1935');

async function median(work: () => Promise<unknown>, times = 40): Promise<number> {
  for (let i = 0; i < 5; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

export async function run(): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'difang-bench-page-text-'));
  const meili = await EmbeddedMeilisearch.start({ dataDir: join(work, 'meili'), logger: silentLogger, supervise: false });
  try {
    const store = await FsObjectStore.open(join(work, 'objects'));
    const search = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey });
    const context = { store, search, logger: silentLogger, publicBaseUrl: 'http://bench', config: { s3Connection: { region: 'us-east-1', forcePathStyle: true } } };
    await ingestBatch(context, { source: join(root, 'fixtures', 'demo'), concurrency: 2 });
    if (existsSync(ndnp)) await ingestBatch(context, { source: ndnp, concurrency: 1 });
    const records = new RecordStore(store);
    // As before: no compact text to read, the OCR laid out on every miss (and nothing written back).
    const hidingText: ObjectStore = Object.assign(Object.create(store) as ObjectStore, {
      get: (key: string, options?: Parameters<ObjectStore['get']>[1]) => (key.endsWith('/text.bin') ? Promise.resolve(null) : store.get(key, options)),
      put: async () => ({}) as ObjectInfo,
    });
    const withoutText = new RecordStore(hidingText);
    const pages: { key: PageKey; chars: number; ocrBytes: number; textBytes: number }[] = [];
    for await (const key of keysUnder(store, 'pages/')) {
      if (!key.endsWith('/text.bin')) continue;
      const parsed = /^pages\/(.+)\/seq-(\d+)\/text\.bin$/.exec(key)!;
      const [title, second, third] = parsed[1]!.split('/');
      const pageKey = (third ? { title, date: second, edition: Number(third.slice(3)), seq: Number(parsed[2]) } : { title, volume: Number(second!.slice(4)), seq: Number(parsed[2]) }) as PageKey;
      const text = await records.getPageText(pageKey);
      pages.push({ key: pageKey, chars: text?.text.length ?? 0, ocrBytes: (await store.head(storageKeys.pageOcr(pageKey)))!.size, textBytes: (await store.head(key))!.size });
    }
    pages.sort((a, b) => b.chars - a.chars);
    const rows: string[] = [];
    let sums = { floor: 0, text: 0, ocr: 0 };
    for (const page of pages) {
      const floor = await median(async () => bytesOf((await store.get(storageKeys.pageText(page.key)))!));
      const fromText = await median(() => new PageTextCache(records).get(page.key));
      const fromOcr = await median(() => new PageTextCache(withoutText).get(page.key));
      sums = { floor: sums.floor + floor, text: sums.text + fromText, ocr: sums.ocr + fromOcr };
      rows.push(`| ${pageId(page.key)} | ${page.chars.toLocaleString('en')} | ${fmt(page.ocrBytes / 1024, 0)} / ${fmt(page.textBytes / 1024, 0)} | ${fmt(floor)} | ${fmt(fromOcr)} | ${fmt(fromText)} | ${fmt(fromOcr / fromText)}× |`);
    }
    return [
      `Run ${new Date().toISOString().slice(0, 10)} on ${machine()}. One page's text and word boxes read into an empty cache, median of 40 after 5 warm-ups, folder storage${existsSync(ndnp) ? '; the NDNP page is an English 300-dpi page with ALTO' : ' (no ../shared: fixture pages only)'}. Run: \`npm run bench page-text\`.`,
      '',
      '| page | characters | ocr.json / text.bin KiB | read text.bin bytes only — floor, ms | from ocr.json, ms | from text.bin (now), ms | speed-up |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows,
      `| **all ${pages.length} pages** | | | ${fmt(sums.floor)} | ${fmt(sums.ocr)} | ${fmt(sums.text)} | **${fmt(sums.ocr / sums.text)}×** (now ${fmt(sums.text / sums.floor)}× the floor) |`,
    ].join('\n');
  } finally {
    await meili.stop();
    await rm(work, { recursive: true, force: true });
  }
}
