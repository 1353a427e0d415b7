/**
 * A reader's search: articles, and the pages no article has been cut from yet, in one ranked list
 * (a federated Meilisearch search), with exact totals and facets from a second, counting request.
 * Each hit comes back with the original text marked where it matched, and the pixel boxes of
 * those matches on its page(s), for the viewer and IIIF Content Search to draw.
 */
import { fold } from '../domain/fold.ts';
import { issueKeyOf, pageId, parseId, urls, type ArticleKey, type PageKey } from '../domain/natural-keys.ts';
import { boxesForRange } from '../domain/ocr-text.ts';
import type { Box, Region } from '../domain/region.ts';
import type { HitBox, SearchHit, SearchResponse } from '../domain/api-schemas.ts';

type FacetValue = SearchResponse['facets']['title'][number];
import type { ArticleDocument, PageDocument } from '../domain/search-documents.ts';
import { buildFilters, searchQuery, sortFor, type SearchParams } from '../domain/search-request.ts';
import { byteRangesToChars, markText, snippet, type CharRange } from '../domain/snippets.ts';
import type { FederatedQuery, MatchesPosition, SearchIndex, SearchQuery } from '../ports.ts';
import type { PageTextCache } from './page-text-cache.ts';
import { indexNames, retrieved } from './search-indexes.ts';
import type { TitleDirectory } from './title-directory.ts';

export interface SearchServices {
  search: SearchIndex;
  titles: TitleDirectory;
  pageTexts: PageTextCache;
  /** Names from the vocabularies, matched whole when they appear in a query. */
  knownNames(): ReadonlySet<string>;
}

const articleFacets = ['titleId', 'year', 'section', 'genre', 'subjects', 'places'];
const pageFacets = ['titleId', 'year', 'section'];
const genreLabels: Record<string, string> = { news: '消息', feature: '通讯', commentary: '评论', photo: '图片', advertisement: '广告', other: '其他' };

type ArticleHit = ArticleDocument & { _matchesPosition?: MatchesPosition };
type PageHit = PageDocument & { _matchesPosition?: MatchesPosition };

