/**
 * A reader's search: articles, and the pages no article has been cut from yet, in one ranked list
 * (a federated Meilisearch search), with exact totals and facets from a second, counting request.
 * Each hit comes back with the original text marked where it matched, and the pixel boxes of
 * those matches on its page(s), for the viewer and IIIF Content Search to draw.
 */
import { foldAligned } from '../domain/fold.ts';
import { findMatches, highlightTerms } from '../domain/highlight.ts';
import { issueKeyOf, pageId, parseId, urls, type ArticleKey, type PageKey } from '../domain/natural-keys.ts';
import type { Region } from '../domain/region.ts';
import type { HitBox, SearchHit, SearchResponse } from '../domain/api-schemas.ts';
import { isoDateOf } from '../domain/search-documents.ts';
import { buildFilters, dateBound, searchQuery, sortFor, type SearchParams } from '../domain/search-request.ts';
import { markText, snippet } from '../domain/snippets.ts';
import { genres } from '../domain/article.ts';
import type { SearchIndex, SearchQuery } from '../ports.ts';
import type { PageTextCache } from './page-text-cache.ts';
import { findOnPages, matchesWithin, type PageFindings, type PrintedPage } from './page-matches.ts';
import { indexNames, retrieved, type ArticleHitFields, type PageHitFields } from './search-indexes.ts';
import type { TitleDirectory } from './title-directory.ts';

export interface SearchServices {
  search: SearchIndex;
  titles: TitleDirectory;
  pageTexts: PageTextCache;
  /** Names from the vocabularies, matched whole when they appear in a query. */
  knownNames(): ReadonlySet<string>;
  /** Synonyms given to Meilisearch, so that what they matched is marked too. */
  synonyms(): Record<string, string[]>;
}

const articleFacets = ['titleId', 'year', 'section', 'genre', 'subjects', 'places'];
const pageFacets = ['titleId', 'year', 'section'];
const genreLabels: Record<string, string> = genres;

type FacetValue = SearchResponse['facets']['title'][number];
type ArticleHit = ArticleHitFields;
type PageHit = PageHitFields;

/**
 * The one Meilisearch request a search makes: a multi-search with a query per index, each asking
 * for its first page × per hits (with ranking scores), exact totals and facets. Measured here:
 * Meilisearch's own federated search would merge the two lists but costs about 6 ms more per
 * request, whatever the index size; its match positions cost 20 ms and more on long page texts,
 * so difang finds the matches itself (domain/highlight.ts).
 */
export function plannedQueries(params: SearchParams, knownNames: ReadonlySet<string>, uids: { articles: string; pages: string }, matchingStrategy: 'all' | 'last' = 'all') {
  const q = searchQuery(params.q, knownNames);
  const { shared, articleOnly } = buildFilters(params);
  // With no words to rank by, the newest come first.
  // One day asked for (an issue's worth): its pages and articles in printed order. No words to rank by: newest first.
  const oneDay = params.from !== undefined && params.to !== undefined && dateBound(params.from, 'first') === dateBound(params.to, 'last');
  const sort = sortFor(params) ?? (oneDay ? ['date:asc', 'seq:asc'] : q === '' ? ['date:desc', 'seq:asc'] : undefined);
  const depth = params.page * params.per;
  const base = { q, matchingStrategy, page: 1, hitsPerPage: depth, showRankingScore: true, ...(sort ? { sort } : {}) };
  const queries: (SearchQuery & { indexUid: string })[] = [
    { indexUid: uids.articles, ...base, filter: [...shared, ...articleOnly], facets: articleFacets, attributesToRetrieve: retrieved.articles },
  ];
  // Pages hold no genre, subject or place: a search filtered by one leaves them out.
  if (articleOnly.length === 0) queries.push({ indexUid: uids.pages, ...base, filter: [...shared, 'segmented = false'], facets: pageFacets, attributesToRetrieve: retrieved.pages });
  return { queries, sort };
}

type RankedHit = Record<string, unknown> & { _rankingScore?: number; date?: number | null; seq?: number };
type TaggedHit = { kind: 'article'; hit: ArticleHit & RankedHit } | { kind: 'page'; hit: PageHit & RankedHit };

