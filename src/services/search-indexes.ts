/**
 * The two Meilisearch indexes and their settings: `articles` (what readers search and cite) and
 * `pages` (page OCR, for pages not yet segmented into articles). Readers' text is matched in its
 * folded form only (see domain/fold.ts); what is shown is the original.
 *
 * Typo tolerance stays on for Latin text, but does nothing for Chinese: Meilisearch counts a
 * word's length in characters and allows a typo only from 5 characters on, and Chinese words are
 * 1–4 characters. Proximity stays at word precision: measured here, "byAttribute" indexes twice
 * as fast but then matches phrases ("清远市图书馆") whose words are merely in the same field.
 * @see https://www.meilisearch.com/docs/reference/api/settings
 */
import { fold } from '../domain/fold.ts';
import { placeNameSynonyms } from '../domain/data/place-name-synonyms.ts';
import type { ArticleDocument, PageDocument } from '../domain/search-documents.ts';
import type { IndexSettings, SearchIndex } from '../ports.ts';

export const indexNames = { articles: 'articles', pages: 'pages' } as const;
export type IndexName = keyof typeof indexNames;

/** What the library's vocabularies add to the indexes. */
export interface SearchVocabulary {
  /** Names to keep as one word where Chinese word segmentation would cut them into characters. */
  dictionary: string[];
  /** Groups of names that mean the same place (番禺县 = 番禺区), folded. */
  synonyms: Record<string, string[]>;
}

/** Synonyms for every group of names: each name leads to all the others. */
export function synonymsOf(groups: readonly (readonly string[])[]): Record<string, string[]> {
  const synonyms: Record<string, Set<string>> = {};
  for (const group of groups) {
    const names = [...new Set(group.map(fold))];
    for (const name of names) for (const other of names) if (other !== name) (synonyms[name] ??= new Set()).add(other);
  }
  return Object.fromEntries(Object.entries(synonyms).map(([name, others]) => [name, [...others].sort()]));
}

export const builtInVocabulary: SearchVocabulary = {
  dictionary: [],
  synonyms: synonymsOf(placeNameSynonyms.map((group) => group.names)),
};

const shared = {
  // Facets are filtered by their folded values (section=要聞 is section 要闻), shown as printed.
  filterable: ['id', 'titleId', 'issueId', 'hidden', 'date', 'year', 'decade', 'monthDay', 'edition', 'volume', 'seq', 'section', 'sectionFolded'],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnNumbers: true },
  pagination: { maxTotalHits: 10_000_000 },
  faceting: { maxValuesPerFacet: 500, sortFacetValuesBy: { '*': 'count', year: 'alpha', decade: 'alpha' } },
  proximityPrecision: 'byWord',
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
};

const articleHitFields = ['id', 'titleId', 'titleName', 'date', 'seq', 'pages', 'pageLabel', 'section', 'title', 'text', 'status', 'segmentation', 'regions'] as const satisfies readonly (keyof ArticleDocument)[];
// A page's text comes from storage, with the boxes of its words (page-text-cache.ts).
const pageHitFields = ['id', 'titleId', 'titleName', 'date', 'seq', 'label', 'section'] as const satisfies readonly (keyof PageDocument)[];

/** An article as a search gets it back: only the fields asked for. */
export type ArticleHitFields = Pick<ArticleDocument, (typeof articleHitFields)[number]>;
/** A page as a search gets it back. */
export type PageHitFields = Pick<PageDocument, (typeof pageHitFields)[number]>;

/**
 * What a search asks back (attributesToRetrieve): what a hit shows and the merge of the two
 * lists sorts by, nothing more. Subjects, names, the folded and pinyin fields and the rest stay
 * in the index: sending, transferring and parsing them for every hit cost time and showed nothing.
 */
export const retrieved: Record<IndexName, string[]> = { articles: [...articleHitFields], pages: [...pageHitFields] };

export function indexSettings(vocabulary: SearchVocabulary = builtInVocabulary): Record<IndexName, IndexSettings> {
  const words = { dictionary: vocabulary.dictionary.map(fold), synonyms: vocabulary.synonyms };
  return {
    articles: {
      // In order of weight: headline, then subject terms, then names, then the text.
      searchableAttributes: [
        'titleFolded',
        'kickerFolded',
        'subtitleFolded',
        'subjectsFolded',
        'keywordsFolded',
        'personsFolded',
        'placesFolded',
        'organizationsFolded',
        'columnFolded',
        'textFolded',
        'ocrTextFolded',
        'titleNameFolded',
        'pinyin',
        'numbers',
      ],
      displayedAttributes: ['*'],
      filterableAttributes: [...shared.filterable, 'pages', 'genre', 'subjects', 'subjectsFolded', 'places', 'placesFolded', 'persons', 'personsFolded', 'organizations', 'organizationsFolded', 'clc', 'status', 'segmentation', 'updated', 'workStatus', 'workReturned', 'workBy'],
      sortableAttributes: ['date', 'seq', 'updated', 'workUpdated', 'monthDay'],
      localizedAttributes: [{ attributePatterns: ['*Folded'], locales: ['cmn'] }],
      typoTolerance: shared.typoTolerance,
      pagination: shared.pagination,
      faceting: shared.faceting,
      proximityPrecision: shared.proximityPrecision,
      rankingRules: shared.rankingRules,
      ...words,
    },
    pages: {
      searchableAttributes: ['textFolded', 'sectionFolded', 'titleNameFolded', 'pinyin', 'numbers'],
      // Browsing counts a title's issues from this index's issueId facet: room for every issue.
      displayedAttributes: ['*'],
      filterableAttributes: [...shared.filterable, 'hasText', 'ocrStatus', 'segmented'],
      sortableAttributes: ['date', 'seq'],
      localizedAttributes: [{ attributePatterns: ['*Folded'], locales: ['cmn'] }],
      typoTolerance: shared.typoTolerance,
      pagination: shared.pagination,
      faceting: { ...shared.faceting, maxValuesPerFacet: 100_000 },
      proximityPrecision: shared.proximityPrecision,
      rankingRules: shared.rankingRules,
      ...words,
    },
  };
}

/** Creates both indexes if needed and applies their settings (Meilisearch skips what is unchanged). */
export async function ensureSearchIndexes(search: SearchIndex, vocabulary: SearchVocabulary = builtInVocabulary): Promise<void> {
  const settings = indexSettings(vocabulary);
  for (const name of Object.keys(indexNames) as IndexName[]) {
    await search.ensureIndex(search.indexUid(name), { primaryKey: 'id', settings: settings[name] });
  }
}
