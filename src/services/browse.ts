/**
 * Browsing what difang holds: titles with their coverage and counts, a title's calendar (years →
 * months → days with issues), an issue's pages, a page's articles, and single records. Counts
 * and calendars come from the index's facets; records from storage. Hidden titles are not shown.
 */
import { articleDocument, isoDateOf, pageDocument } from '../domain/search-documents.ts';
import { SearchError } from '../errors.ts';
import { membersOf } from './issue-members.ts';
import type { Article } from '../domain/article.ts';
import {
  articleId,
  issueId,
  isVolumeKey,
  pageId,
  parseId,
  urls,
  type ArticleKey,
  type IssueKey,
  type PageKey,
} from '../domain/natural-keys.ts';
import type { Region } from '../domain/region.ts';
import type { Title } from '../domain/title.ts';
import { filterValue } from '../domain/search-request.ts';
import type { SearchIndex } from '../ports.ts';
import type { ArticleSummary, ArticleViewJson, CalendarYear, IssueSummary, IssueViewJson, PageSummary, PageViewJson, TitleSummary } from '../domain/api-schemas.ts';
import type { RecordStore } from './record-store.ts';
import { indexNames } from './search-indexes.ts';
import type { TitleDirectory } from './title-directory.ts';

export interface BrowseServices {
  search: SearchIndex;
  records: RecordStore;
  titles: TitleDirectory;
}


