/**
 * The steps that store one page, whatever it came from: derivatives (IIIF tiles, thumbnail),
 * normalized OCR, and — last, as the commit point — the page record. A run killed before the
 * record is written leaves the page to be done again; after it, the page is complete.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pageId, storageKeys, type PageKey } from '../../src/domain/natural-keys.ts';
import { countWords, type PageOcr } from '../../src/domain/page-ocr.ts';
import type { Page } from '../../src/domain/page.ts';
import type { ObjectStore } from '../../src/ports.ts';
import type { Stored } from '../../src/services/record-store.ts';
import { StorageError } from '../../src/errors.ts';
import { makeThumbnail, writeTiles } from '../images/derivatives.ts';
import type { PageImage } from '../images/page-image.ts';
import type { IngestContext } from './context.ts';

/** sha256 of a local file, read as a stream. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const hashBytes = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A file read as a web stream, for storing originals without holding them in memory. */
export const fileBody = (path: string): ReadableStream<Uint8Array> => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;

/** Reads the stored page record, if any; a record that cannot be read back is reported and replaced. */
export async function existingPage(ctx: IngestContext, key: PageKey): Promise<Stored<Page> | { corruptEtag: string } | null> {
  try {
    return await ctx.records.getPage(key);
  } catch (error) {
    if (!(error instanceof StorageError) || error.code !== 'corrupt') throw error;
    ctx.logger.log('warn', 'ingest.corrupt_record_replaced', { key: storageKeys.page(key), reason: error.message });
    const head = await ctx.store.head(storageKeys.page(key));
    return head ? { corruptEtag: head.etag } : null;
  }
}

/** IIIF tiles and info.json, then the thumbnail. Old tiles go first when the image changed. */
export async function storeDerivatives(ctx: IngestContext, key: PageKey, image: PageImage, replacing: boolean): Promise<void> {
  const prefix = storageKeys.iiifImage(key);
  if (replacing) await deletePrefix(ctx.store, `${prefix}/`);
  const folder = join(ctx.scratch, `${pageId(key)}-${process.pid}-${Date.now()}`);
  await mkdir(folder, { recursive: true });
  try {
    const files = await writeTiles(image, folder, pageId(key), `${ctx.publicBaseUrl}/iiif/3`);
    await forEachLimited(files, 16, async (file) => {
      await ctx.store.put(`iiif/${file}`, await readFile(join(folder, file)), { durable: false });
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  await ctx.store.put(storageKeys.pageThumbnail(key), await makeThumbnail(image), { durable: false });
}

export async function storeOcr(ctx: IngestContext, key: PageKey, ocr: PageOcr | null, source: { bytes: Uint8Array; extension: string } | null): Promise<void> {
  if (source) await ctx.store.put(storageKeys.pageOcrSource(key, source.extension), source.bytes);
  if (ocr) await ctx.store.put(storageKeys.pageOcr(key), JSON.stringify(ocr));
  else await ctx.store.delete(storageKeys.pageOcr(key));
}

/** The OCR part of a page record. */
export function ocrSummary(ocr: PageOcr | null, sourceSha256: string | undefined): Page['ocr'] {
  if (!ocr) return { status: 'none', words: 0 };
  return { status: 'vendor', format: ocr.source.format, words: countWords(ocr), ...(sourceSha256 ? { sourceSha256 } : {}) };
}

/** Writes the page record: created if new, replacing exactly the version read before otherwise. */
export async function savePage(ctx: IngestContext, previous: Stored<Page> | { corruptEtag: string } | null, page: Omit<Page, 'version'>): Promise<Page> {
  const record = { ...page, version: 1 } as Page;
  if (!previous) return (await ctx.records.create('page', record)).record;
  if ('corruptEtag' in previous) {
    await ctx.store.put(storageKeys.page(page.key), JSON.stringify(record), { ifMatch: previous.corruptEtag });
    return record;
  }
  return (await ctx.records.replace('page', previous, record)).record;
}

export async function deletePrefix(store: ObjectStore, prefix: string): Promise<void> {
  for (;;) {
    const page = await store.list(prefix);
    if (page.items.length === 0) return;
    await forEachLimited(page.items, 16, (item) => store.delete(item.key));
    if (!page.cursor) return;
  }
}

export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
