/**
 * The page texts kept for placing hits: held up to a budget in bytes, the least recently used
 * let go first, a corrected page forgotten, a page that cannot be read not kept; counted for
 * /metrics. On a real folder store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { storageKeys, type PageKey } from '../../src/domain/natural-keys.ts';
import { encodePageText } from '../../src/domain/page-text.ts';
import { ocrText } from '../../src/domain/ocr-text.ts';
import type { PageOcr } from '../../src/domain/page-ocr.ts';
import { PageTextCache } from '../../src/services/page-text-cache.ts';
import { RecordStore } from '../../src/services/record-store.ts';

const page = (seq: number): PageKey => ({ title: 'qyrb', date: '1995-03-01', edition: 1, seq });
/** One line of `chars` characters, each with its box. */
function pageText(chars: number, char: string) {
  const text = char.repeat(chars);
  return encodePageText({ text, words: [{ start: 0, end: chars, block: 0, line: 0, box: { x: 0, y: 0, w: chars * 10, h: 10 }, chars: Array.from({ length: chars }, (_, i) => ({ x: i * 10, y: 0, w: 10, h: 10 })) }] });
}

describe('page text cache', () => {
  let root: string;
  let records: RecordStore;
  /** What one 1,000-character page holds in memory: its file, and its text and folded text. */
  let pageBytes: number;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'difang-page-text-cache-'));
    const store = await FsObjectStore.open(root);
    records = new RecordStore(store);
    for (const seq of [1, 2, 3]) {
      const bytes = pageText(1000, '报纸'[seq % 2]!);
      pageBytes = bytes.byteLength + 1000 * 2 * 2;
      await store.put(storageKeys.pageText(page(seq)), bytes);
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('keeps pages up to its budget in bytes, letting the least recently used go first', async () => {
    const cache = new PageTextCache(records, pageBytes * 2);
    expect((await cache.get(page(1)))?.text).toBe('纸'.repeat(1000));
    await cache.get(page(2));
    await cache.get(page(1)); // page 1 is now the more recently used
    await cache.get(page(3)); // over budget: page 2 goes
    expect(cache.stats()).toEqual({ hits: 1, misses: 3, pages: 2, bytes: pageBytes * 2, capacityBytes: pageBytes * 2 });
    await cache.get(page(1));
    await cache.get(page(2));
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 4, pages: 2 });
  });

  it('reads a page again once it was forgotten (its OCR corrected), and gives the same answer to readers who ask at once', async () => {
    const cache = new PageTextCache(records, pageBytes * 10);
    const [a, b] = await Promise.all([cache.get(page(1)), cache.get(page(1))]);
    expect(a).toBe(b);
    cache.forget(page(1));
    expect(cache.stats()).toMatchObject({ pages: 0, bytes: 0 });
    expect(await cache.get(page(1))).not.toBe(a);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, pages: 1, bytes: pageBytes });
  });

  it('lays out and stores the text of a page that has OCR but no text yet; does not keep a page it could not read', async () => {
    const cache = new PageTextCache(records, pageBytes * 10);
    const ocr: PageOcr = { width: 100, height: 100, source: { format: 'alto' }, script: 'cjk', blocks: [{ box: { x: 0, y: 0, w: 50, h: 10 }, lines: [{ box: { x: 0, y: 0, w: 50, h: 10 }, words: [{ text: '廣州', box: { x: 0, y: 0, w: 20, h: 10 } }] }] }] };
    await records.objects.put(storageKeys.pageOcr(page(8)), JSON.stringify(ocr));
    const laidOut = await cache.get(page(8));
    expect(laidOut?.folded).toBe('广州');
    expect(laidOut?.text).toBe(ocrText(ocr).text);
    // …and stored it (in the background), so the next server to ask reads it as it is.
    for (let wait = 0; wait < 100 && !(await records.objects.head(storageKeys.pageText(page(8)))); wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await records.getPageText(page(8))).toEqual(laidOut);

    expect(await cache.get(page(9))).toBeNull(); // no OCR at all: remembered as such
    await records.objects.put(storageKeys.pageOcr(page(7)), '{"width": 100, "blocks": [');
    await expect(cache.get(page(7))).rejects.toThrow(/ocr\.json/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.stats()).toMatchObject({ misses: 3, pages: 2 });
  });
});
