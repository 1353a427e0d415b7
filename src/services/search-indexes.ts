/**
 * The two Meilisearch indexes and their settings: `articles` (what readers search and cite) and
 * `pages` (page OCR, for pages not yet segmented). Settings are explicit; nothing is left to
 * Meilisearch's defaults that matters to readers.
 * @see https://www.meilisearch.com/docs/reference/api/settings
 */
import type { IndexSettings, SearchIndex } from '../ports.ts';

export const indexNames = { articles: 'articles', pages: 'pages' } as const;
export type IndexName = keyof typeof indexNames;

const sharedFilterable = ['titleId', 'issueId', 'hidden', 'date', 'year', 'decade', 'edition', 'volume', 'seq', 'section'];

export const indexSettings: Record<IndexName, IndexSettings> = {
  articles: {
    searchableAttributes: ['title', 'kicker', 'subtitle', 'subjects', 'keywords', 'persons', 'places', 'organizations', 'column', 'text'],
    filterableAttributes: [...sharedFilterable, 'pages', 'genre', 'subjects', 'places', 'persons', 'organizations', 'status', 'segmentation'],
    sortableAttributes: ['date', 'seq'],
    displayedAttributes: ['*'],
    localizedAttributes: [{ attributePatterns: ['title', 'kicker', 'subtitle', 'text', 'column'], locales: ['cmn'] }],
    pagination: { maxTotalHits: 100_000 },
    faceting: { maxValuesPerFacet: 500 },
  },
  pages: {
    searchableAttributes: ['text', 'section', 'label'],
    filterableAttributes: [...sharedFilterable, 'hasText', 'ocrStatus'],
    sortableAttributes: ['date', 'seq'],
    displayedAttributes: ['*'],
    localizedAttributes: [{ attributePatterns: ['text', 'section'], locales: ['cmn'] }],
    pagination: { maxTotalHits: 100_000 },
    faceting: { maxValuesPerFacet: 500 },
  },
};

/** Creates both indexes if needed and applies their settings. */
export async function ensureSearchIndexes(search: SearchIndex): Promise<void> {
  for (const name of Object.keys(indexNames) as IndexName[]) {
    await search.ensureIndex(search.indexUid(name), { primaryKey: 'id', settings: indexSettings[name] });
  }
}
