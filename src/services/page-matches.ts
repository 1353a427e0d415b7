/**
 * Where a search's terms are printed on one page: each match in the page's OCR text with the
 * pixel boxes of its characters. Search hits, the page viewer and IIIF Content Search all ask this.
 */
import { findMatches, type TextRange } from '../domain/highlight.ts';
import type { PageKey } from '../domain/natural-keys.ts';
import { boxesInRange, rangeMeetsRegions } from '../domain/page-text.ts';
import { centreWithin, type Box } from '../domain/region.ts';
import type { PageText, PageTextCache } from './page-text-cache.ts';

export interface PageMatch extends TextRange {
  boxes: Box[];
}

/** A page's text and every place in it where the terms are found, before any region is applied. */
export interface PageFinding {
  text: PageText;
  ranges: TextRange[];
}

/** A page, by its id and its key. */
export interface PrintedPage {
  id: string;
  key: PageKey;
}

/** Findings by page id; null for a page with no OCR (or whose text cannot be read). */
export type PageFindings = Map<string, PageFinding | null>;

/** The page's text searched for the terms; null when the page has no OCR (or it cannot be read). */
export async function findOnPage(pageTexts: PageTextCache, key: PageKey, terms: readonly string[]): Promise<PageFinding | null> {
  return findingIn(await pageTexts.get(key).catch(() => null), terms);
}

/** Several pages' findings at once (as a results page needs them), each page read and searched once. */
export async function findOnPages(pageTexts: PageTextCache, pages: readonly PrintedPage[], terms: readonly string[]): Promise<PageFindings> {
  const distinct = new Map(pages.map((page) => [page.id, page.key]));
  const texts = await Promise.all([...distinct].map(([id, key]) => pageTexts.get(key, id).catch(() => null)));
  const findings: PageFindings = new Map();
  let i = 0;
  for (const id of distinct.keys()) findings.set(id, findingIn(texts[i++] ?? null, terms));
  return findings;
}

function findingIn(text: PageText | null, terms: readonly string[]): PageFinding | null {
  return text && { text, ranges: terms.length === 0 ? [] : findMatches(text.folded, terms) };
}

/**
 * A finding's matches with the boxes of their characters. Given regions (an article's, on this
 * page), only the boxes whose centre lies in one are kept, and matches with none are left out.
 */
export function matchesWithin({ text, ranges }: PageFinding, regions: readonly Box[] | null = null): PageMatch[] {
  const matches: PageMatch[] = [];
  for (const range of ranges) {
    if (regions && !rangeMeetsRegions(text, range.start, range.end, regions)) continue;
    const boxes = boxesInRange(text, range.start, range.end);
    if (!regions) matches.push({ start: range.start, end: range.end, boxes });
    else {
      const inside = boxes.filter((box) => regions.some((region) => centreWithin(region, box)));
      if (inside.length > 0) matches.push({ start: range.start, end: range.end, boxes: inside });
    }
  }
  return matches;
}

/** The page's text and its matches (within the regions, when given); null when the page has no OCR. */
export async function matchesOnPage(pageTexts: PageTextCache, key: PageKey, terms: readonly string[], regions: readonly Box[] | null = null): Promise<{ text: PageText; matches: PageMatch[] } | null> {
  const finding = await findOnPage(pageTexts, key, terms);
  return finding && { text: finding.text, matches: matchesWithin(finding, regions) };
}
