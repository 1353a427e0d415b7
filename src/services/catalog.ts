/**
 * The cataloguers' side of the records. Readers see the record under records/ (the published
 * version, or the ingested one until anything is published); cataloguers edit a working copy
 * under catalog/working/ that replaces it only when a reviewer publishes. Every change:
 *   1. names the version it was made on — a stale one is refused (StaleEditError → 412), and the
 *      write itself is conditional, so two browsers racing cannot both win;
 *   2. is in storage before the reply, with an audit entry (who, when, what before / after);
 *   3. reaches the search index right after (queues at once; readers' text when published).
 */
import { invalidValueText } from '../domain/invalid-value.ts';
import { z } from 'zod';
import { bytesOf } from '../adapters/body.ts';
import { articleSchema, uncatalogued, type Article } from '../domain/article.ts';
import {
  applyEdit,
  auditEntrySchema,
  changedFields,
  checkStep,
  statusAfter,
  type ArticleEdit,
  type AuditEntry,
  type WorkflowAction,
} from '../domain/catalog.ts';
import { articleId, issueKeyOf, pageId, storageKeys, type ArticleKey, type IssueKey, type PageKey } from '../domain/natural-keys.ts';
import { ocrText, ocrWithin } from '../domain/ocr-text.ts';
import { boxFitsImage, type Region } from '../domain/region.ts';
import { membersOf } from './issue-members.ts';
import { keysUnder } from './keys-under.ts';
import { articleDocument } from '../domain/search-documents.ts';
import type { Page } from '../domain/page.ts';
import { pagesOfArticle } from '../domain/article.ts';
import { AppError, StorageError } from '../errors.ts';
import type { Logger, ObjectStore, SearchIndex } from '../ports.ts';
import type { Principal } from './authenticator.ts';
import { parseStoredJson, readStoredJson, type RecordStore, type Stored } from './record-store.ts';
import { indexNames } from './search-indexes.ts';

export const catalogKeys = {
  workingPrefix: 'catalog/working/',
  working: (id: string): string => `catalog/working/${id}.json`,
  auditRoot: 'catalog/audit/',
  auditPrefix: (id: string): string => `catalog/audit/${id}/`,
  audit: (id: string, version: number): string => `catalog/audit/${id}/${String(version).padStart(8, '0')}.json`,
  activityPrefix: 'catalog/activity/',
  activity: (day: string): string => `catalog/activity/${day}.json`,
};

/** What a cataloguer opens: the version to edit, and what readers currently see. */
export interface CatalogRecord {
  id: string;
  /** The working copy when there is one, else the record readers see. */
  article: Article;
  /** The version every change must name. */
  version: number;
  /** What readers see now. */
  public: Article;
  hasWorkingCopy: boolean;
}

/** A change made on a version that is no longer current; carries the current one to show. */
export class StaleEditError extends Error {
  constructor(readonly current: CatalogRecord) {
    super(`article ${current.id} is at version ${current.version}`);
    this.name = 'StaleEditError';
  }
}

const activityFields = ['saved', 'submitted', 'approved', 'returned', 'published'] as const;
type ActivityField = (typeof activityFields)[number];
/**
 * One day's work as stored: per person and step, the distinct articles (a day's ten saves of one
 * article are one article saved). A plain number is an older file's count of steps.
 */
const stepTaken = z.union([z.array(z.string()), z.number().int()]).default([]);
export const storedDaySchema = z.object({
  day: z.string(),
  users: z.record(z.string(), z.object({ saved: stepTaken, submitted: stepTaken, approved: stepTaken, returned: stepTaken, published: stepTaken })),
});
type StoredDay = z.infer<typeof storedDaySchema>;
/** One day's work: per person, how many distinct articles each step was taken on. */
export interface DailyActivity {
  day: string;
  users: Record<string, Record<ActivityField, number>>;
}
const activityField: Record<WorkflowAction, ActivityField> = { save: 'saved', submit: 'submitted', approve: 'approved', return: 'returned', publish: 'published' };

