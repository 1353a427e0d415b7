/**
 * Page OCR as search needs it to place hits on the page: the running text, its folded form and
 * where each word is. Read from storage (the compact pages/…/text.bin) once and kept for the
 * most recently used pages, up to a budget in bytes (pages differ a hundredfold: a notice page
 * holds a few hundred characters, a broadsheet page of small print thirty thousand).
 */
import type { PageKey } from '../domain/natural-keys.ts';
import { pageId, storageKeys } from '../domain/natural-keys.ts';
import { decodePageText, encodePageText, type PackedPageText } from '../domain/page-text.ts';
import { ocrText } from '../domain/ocr-text.ts';
import type { RecordStore } from './record-store.ts';

export type PageText = PackedPageText;

/** What the cache holds by default: ~440 broadsheet pages of 8,000 characters (~19 bytes a character). */
export const defaultPageTextCacheBytes = 64 * 1024 * 1024;

/** How the cache has done since the server started (for /metrics). */
export interface PageTextCacheStats {
  hits: number;
  misses: number;
  pages: number;
  bytes: number;
  capacityBytes: number;
}

/** What remembering that a page has no text costs (the entry itself). */
const nothingBytes = 256;

interface Entry {
  text: Promise<PageText | null>;
  /** Known once the page is read; until then it counts for nothing. */
  bytes: number;
}

export class PageTextCache {
  private readonly entries = new Map<string, Entry>();
  private heldBytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly records: RecordStore,
    private readonly capacityBytes = defaultPageTextCacheBytes,
  ) {}

  /** The page's text; `id` is the page's id when the caller has it already. */
  get(key: PageKey, id = pageId(key)): Promise<PageText | null> {
    const cached = this.entries.get(id);
    if (cached) {
      this.hits++;
      // Most recently used last.
      this.entries.delete(id);
      this.entries.set(id, cached);
      return cached.text;
    }
    this.misses++;
    const entry: Entry = { text: this.load(key), bytes: 0 };
    this.entries.set(id, entry);
    entry.text.then(
      (text) => {
        if (this.entries.get(id) !== entry) return;
        entry.bytes = text ? sizeOf(text) : nothingBytes;
        this.heldBytes += entry.bytes;
        this.evict();
      },
      () => {
        if (this.entries.get(id) === entry) this.entries.delete(id);
      },
    );
    return entry.text;
  }

  /** Forget a page whose OCR was just corrected. */
  forget(key: PageKey): void {
    const id = pageId(key);
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.heldBytes -= entry.bytes;
  }

  stats(): PageTextCacheStats {
    return { hits: this.hits, misses: this.misses, pages: this.entries.size, bytes: this.heldBytes, capacityBytes: this.capacityBytes };
  }

  /** The least recently used pages out until the rest fit (the newest always stays). */
  private evict(): void {
    for (const [id, entry] of this.entries) {
      if (this.heldBytes <= this.capacityBytes || this.entries.size <= 1) break;
      this.entries.delete(id);
      this.heldBytes -= entry.bytes;
    }
  }

  /**
   * The compact page text ingest stores; for a page stored before it, the normalized OCR laid out
   * here — and then stored as the compact text, so that this happens once per page.
   */
  private async load(key: PageKey): Promise<PageText | null> {
    const stored = await this.records.getPageText(key);
    if (stored) return stored;
    const ocr = await this.records.getPageOcr(key);
    if (!ocr) return null;
    const bytes = encodePageText(ocrText(ocr));
    void this.records.objects.put(storageKeys.pageText(key), bytes, { durable: false }).catch(() => undefined);
    return decodePageText(bytes);
  }
}

/** Memory a page text holds: the bytes read (its numbers are views into them), and its two texts at two bytes a unit. */
function sizeOf(text: PageText): number {
  return text.spans.buffer.byteLength + (text.text.length + text.folded.length) * 2;
}
