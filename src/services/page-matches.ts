/**
 * Where a search's terms are printed on one page: each match in the page's OCR text with the
 * pixel boxes of its characters. Search hits, the page viewer and IIIF Content Search all ask this.
 */
import { findMatches, type TextRange } from '../domain/highlight.ts';
import type { PageKey } from '../domain/natural-keys.ts';
import { boxesInRange } from '../domain/page-text.ts';
import type { Box } from '../domain/region.ts';
import type { PageText, PageTextCache } from './page-text-cache.ts';

export interface PageMatch extends TextRange {
  boxes: Box[];
}

/** The page's text and its matches; null when the page has no OCR (or it cannot be read). */
export async function matchesOnPage(pageTexts: PageTextCache, key: PageKey, terms: readonly string[]): Promise<{ text: PageText; matches: PageMatch[] } | null> {
  const text = await pageTexts.get(key).catch(() => null);
  if (!text) return null;
  const matches = terms.length === 0 ? [] : findMatches(text.folded, terms).map((range) => ({ ...range, boxes: boxesInRange(text, range.start, range.end) }));
  return { text, matches };
}