/** Two ranked lists into one: by the requested order (date, page), else by relevance score. */
function mergeRanked(lists: TaggedHit[][], sort: string[] | undefined): TaggedHit[] {
  const all = lists.flat();
  const direction = sort?.[0]?.endsWith(':desc') ? -1 : 1;
  return all.sort(({ hit: a }, { hit: b }) => {
    if (sort) {
      const byDate = ((a.date ?? 0) - (b.date ?? 0)) * direction;
      if (byDate !== 0) return byDate;
      const bySeq = (a.seq ?? 0) - (b.seq ?? 0);
      if (bySeq !== 0) return bySeq;
    }
    return (b._rankingScore ?? 0) - (a._rankingScore ?? 0);
  });
}

export async function runSearch(services: SearchServices, params: SearchParams): Promise<SearchResponse> {
  const started = performance.now();
  const { search } = services;
  const uids = { articles: search.indexUid(indexNames.articles), pages: search.indexUid(indexNames.pages) };
  const { queries, sort } = plannedQueries(params, services.knownNames(), uids);
  const [exact, titles] = await Promise.all([searchEither(services, params, uids, queries), services.titles.all()]);
  // Nothing has every word (a character misread or mistyped — 书香小成 for 书香小城): the near
  // misses, matching the first words and dropping the last ones (Meilisearch's own default), are
  // offered as such, labelled 近似结果, never mixed into exact hits.
  const tryNear = totalOf(exact) === 0 && [...params.q.replace(/[\s"“”「」『』]/g, '')].length >= 3;
  const [articleResult, pageResult] = tryNear ? await search.searchMany<RankedHit>(plannedQueries(params, services.knownNames(), uids, 'last').queries) : exact;
  const total = (articleResult?.totalHits ?? 0) + (pageResult?.totalHits ?? 0);
  const approximate = tryNear && total > 0;
  const tagged: TaggedHit[][] = [
    (articleResult?.hits ?? []).map((hit) => ({ kind: 'article', hit: hit as unknown as ArticleHit & RankedHit })),
    (pageResult?.hits ?? []).map((hit) => ({ kind: 'page', hit: hit as unknown as PageHit & RankedHit })),
  ];
  const pageOfHits = mergeRanked(tagged, sort).slice((params.page - 1) * params.per, params.page * params.per);
  const terms = highlightTerms(params.q, services.synonyms());
  const located = pageOfHits.map(locate);
  // Every page the hits lie on, read and searched once, then the hits made from them. A page hit's
  // text comes from its page too (it is the text indexed); an article's page is read only to place
  // its matches.
  const findings = await findOnPages(services.pageTexts, located.flatMap((entry) => (entry.kind === 'page' || terms.length > 0 ? entry.pages : [])), terms);
  const hits = located.map((entry) => (entry.kind === 'page' ? pageHit(entry, findings) : articleHit(entry, findings, terms)));
  const distribution = mergeDistributions(articleResult?.facetDistribution, pageResult?.facetDistribution);
  const facet = (name: string, label: (value: string) => string = (value) => value): FacetValue[] =>
    [...(distribution.get(name) ?? [])]
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
    approximate,
  };
}

const totalOf = (results: readonly { totalHits?: number }[]): number => results.reduce((sum, result) => sum + (result.totalHits ?? 0), 0);

type IndexResult = Awaited<ReturnType<SearchServices['search']['searchMany']>>[number];

/**
 * A query with OR between its parts (周恩来 OR 图书馆) is each part asked on its own, the hits of
 * all put together — each once, at its best score — with their counts added up as facets. The
 * total is exact when every part's hits fitted in what was asked for; otherwise it counts a record
 * found by two parts twice. Without OR, the query as it is.
 */
async function searchEither(services: SearchServices, params: SearchParams, uids: { articles: string; pages: string }, queries: ReturnType<typeof plannedQueries>['queries']): Promise<IndexResult[]> {
  const parts = params.q.split(/\s+OR\s+/).map((part) => part.trim()).filter(Boolean);
  if (parts.length < 2) return services.search.searchMany<RankedHit>(queries);
  const planned = parts.map((q) => plannedQueries({ ...params, q }, services.knownNames(), uids).queries);
  const answers = await services.search.searchMany<RankedHit>(planned.flat());
  const perPart = planned[0]!.length;
  return Array.from({ length: perPart }, (_, index) => {
    const results = parts.map((_, p) => answers[p * perPart + index]!);
    const best = new Map<string, RankedHit>();
    let missed = 0;
    for (const result of results) {
      for (const hit of result.hits as RankedHit[]) {
        const seen = best.get(String(hit.id));
        if (!seen || (hit._rankingScore ?? 0) > (seen._rankingScore ?? 0)) best.set(String(hit.id), hit);
      }
      missed += Math.max(0, (result.totalHits ?? 0) - result.hits.length);
    }
    const hits = [...best.values()].sort((a, b) => (b._rankingScore ?? 0) - (a._rankingScore ?? 0));
    const facetDistribution: Record<string, Record<string, number>> = {};
    for (const [facet, values] of mergeDistributions(...results.map((result) => result.facetDistribution))) facetDistribution[facet] = Object.fromEntries(values);
    return { ...results[0]!, hits, totalHits: best.size + missed, facetDistribution };
  });
}

/** Facet counts of both indexes added up, value by value. */
function mergeDistributions(...distributions: (Record<string, Record<string, number>> | undefined)[]): Map<string, Map<string, number>> {
  const merged = new Map<string, Map<string, number>>();
  for (const distribution of distributions) {
    for (const facet in distribution) {
      let target = merged.get(facet);
      if (!target) merged.set(facet, (target = new Map()));
      const values = distribution[facet]!;
      for (const value in values) target.set(value, (target.get(value) ?? 0) + values[value]!);
    }
  }
  return merged;
}

/** A hit with the natural key its id stands for (null when it stands for none) and the pages it is printed on. */
type LocatedHit = ({ kind: 'article'; hit: ArticleHit; key: ArticleKey | null } | { kind: 'page'; hit: PageHit; key: PageKey | null }) & { pages: PrintedPage[] };

const printed = (key: PageKey): PrintedPage => ({ id: pageId(key), key });

function locate(entry: TaggedHit): LocatedHit {
  const parsed = parseId(entry.hit.id);
  if (entry.kind === 'page') {
    const key = parsed?.kind === 'page' ? (parsed.key as PageKey) : null;
    return { ...entry, key, pages: key ? [printed(key)] : [] };
  }
  const key = parsed?.kind === 'article' ? (parsed.key as ArticleKey) : null;
  const issue = key && issueKeyOf(key);
  return { ...entry, key, pages: issue ? entry.hit.pages.map((seq) => printed({ ...issue, seq })) : [] };
}

function articleHit(entry: LocatedHit & { kind: 'article' }, findings: PageFindings, terms: string[]): SearchHit {
  const { hit, key } = entry;
  const firstPage = key ? ({ ...issueKeyOf(key), seq: hit.seq } satisfies PageKey) : null;
  return {
    id: hit.id,
    kind: 'article',
    title: hit.title ? markText(hit.title, findMatches(foldAligned(hit.title), terms)) : '（无题）',
    titleId: hit.titleId,
    titleName: hit.titleName,
    date: isoDateOf(hit.date),
    page: { seq: hit.seq, label: hit.pageLabel, section: hit.section },
    snippet: snippet(hit.text, findMatches(foldAligned(hit.text), terms)),
    thumbnail: firstPage ? urls.thumbnail(firstPage) : '',
    url: key ? urls.article(key) : '',
    boxes: boxesOnPages(entry.pages, findings, hit.regions),
    reviewed: hit.status === 'reviewed' || hit.status === 'published' || hit.segmentation === 'cataloguer',
  };
}

function pageHit(entry: LocatedHit & { kind: 'page' }, findings: PageFindings): SearchHit {
  const { hit, key } = entry;
  const finding = entry.pages[0] && findings.get(entry.pages[0].id);
  const heading = [hit.label, hit.section].filter(Boolean).join(' ');
  return {
    id: hit.id,
    kind: 'page',
    title: markText(heading || `第${hit.seq}页`, []),
    titleId: hit.titleId,
    titleName: hit.titleName,
    date: isoDateOf(hit.date),
    page: { seq: hit.seq, label: hit.label, section: hit.section },
    snippet: finding ? snippet(finding.text.text, finding.ranges) : '',
    thumbnail: key ? urls.thumbnail(key) : '',
    url: key ? urls.page(key) : '',
    boxes: boxesOnPages(entry.pages, findings, null),
    reviewed: false,
  };
}

/**
 * Where the matched words are printed: every occurrence on each of the pages, kept to the
 * article's regions for an article.
 */
function boxesOnPages(pages: PrintedPage[], findings: PageFindings, regions: Region[] | null): HitBox[] {
  const boxes: HitBox[] = [];
  for (const { id: page, key } of pages) {
    const finding = findings.get(page);
    if (!finding) continue;
    const seq = key.seq;
    for (const match of matchesWithin(finding, regions?.filter((region) => region.seq === seq) ?? null)) {
      for (const { x, y, w, h } of match.boxes) boxes.push({ page, seq, x, y, w, h });
    }
  }
  return boxes;
}