export async function runSearch(services: SearchServices, params: SearchParams): Promise<SearchResponse> {
  const started = performance.now();
  const { search } = services;
  const q = searchQuery(params.q, services.knownNames());
  const { shared, articleOnly } = buildFilters(params);
  // With no words to rank by, the newest come first.
  const sort = sortFor(params) ?? (q === '' ? ['date:desc', 'seq:asc'] : undefined);
  const articlesUid = search.indexUid(indexNames.articles);
  const pagesUid = search.indexUid(indexNames.pages);
  // Pages hold no genre, subject or place: a search filtered by one leaves them out.
  const withPages = articleOnly.length === 0;
  const base: Omit<SearchQuery, 'filter'> = { q, matchingStrategy: 'all', ...(sort ? { sort } : {}) };
  const articleQuery = { ...base, filter: [...shared, ...articleOnly] };
  const pageQuery = { ...base, filter: [...shared, 'segmented = false'] };

  const federated: FederatedQuery[] = [{ indexUid: articlesUid, ...articleQuery, showMatchesPosition: true, attributesToRetrieve: retrieved.articles }];
  if (withPages) federated.push({ indexUid: pagesUid, ...pageQuery, showMatchesPosition: true, attributesToRetrieve: retrieved.pages });
  const counts: (SearchQuery & { indexUid: string })[] = [{ indexUid: articlesUid, ...articleQuery, facets: articleFacets, page: 1, hitsPerPage: 0 }];
  if (withPages) counts.push({ indexUid: pagesUid, ...pageQuery, facets: pageFacets, page: 1, hitsPerPage: 0 });

  const [ranked, [articleCount, pageCount], titles] = await Promise.all([
    search.federatedSearch<Record<string, unknown>>(federated, { offset: (params.page - 1) * params.per, limit: params.per }),
    search.searchMany(counts),
    services.titles.all(),
  ]);
  const total = (articleCount?.totalHits ?? 0) + (pageCount?.totalHits ?? 0);
  const hits = await Promise.all(
    ranked.hits.map((hit) => (hit._federation?.indexUid === pagesUid ? pageHit(services, hit as unknown as PageHit) : articleHit(services, hit as unknown as ArticleHit))),
  );
  const distribution = mergeDistributions(articleCount?.facetDistribution, pageCount?.facetDistribution);
  const facet = (name: string, label: (value: string) => string = (value) => value): FacetValue[] =>
    Object.entries(distribution[name] ?? {})
      .map(([value, count]) => ({ value, label: label(value), count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return {
    hits,
    total,
    page: params.page,
    per: params.per,
    totalPages: Math.ceil(total / params.per),
    facets: {
      title: facet('titleId', (id) => titles.get(id)?.name ?? id),
      year: facet('year').sort((a, b) => Number(a.value) - Number(b.value)),
      section: facet('section'),
      genre: facet('genre', (value) => genreLabels[value] ?? value),
      subject: facet('subjects'),
      place: facet('places'),
    },
    took: Math.round(performance.now() - started),
  };
}

function mergeDistributions(...distributions: (Record<string, Record<string, number>> | undefined)[]): Record<string, Record<string, number>> {
  const merged: Record<string, Record<string, number>> = {};
  for (const distribution of distributions) {
    for (const [facet, values] of Object.entries(distribution ?? {})) {
      const target = (merged[facet] ??= {});
      for (const [value, count] of Object.entries(values)) target[value] = (target[value] ?? 0) + count;
    }
  }
  return merged;
}

/** Character ranges of the matches in one attribute (the folded field) of a hit. */
function matchesIn(hit: { _matchesPosition?: MatchesPosition }, attribute: string, value: string | null, index?: number): CharRange[] {
  const positions = (hit._matchesPosition?.[attribute] ?? []).filter((p) => index === undefined || p.indices === undefined || p.indices.includes(index));
  return value ? byteRangesToChars(value, positions) : [];
}

/** The distinct matched words, folded, as they occur in the folded fields. */
function matchedWords(hit: { _matchesPosition?: MatchesPosition }, fields: Record<string, string | null>): string[] {
  const words = new Set<string>();
  for (const [attribute, value] of Object.entries(fields)) {
    if (!value) continue;
    const chars = [...value];
    for (const range of matchesIn(hit, attribute, value)) words.add(chars.slice(range.start, range.end).join(''));
  }
  return [...words].filter(Boolean);
}

const isoDate = (date: number | null): string | null => (date === null ? null : `${String(date).slice(0, 4)}-${String(date).slice(4, 6)}-${String(date).slice(6, 8)}`);

async function articleHit(services: SearchServices, hit: ArticleHit): Promise<SearchHit> {
  const parsed = parseId(hit.id);
  const key = parsed?.kind === 'article' ? (parsed.key as ArticleKey) : null;
  const titleFolded = fold(hit.title);
  const textFolded = fold(hit.text);
  const words = matchedWords(hit, { titleFolded, textFolded });
  const firstPage: PageKey | null = key ? { ...issueKeyOf(key), seq: hit.seq } : null;
  return {
    id: hit.id,
    kind: 'article',
    title: markText(hit.title || '（无题）', matchesIn(hit, 'titleFolded', titleFolded)),
    titleId: hit.titleId,
    titleName: hit.titleName,
    date: isoDate(hit.date),
    page: { seq: hit.seq, label: hit.pageLabel, section: hit.section },
    snippet: snippet(hit.text, matchesIn(hit, 'textFolded', textFolded)),
    thumbnail: firstPage ? urls.thumbnail(firstPage) : '',
    url: key ? urls.article(key) : '',
    boxes: key ? await boxesOnPages(services, key, hit.pages, hit.regions, words) : [],
    reviewed: hit.status === 'reviewed' || hit.status === 'published' || hit.segmentation === 'cataloguer',
  };
}

async function pageHit(services: SearchServices, hit: PageHit): Promise<SearchHit> {
  const parsed = parseId(hit.id);
  const key = parsed?.kind === 'page' ? (parsed.key as PageKey) : null;
  const textFolded = fold(hit.text);
  const words = matchedWords(hit, { textFolded });
  const heading = [hit.label, hit.section].filter(Boolean).join(' ');
  return {
    id: hit.id,
    kind: 'page',
    title: markText(heading || `第${hit.seq}页`, []),
    titleId: hit.titleId,
    titleName: hit.titleName,
    date: isoDate(hit.date),
    page: { seq: hit.seq, label: hit.label, section: hit.section },
    snippet: snippet(hit.text, matchesIn(hit, 'textFolded', textFolded)),
    thumbnail: key ? urls.thumbnail(key) : '',
    url: key ? urls.page(key) : '',
    boxes: key ? await boxesOnPages(services, key, [key.seq], null, words) : [],
    reviewed: false,
  };
}

/**
 * Where the matched words are printed: every occurrence on each of the pages, kept to the
 * article's regions for an article.
 */
async function boxesOnPages(services: SearchServices, key: ArticleKey | PageKey, seqs: number[], regions: Region[] | null, words: string[]): Promise<HitBox[]> {
  if (words.length === 0) return [];
  const issue = issueKeyOf(key);
  const all: HitBox[] = [];
  for (const seq of seqs) {
    const pageKey: PageKey = { ...issue, seq };
    const text = await services.pageTexts.get(pageKey).catch(() => null);
    if (!text) continue;
    const within = regions?.filter((region) => region.seq === seq) ?? null;
    for (const word of words) {
      for (let at = text.folded.indexOf(word); at >= 0; at = text.folded.indexOf(word, at + word.length)) {
        for (const box of boxesForRange(text, at, at + word.length)) {
          if (within && !within.some((region) => overlaps(region, box))) continue;
          all.push({ page: pageId(pageKey), seq, ...box });
        }
      }
    }
  }
  return all;
}

function overlaps(region: Box, box: Box): boolean {
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  return cx >= region.x && cx <= region.x + region.w && cy >= region.y && cy <= region.y + region.h;
}
