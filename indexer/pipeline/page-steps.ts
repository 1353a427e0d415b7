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
import { ocrText } from '../../src/domain/ocr-text.ts';
import { normalizeOcrText } from '../../src/domain/ideographs.ts';
import { encodePageText } from '../../src/domain/page-text.ts';
import type { Page } from '../../src/domain/page.ts';
import type { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import type { ObjectStore } from '../../src/ports.ts';
import { keysUnder } from '../../src/services/keys-under.ts';
import type { RecordOf, Stored } from '../../src/services/record-store.ts';
import { StorageError } from '../../src/errors.ts';
import { thumbnailFile, writeTiles } from '../images/derivatives.ts';
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
export function existingPage(ctx: IngestContext, key: PageKey): Promise<Stored<Page> | { corruptEtag: string } | null> {
  return existingRecord(ctx, 'page', storageKeys.page(key));
}

/**
 * A record the batch defines, as stored: null when absent; `{ corruptEtag }` when what is stored
 * cannot be read back (a storage server that died mid-write, a half-synced copy) — reported, and
 * the batch writes its record over exactly that object.
 */
export async function existingRecord<K extends 'title' | 'issue' | 'page' | 'article'>(ctx: IngestContext, kind: K, storageKey: string): Promise<Stored<RecordOf<K>> | { corruptEtag: string } | null> {
  try {
    return await ctx.records.read(kind, storageKey);
  } catch (error) {
    if (!(error instanceof StorageError) || error.code !== 'corrupt') throw error;
    ctx.logger.log('warn', 'ingest.corrupt_record_replaced', { key: storageKey, reason: error.message });
    const head = await ctx.store.head(storageKey);
    return head ? { corruptEtag: head.etag } : null;
  }
}

/** Derivatives made on local disk, not yet stored. */
export interface PreparedDerivatives {
  folder: string;
  /** Tile and info.json paths relative to `folder`, "{identifier}/…". */
  files: string[];
  thumbnail: Buffer;
  discard(): Promise<void>;
}

/**
 * Decodes the whole image into tiles and a thumbnail on local disk first: a truncated or corrupt
 * image fails here, before anything in storage is touched.
 */
export async function prepareDerivatives(ctx: IngestContext, key: PageKey, image: PageImage): Promise<PreparedDerivatives> {
  const folder = join(ctx.scratch, `${pageId(key)}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  await mkdir(folder, { recursive: true });
  const discard = () => rm(folder, { recursive: true, force: true });
  try {
    const files = await writeTiles(image, folder, pageId(key), `${ctx.publicBaseUrl}/iiif/3`);
    const whole = thumbnailFile(files);
    if (!whole) throw new Error(`no whole-page image among the tiles of ${pageId(key)}`);
    const thumbnail = await readFile(join(folder, whole));
    return { folder, files, thumbnail, discard };
  } catch (error) {
    await discard();
    throw error;
  }
}

/**
 * Stores prepared tiles over the old ones, then removes old tiles the new image does not have
 * (another size), so readers never meet a page without tiles; then the thumbnail.
 */
export async function storeDerivatives(ctx: IngestContext, key: PageKey, prepared: PreparedDerivatives, replacing: boolean): Promise<void> {
  try {
    const movable = ctx.store as ObjectStore & Partial<Pick<FsObjectStore, 'putLocalFile'>>;
    await forEachLimited(prepared.files, 16, async (file) => {
      const local = join(prepared.folder, file);
      // A folder store takes the tile files by renaming them (no copy); other stores get the bytes.
      if (movable.putLocalFile) await movable.putLocalFile(`iiif/${file}`, local);
      else await ctx.store.put(`iiif/${file}`, await readFile(local), { durable: false });
    });
    if (replacing) {
      const current = new Set(prepared.files.map((file) => `iiif/${file}`));
      const stale: string[] = [];
      for await (const item of keysUnder(ctx.store, `${storageKeys.iiifImage(key)}/`)) if (!current.has(item)) stale.push(item);
      await forEachLimited(stale, 16, (item) => ctx.store.delete(item));
    }
    await ctx.store.put(storageKeys.pageThumbnail(key), prepared.thumbnail, { durable: false });
  } finally {
    await prepared.discard();
  }
}

export async function storeOcr(ctx: Pick<IngestContext, 'store'>, key: PageKey, ocr: PageOcr | null, source: { bytes: Uint8Array; extension: string } | null): Promise<void> {
  if (source) await ctx.store.put(storageKeys.pageOcrSource(key, source.extension), source.bytes);
  if (ocr) {
    // Radical and other look-alike code points become the characters they stand for in what is
    // stored and indexed; the delivered file above keeps them.
    const normalized = normalizeOcrText(ocr);
    await ctx.store.put(storageKeys.pageOcr(key), JSON.stringify(normalized));
    await ctx.store.put(storageKeys.pageText(key), encodePageText(ocrText(normalized)), { durable: false });
  } else {
    await ctx.store.delete(storageKeys.pageOcr(key));
    await ctx.store.delete(storageKeys.pageText(key));
  }
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
  if ('corruptEtag' in previous) return (await ctx.records.replaceUnreadable('page', previous.corruptEtag, record)).record;
  return (await ctx.records.replace('page', previous, record)).record;
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
