/**
 * The articles of a selection, in a stable order (last changed first to last, then date and 版次),
 * a page at a time: ids from the index, records from storage. Exports stream through them and
 * OAI-PMH pages through them, so memory stays the size of one page whatever the total.
 */
import type { ArticleKey, IssueKey, PageKey } from '../domain/natural-keys.ts';
import { issueKeyOf, issuePath, parseId, urls } from '../domain/natural-keys.ts';
import type { ExportRecord } from '../domain/export/export-record.ts';
import { selectionFilter, type ExportSelection } from '../domain/export/selection.ts';
import type { Issue } from '../domain/issue.ts';
import type { Page } from '../domain/page.ts';
import type { Title } from '../domain/title.ts';
import { pagesOfArticle } from '../domain/article.ts';
import type { SearchIndex } from '../ports.ts';
import type { RecordStore } from './record-store.ts';
import { indexNames } from './search-indexes.ts';

export interface ExportServices {
  search: SearchIndex;
  records: RecordStore;
}

export interface SelectedPage {
  ids: string[];
  /** Seconds since 1970 of each id's last change, in the same order. */
  updated: number[];
  /** What the index knows of each, in the same order: enough for an OAI-PMH header. */
  hits: SelectedHit[];
  total: number;
}

export interface SelectedHit {
  id: string;
  updated: number;
  titleId: string;
  year: number | null;
  hidden: boolean;
}

/** Ids `offset` … `offset + limit` of the selection, and how many there are in all. */
export async function selectArticles(services: ExportServices, selection: ExportSelection, offset: number, limit: number): Promise<SelectedPage> {
  const { search } = services;
  const hitsPerPage = Math.max(1, limit);
  // Meilisearch pages by page number; an offset that is not a multiple of the page size is
  // answered from the two pages that hold it.
  const first = Math.floor(offset / hitsPerPage) + 1;
  const skip = offset % hitsPerPage;
  const pages = skip === 0 ? [first] : [first, first + 1];
  const results = await search.searchMany<SelectedHit & Record<string, unknown>>(
    pages.map((page) => ({
      indexUid: search.indexUid(indexNames.articles),
      q: '',
      filter: selectionFilter(selection),
      sort: ['updated:asc', 'date:asc', 'seq:asc'],
      page,
      hitsPerPage,
      attributesToRetrieve: ['id', 'updated', 'titleId', 'year', 'hidden'],
    })),
  );
  const hits = results.flatMap((result) => result.hits).slice(skip, skip + limit);
  return { ids: hits.map((hit) => hit.id), updated: hits.map((hit) => hit.updated), hits, total: results[0]?.totalHits ?? 0 };
}

/** Reads records for export, keeping the titles, issues and pages it has read for the next ones. */
export class ExportRecordLoader {
  private readonly titles = new Map<string, Promise<Title | null>>();
  private readonly issues = new Map<string, Promise<Issue | null>>();
  private readonly pages = new Map<string, Promise<Page | null>>();

  constructor(
    private readonly records: RecordStore,
    private readonly publicBaseUrl: string,
  ) {}

  async load(id: string): Promise<ExportRecord | null> {
    const parsed = parseId(id);
    if (parsed?.kind !== 'article') return null;
    const key = parsed.key as ArticleKey;
    const article = (await this.records.getArticle(key))?.record;
    if (!article) return null;
    const issueKey = issueKeyOf(key);
    const [title, issue, pages] = await Promise.all([
      this.title(key.title),
      this.issue(issueKey),
      Promise.all(pagesOfArticle(article).map((seq) => this.page({ ...issueKey, seq } as PageKey))),
    ]);
    if (!title) return null;
    this.forgetOtherIssues(issuePath(issueKey));
    return { article, title, issue, pages: pages.filter((page): page is Page => page !== null), url: `${this.publicBaseUrl}${urls.article(key)}` };
  }

  private title(id: string): Promise<Title | null> {
    let found = this.titles.get(id);
    if (!found) this.titles.set(id, (found = this.records.getTitle(id).then((stored) => stored?.record ?? null)));
    return found;
  }

  private issue(key: IssueKey): Promise<Issue | null> {
    const path = issuePath(key);
    let found = this.issues.get(path);
    if (!found) this.issues.set(path, (found = this.records.getIssue(key).then((stored) => stored?.record ?? null)));
    return found;
  }

  private page(key: PageKey): Promise<Page | null> {
    const path = `${issuePath(key)}/seq-${key.seq}`;
    let found = this.pages.get(path);
    if (!found) this.pages.set(path, (found = this.records.getPage(key).then((stored) => stored?.record ?? null)));
    return found;
  }

  /** Records come roughly grouped by issue; keep memory to a few issues' worth. */
  private forgetOtherIssues(current: string): void {
    if (this.issues.size < 64) return;
    for (const path of this.issues.keys()) if (path !== current) this.issues.delete(path);
    for (const path of this.pages.keys()) if (!path.startsWith(`${current}/`)) this.pages.delete(path);
  }
}

/** Every record of a selection, in order, `pageSize` at a time. */
export async function* exportRecords(services: ExportServices, selection: ExportSelection, publicBaseUrl: string, pageSize = 200): AsyncGenerator<ExportRecord> {
  const loader = new ExportRecordLoader(services.records, publicBaseUrl);
  for (let offset = 0; ; offset += pageSize) {
    const page = await selectArticles(services, selection, offset, pageSize);
    const records = await Promise.all(page.ids.map((id) => loader.load(id)));
    for (const record of records) if (record) yield record;
    if (offset + pageSize >= page.total || page.ids.length === 0) return;
  }
}
