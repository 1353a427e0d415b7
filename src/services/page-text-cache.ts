/**
 * Page OCR as search needs it to place hits on the page: the running text, its folded form and
 * where each word is. Read from storage (the compact pages/…/text.bin) once and kept for the
 * most recently used pages.
 */
import type { PageKey } from '../domain/natural-keys.ts';
import { pageId, storageKeys } from '../domain/natural-keys.ts';
import { decodePageText, encodePageText, type PackedPageText } from '../domain/page-text.ts';
import { ocrText } from '../domain/ocr-text.ts';
import type { RecordStore } from './record-store.ts';

export type PageText = PackedPageText;

export class PageTextCache {
  private readonly entries = new Map<string, Promise<PageText | null>>();

  constructor(
    private readonly records: RecordStore,
    private readonly capacity = 256,
  ) {}

  get(key: PageKey): Promise<PageText | null> {
    const id = pageId(key);
    const cached = this.entries.get(id);
    if (cached) {
      // Most recently used last.
      this.entries.delete(id);
      this.entries.set(id, cached);
      return cached;
    }
    const loading = this.load(key).catch((error: unknown) => {
      this.entries.delete(id);
      throw error;
    });
    this.entries.set(id, loading);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return loading;
  }

  /** Forget a page whose OCR was just corrected. */
  forget(key: PageKey): void {
    this.entries.delete(pageId(key));
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