export async function listTitles(services: BrowseServices): Promise<TitleSummary[]> {
  const { search } = services;
  const titles = [...(await services.titles.all()).values()].filter((title) => !title.hidden);
  if (titles.length === 0) return [];
  const pagesUid = search.indexUid(indexNames.pages);
  const articlesUid = search.indexUid(indexNames.articles);
  const [pageCounts, articleCounts, ...perTitle] = await search.searchMany([
    { indexUid: pagesUid, q: '', facets: ['titleId'], hitsPerPage: 0 },
    { indexUid: articlesUid, q: '', facets: ['titleId'], hitsPerPage: 0 },
    ...titles.map((title) => ({ indexUid: pagesUid, q: '', filter: `titleId = ${filterValue(title.key.title)}`, facets: ['date', 'issueId'], hitsPerPage: 0 })),
  ]);
  return titles
    .map((title, i) => {
      const stats = perTitle[i]?.facetStats?.date;
      return {
        id: title.key.title,
        name: title.name,
        kind: title.kind,
        place: title.place ?? null,
        coverage: stats ? { from: isoDateOf(stats.min)!, to: isoDateOf(stats.max)! } : null,
        issues: Object.keys(perTitle[i]?.facetDistribution?.issueId ?? {}).length,
        pages: pageCounts?.facetDistribution?.titleId?.[title.key.title] ?? 0,
        articles: articleCounts?.facetDistribution?.titleId?.[title.key.title] ?? 0,
        url: urls.title(title.key.title),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/** A public title, or null when it does not exist or is withheld. */
export async function publicTitle(services: BrowseServices, id: string): Promise<Title | null> {
  const title = await services.titles.get(id);
  return title && !title.hidden ? title : null;
}

/** Every issue (or volume) of a title with its page count, from the index. */
export async function issuesOf(services: BrowseServices, titleId: string, year?: number): Promise<IssueSummary[]> {
  const { search } = services;
  const filter = [`titleId = ${filterValue(titleId)}`, ...(year !== undefined ? [`year = ${year}`] : [])];
  const result = await search.search(search.indexUid(indexNames.pages), { q: '', filter, facets: ['issueId'], hitsPerPage: 0 });
  return Object.entries(result.facetDistribution?.issueId ?? {})
    .map(([id, pages]) => {
      const parsed = parseId(id);
      if (!parsed || parsed.kind !== 'issue') return null;
      const key = parsed.key;
      return {
        id,
        date: isVolumeKey(key) ? null : key.date,
        edition: isVolumeKey(key) ? null : key.edition,
        volume: isVolumeKey(key) ? key.volume : null,
        pages,
        url: urls.issue(key),
      };
    })
    .filter((issue): issue is IssueSummary => issue !== null)
    .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || (a.edition ?? 0) - (b.edition ?? 0) || (a.volume ?? 0) - (b.volume ?? 0));
}

/** Years → months → days that have issues (for the calendar). */
export async function calendar(services: BrowseServices, titleId: string): Promise<CalendarYear[]> {
  const issues = (await issuesOf(services, titleId)).filter((issue) => issue.date !== null);
  const years = new Map<number, CalendarYear>();
  for (const issue of issues) {
    const [year, month, day] = issue.date!.split('-').map(Number) as [number, number, number];
    const entry = years.get(year) ?? { year, issues: 0, months: [] };
    years.set(year, entry);
    entry.issues++;
    let monthEntry = entry.months.find((m) => m.month === month);
    if (!monthEntry) entry.months.push((monthEntry = { month, days: [] }));
    let dayEntry = monthEntry.days.find((d) => d.day === day);
    if (!dayEntry) monthEntry.days.push((dayEntry = { day, issues: [] }));
    dayEntry.issues.push(issue);
  }
  return [...years.values()].sort((a, b) => a.year - b.year);
}

export async function issueView(services: BrowseServices, key: IssueKey): Promise<IssueViewJson | null> {
  const title = await publicTitle(services, key.title);
  if (!title) return null;
  const { search } = services;
  const filter = `issueId = ${filterValue(issueId(key))}`;
  const found = await search
    .searchMany<Record<string, unknown>>([
    { indexUid: search.indexUid(indexNames.pages), q: '', filter, sort: ['seq:asc'], hitsPerPage: 1000, attributesToRetrieve: ['id', 'seq', 'label', 'section', 'hasText'] },
    { indexUid: search.indexUid(indexNames.articles), q: '', filter, sort: ['seq:asc'], hitsPerPage: 1000, attributesToRetrieve: ['id', 'title', 'seq', 'pages', 'regions', 'status'] },
    ])
    .catch((error: unknown) => {
      if (error instanceof SearchError && (error.code === 'unavailable' || error.code === 'timeout')) return null;
      throw error;
    });
  if (!found) return issueViewFromStorage(services, key, title);
  const [pages, articles] = found;
  if (!pages || pages.hits.length === 0) return null;
  const issues = await issuesOf(services, key.title);
  const at = issues.findIndex((issue) => issue.id === issueId(key));
  return {
    title,
    issue: (await services.records.getIssue(key))?.record ?? null,
    id: issueId(key),
    pages: pages.hits.map((hit) => pageSummary(hit as unknown as { id: string; seq: number; label: string | null; section: string | null; hasText: boolean })),
    articles: (articles?.hits ?? []).map((hit) => articleSummary(hit as unknown as { id: string; title: string; seq: number; pages: number[]; regions: Region[]; status: Article['status'] })),
    previous: at > 0 ? issues[at - 1]! : null,
    next: at >= 0 && at < issues.length - 1 ? issues[at + 1]! : null,
  };
}

/**
 * The same view read from storage alone, for while search is down: the pages and articles of the
 * issue from their records (summarised as their index documents would be), without the
 * neighbouring issues, which only the index lists cheaply.
 */
async function issueViewFromStorage(services: BrowseServices, key: IssueKey, title: Title): Promise<IssueViewJson | null> {
  const { records } = services;
  const { seqs, articles: numbers } = await membersOf(records.objects, key);
  if (seqs.length === 0) return null;
  const issue = (await records.getIssue(key))?.record ?? null;
  const pages = (await Promise.all(seqs.map((seq) => records.getPage({ ...key, seq } as PageKey)))).flatMap((stored) => (stored ? [stored.record] : []));
  const articles = (await Promise.all(numbers.map((article) => records.getArticle({ ...key, article } as ArticleKey)))).flatMap((stored) => (stored ? [stored.record] : []));
  return {
    title,
    issue,
    id: issueId(key),
    pages: pages.map((page) => pageSummary(pageDocument(title, issue, page, ''))),
    articles: articles.map((article) => articleSummary(articleDocument(title, issue, article, pages))).sort((a, b) => a.seq - b.seq),
    previous: null,
    next: null,
  };
}

function pageSummary(hit: { id: string; seq: number; label: string | null; section: string | null; hasText: boolean }): PageSummary {
  const parsed = parseId(hit.id);
  const key = parsed?.kind === 'page' ? (parsed.key as PageKey) : null;
  return {
    id: hit.id,
    seq: hit.seq,
    label: hit.label,
    section: hit.section,
    hasText: hit.hasText,
    thumbnail: key ? urls.thumbnail(key) : '',
    url: key ? urls.page(key) : '',
  };
}

function articleSummary(hit: { id: string; title: string; seq: number; pages: number[]; regions: Region[]; status: Article['status'] }): ArticleSummary {
  const parsed = parseId(hit.id);
  return {
    id: hit.id,
    title: hit.title,
    seq: hit.seq,
    pages: hit.pages,
    regions: hit.regions,
    status: hit.status,
    url: parsed?.kind === 'article' ? urls.article(parsed.key as ArticleKey) : '',
  };
}

/** A page with its articles, and links to the neighbouring pages and issues (for the viewer). */
export async function pageView(services: BrowseServices, key: PageKey): Promise<PageViewJson | null> {
  const view = await issueView(services, key);
  const page = view ? (await services.records.getPage(key))?.record : null;
  if (!view || !page) return null;
  const seqs = view.pages.map((p) => p.seq);
  const at = seqs.indexOf(key.seq);
  const firstPageOf = (issue: IssueSummary | null): string | null => (issue ? `${issue.url}/seq-1` : null);
  return {
    title: view.title,
    issue: view.issue,
    page,
    id: pageId(key),
    articles: view.articles.filter((article) => article.pages.includes(key.seq)),
    previousPage: at > 0 ? urls.page({ ...key, seq: seqs[at - 1]! }) : null,
    nextPage: at >= 0 && at < seqs.length - 1 ? urls.page({ ...key, seq: seqs[at + 1]! }) : null,
    previousIssue: firstPageOf(view.previous),
    nextIssue: firstPageOf(view.next),
    iiif: { image: urls.iiifImage(key), manifest: urls.iiifManifest(key) },
    thumbnail: urls.thumbnail(key),
  };
}

export async function articleView(services: BrowseServices, key: ArticleKey): Promise<ArticleViewJson | null> {
  const title = await publicTitle(services, key.title);
  const article = title ? (await services.records.getArticle(key))?.record : null;
  if (!title || !article) return null;
  const seqs = [...new Set(article.regions.map((region) => region.seq))];
  const pages = (await Promise.all(seqs.map((seq) => services.records.getPage({ ...key, seq })))).filter((p) => p !== null).map((p) => p.record);
  return { title, issue: (await services.records.getIssue(key))?.record ?? null, article, id: articleId(key), pages };
}