/** The calendar day of `at` where the library is (China by default), as YYYY-MM-DD. */
export function dayOf(at: Date, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

interface Opened {
  published: Stored<Article>;
  working: Stored<Article> | null;
}

export class Catalog {
  constructor(
    private readonly records: RecordStore,
    private readonly search: SearchIndex,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get store(): ObjectStore {
    return this.records.objects;
  }

  async get(key: ArticleKey): Promise<CatalogRecord | null> {
    const opened = await this.open(key);
    return opened ? view(key, opened) : null;
  }

  /** Saves an edit on `version`; a no-op edit writes nothing. */
  async save(key: ArticleKey, version: number, edit: ArticleEdit, by: Principal): Promise<CatalogRecord> {
    return this.change(key, version, 'save', by, (current) => applyEdit(current, edit));
  }

  /** Takes a workflow step (submit, approve, return with a comment, publish) on `version`. */
  async act(key: ArticleKey, version: number, action: Exclude<WorkflowAction, 'save'>, by: Principal, comment?: string): Promise<CatalogRecord> {
    const note = comment?.trim();
    if (action === 'return' && !note) {
      throw new AppError('bad_request', { detail: { 'zh-CN': '退回时请写明意见', en: 'returning an article needs a comment' } });
    }
    return this.change(key, version, action, by, (current) => {
      // A record goes to review with a title at least (a hand-cut article starts without one).
      if (action === 'submit' && !current.title.trim()) {
        throw new AppError('bad_request', { detail: { 'zh-CN': '送审前请填写标题', en: 'give the article a title before sending it to review' } });
      }
      const { review: _previous, ...rest } = current;
      if (action === 'return') return { ...rest, review: { comment: note!, by: by.username, at: this.now().toISOString() } };
      // Approving and publishing settle the review; submitting again keeps the last comment in view.
      return action === 'submit' ? current : rest;
    }, note);
  }

  /**
   * A new article cut by hand from pages nobody (or no machine) segmented well: its regions as
   * drawn, its text the OCR words inside them in reading order. Numbered after the issue's last article; a race
   * for the same number is refused by the conditional write and retried with the next.
   */
  async createArticle(issue: IssueKey, regions: Region[], by: Principal): Promise<CatalogRecord> {
    if (checkStep('save', 'draft', by.roles) === 'role') throw new AppError('forbidden');
    const title = await this.records.getTitle(issue.title);
    if (!title) throw new AppError('not_found');
    const seqs = [...new Set(regions.map((region) => region.seq))];
    const text = await this.ocrInside(issue, regions);
    const at = this.now().toISOString();
    for (let attempt = 0; attempt < 5; attempt++) {
      const { articles } = await membersOf(this.store, issue);
      const key = { ...issueKeyOf(issue), article: Math.max(0, ...articles) + 1 } as ArticleKey;
      const article: Article = {
        key,
        title: '',
        ...uncatalogued(),
        language: title.record.language,
        text: { ocr: text },
        regions,
        status: 'draft',
        segmentation: 'cataloguer',
        cataloguer: by.username,
        cataloguedAt: at,
        version: 1,
        updatedAt: at,
        updatedBy: by.username,
      };
      try {
        const created = await this.records.create('article', article);
        const id = articleId(key);
        const entry: AuditEntry = { version: 1, at, by: by.username, action: 'create', changes: [{ field: 'regions', before: null, after: regions }] };
        await this.store.put(catalogKeys.audit(id, 1), JSON.stringify(entry), { ifAbsent: true });
        const opened: Opened = { published: created, working: null };
        await this.index(key, opened).catch((error: unknown) => this.logger.log('error', 'catalog.index_failed', { id, error }));
        const pages = seqs.map((seq) => ({ id: pageId({ ...issueKeyOf(issue), seq } as PageKey), segmented: true }));
        await this.search.updateDocuments(this.search.indexUid(indexNames.pages), pages).catch((error: unknown) => this.logger.log('error', 'catalog.index_failed', { id, error }));
        return view(key, opened);
      } catch (error) {
        if (!(error instanceof StorageError && error.code === 'precondition_failed')) throw error;
      }
    }
    throw new AppError('conflict');
  }

  /** The audit trail of an article, oldest first. */
  async audit(key: ArticleKey): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for await (const entryKey of keysUnder(this.store, catalogKeys.auditPrefix(articleId(key)))) {
      const entry = await readStoredJson(this.store, entryKey, auditEntrySchema);
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) => a.version - b.version);
  }

  async activity(day: string): Promise<DailyActivity> {
    const stored = await readStoredJson(this.store, catalogKeys.activity(day), storedDaySchema);
    const users = Object.entries(stored?.users ?? {}).map(([person, steps]) => [person, Object.fromEntries(activityFields.map((field) => [field, typeof steps[field] === 'number' ? steps[field] : steps[field].length]))]);
    return { day, users: Object.fromEntries(users) as DailyActivity['users'] };
  }

  /** Rewrites the article's search document: published text, the working copy's workflow fields. */
  private async index(key: ArticleKey, opened: Opened): Promise<void> {
    const published = opened.published.record;
    const title = (await this.records.getTitle(key.title))?.record;
    if (!title) return;
    const issue = (await this.records.getIssue(issueKeyOf(key)))?.record ?? null;
    const seqs = [...new Set([...pagesOfArticle(published), ...pagesOfArticle(opened.working?.record ?? published)])];
    const pages = (await Promise.all(seqs.map((seq) => this.records.getPage({ ...issueKeyOf(key), seq } as PageKey)))).flatMap((stored): Page[] => (stored ? [stored.record] : []));
    const document = articleDocument(title, issue, published, pages, opened.working?.record ?? published);
    await this.search.putDocuments(this.search.indexUid(indexNames.articles), [document as unknown as Record<string, unknown>]);
  }

  /**
   * Splits an article in two where a second story begins: the regions from `at` on (in reading
   * order) become a new article, whose text is the OCR inside them; the article keeps the regions
   * before, and its OCR text is cut to them the same way (a corrected text is kept for the
   * cataloguer to shorten). The article's version is checked before anything is written; both
   * changes are audited, the first naming the new article.
   */
  async splitArticle(key: ArticleKey, version: number, at: number, by: Principal): Promise<{ kept: CatalogRecord; created: CatalogRecord }> {
    const opened = await this.open(key);
    if (!opened) throw new AppError('not_found');
    const current = (opened.working ?? opened.published).record;
    if (current.version !== version) throw new StaleEditError(view(key, opened));
    if (!Number.isInteger(at) || at < 1 || at >= current.regions.length) {
      throw new AppError('bad_request', { detail: { 'zh-CN': `拆分位置须在第 2 到第 ${current.regions.length} 个区域之间`, en: `the split must come at region 2 to ${current.regions.length}` } });
    }
    const keptRegions = current.regions.slice(0, at);
    const movedRegions = current.regions.slice(at);
    const keptText = await this.ocrInside(issueKeyOf(key), keptRegions);
    const kept = await this.change(key, version, 'save', by, (article) => ({ ...article, regions: keptRegions, text: { ...article.text, ocr: keptText } }), `拆分：第 ${at + 1} 个区域起另成新篇目 / split: regions from ${at + 1} on became a new article`);
    const created = await this.createArticle(issueKeyOf(key), movedRegions, by);
    return { kept, created };
  }

  /** The OCR text inside regions of an issue's pages, page by page, region by region in the order drawn; refuses a page that is not there or a region off its image. */
  private async ocrInside(issue: IssueKey, regions: Region[]): Promise<string> {
    const texts: string[] = [];
    for (const seq of [...new Set(regions.map((region) => region.seq))]) {
      const pageKey = { ...issueKeyOf(issue), seq } as PageKey;
      const page = (await this.records.getPage(pageKey))?.record;
      if (!page) throw new AppError('bad_request', { detail: { 'zh-CN': `本期没有第 ${seq} 版`, en: `the issue has no page ${seq}` } });
      if (regions.some((region) => region.seq === seq && !boxFitsImage(region, page.width, page.height))) {
        throw new AppError('bad_request', { detail: { 'zh-CN': `区域超出第 ${seq} 版的图像`, en: `a region lies outside the image of page ${seq}` } });
      }
      const ocr = await this.records.getPageOcr(pageKey);
      // The words inside the regions, in reading order — never whole OCR blocks by their centre (one
      // block for a whole page gave nothing, Tesseract's many blocks gave them in file order).
      if (ocr) texts.push(ocrText(ocrWithin(ocr, regions.filter((region) => region.seq === seq))).text);
    }
    return texts.filter(Boolean).join('\n\n');
  }

  private async change(key: ArticleKey, version: number, action: WorkflowAction, by: Principal, change: (current: Article) => Article, comment?: string): Promise<CatalogRecord> {
    const opened = await this.open(key);
    if (!opened) throw new AppError('not_found');
    const current = (opened.working ?? opened.published).record;
    if (current.version !== version) throw new StaleEditError(view(key, opened));
    const refusal = checkStep(action, current.status, by.roles);
    if (refusal === 'role') throw new AppError('forbidden');
    if (refusal === 'status') {
      throw new AppError('conflict', { detail: { 'zh-CN': `篇目当前状态为 ${current.status}，不能执行 ${action}`, en: `an article in status ${current.status} cannot be given ${action}` } });
    }
    const at = this.now().toISOString();
    const changed = change(current);
    const candidate = { ...changed, status: statusAfter(action, current.status), version: current.version + 1, updatedAt: at, updatedBy: by.username };
    const changes = changedFields(current, candidate as Article);
    if (action === 'save' && changes.length === 0) return view(key, opened);
    if (action === 'save' || action === 'submit') Object.assign(candidate, { cataloguer: by.username, cataloguedAt: at });
    const parsed = articleSchema.safeParse(candidate);
    if (!parsed.success) {
      throw new AppError('bad_request', { detail: invalidValueText(parsed.error, { 'zh-CN': '著录项有误', en: 'the record is not valid' }) });
    }
    const next = parsed.data;
    const id = articleId(key);
    let after: Opened;
    try {
      if (action === 'publish') {
        // Readers' record first; the working copy is then spent (a leftover one is recognised by its older version).
        const { etag } = await this.store.put(storageKeys.article(key), JSON.stringify(next), { ifMatch: opened.published.etag });
        if (opened.working) await this.store.delete(catalogKeys.working(id));
        after = { published: { record: next, etag }, working: null };
      } else {
        const { etag } = await this.store.put(catalogKeys.working(id), JSON.stringify(next), opened.working ? { ifMatch: opened.working.etag } : { ifAbsent: true });
        after = { published: opened.published, working: { record: next, etag } };
      }
    } catch (error) {
      if (error instanceof StorageError && error.code === 'precondition_failed') {
        const fresh = await this.open(key);
        if (fresh) throw new StaleEditError(view(key, fresh));
      }
      throw error;
    }
    const entry: AuditEntry = { version: next.version, at, by: by.username, action, changes, ...(comment ? { comment } : {}) };
    await this.store.put(catalogKeys.audit(id, next.version), JSON.stringify(entry), { ifAbsent: true });
    await this.count(action, by.username, id).catch((error: unknown) => this.logger.log('warn', 'catalog.activity_not_counted', { id, error }));
    await this.index(key, after).catch((error: unknown) => this.logger.log('error', 'catalog.index_failed', { id, error }));
    return view(key, after);
  }

  private async open(key: ArticleKey): Promise<Opened | null> {
    const published = await this.records.getArticle(key);
    if (!published) return null;
    const id = articleId(key);
    const object = await this.store.get(catalogKeys.working(id));
    let working: Stored<Article> | null = null;
    if (object) {
      const record = parseStoredJson(catalogKeys.working(id), await bytesOf(object), articleSchema);
      // Left behind by a publish that stopped before removing it: the published record is newer.
      working = record.version > published.record.version ? { record, etag: object.info.etag } : null;
    }
    return { published, working };
  }

  private async count(action: WorkflowAction, username: string, id: string): Promise<void> {
    const day = dayOf(this.now());
    const key = catalogKeys.activity(day);
    for (let attempt = 0; attempt < 8; attempt++) {
      const object = await this.store.get(key);
      const activity: StoredDay = object ? parseStoredJson(key, await bytesOf(object), storedDaySchema) : { day, users: {} };
      const mine = (activity.users[username] ??= { saved: [], submitted: [], approved: [], returned: [], published: [] });
      const done = mine[activityField[action]];
      if (typeof done === 'number') mine[activityField[action]] = done + 1;
      else if (done.includes(id)) return;
      else done.push(id);
      try {
        await this.store.put(key, JSON.stringify(activity), object ? { ifMatch: object.info.etag } : { ifAbsent: true });
        return;
      } catch (error) {
        if (!(error instanceof StorageError && error.code === 'precondition_failed')) throw error;
      }
    }
  }
}

function view(key: ArticleKey, opened: Opened): CatalogRecord {
  const article = (opened.working ?? opened.published).record;
  return { id: articleId(key), article, version: article.version, public: opened.published.record, hasWorkingCopy: opened.working !== null };
}

/** Every working copy in storage, by article id (for a rebuild of the index); unreadable ones are named. */
export async function workingCopies(store: ObjectStore): Promise<{ copies: Map<string, Article>; unreadable: { key: string; reason: string }[] }> {
  const copies = new Map<string, Article>();
  const unreadable: { key: string; reason: string }[] = [];
  for await (const key of keysUnder(store, catalogKeys.workingPrefix)) {
    try {
      const article = await readStoredJson(store, key, articleSchema);
      if (article) copies.set(articleId(article.key), article);
    } catch (error) {
      if (!(error instanceof StorageError && error.code === 'corrupt')) throw error;
      unreadable.push({ key, reason: error.message });
    }
  }
  return { copies, unreadable };
}
