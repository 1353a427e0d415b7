/**
 * Rebuilds both search indexes from object storage alone: records, and the normalized OCR of
 * pages no article has been cut from, are read issue by issue into fresh indexes, which are then
 * swapped in with the live ones in one step — readers never meet an empty or half-built index.
 * The old indexes are deleted afterwards.
 */
import { articleId, issueId, issueKeyOf, issuePath, parseId, recordKindOfStorageKey, storageKeys, type IssueKey } from '../domain/natural-keys.ts';
import { ocrText } from '../domain/ocr-text.ts';
import type { Article } from '../domain/article.ts';
import type { Page } from '../domain/page.ts';
import { articleDocument, pageDocument } from '../domain/search-documents.ts';
import type { Title } from '../domain/title.ts';
import { StorageError } from '../errors.ts';
import type { IndexTask, ObjectStore, SearchIndex } from '../ports.ts';
import { workingCopies } from './catalog.ts';
import { keysUnder } from './keys-under.ts';
import { RecordStore } from './record-store.ts';
import { indexNames, indexSettings, type IndexName, type SearchVocabulary } from './search-indexes.ts';
import { storedSearchVocabulary } from './vocabularies.ts';

export interface ReindexReport {
  titles: number;
  issues: number;
  pages: number;
  articles: number;
  /** Records that could not be read back (named, with why); they are left out of the index. */
  unreadable: { key: string; reason: string }[];
  seconds: number;
}

export interface ReindexProgress {
  /**
   * Records read so far of `total` (what has been listed so far, until `listed` says the listing
   * is complete); then, once all are read, Meilisearch's batches applied of those sent.
   */
  (done: { records: number; total: number; listed: boolean; batches?: { applied: number; sent: number } }): void;
}

const batchDocuments = 1000;
const batchBytes = 20 * 1024 * 1024;

/** A document's size as JSON, near enough to cap a request (its text fields, 3 bytes a character, and room for the rest). */
function approximateBytes(doc: object): number {
  let bytes = 4096;
  for (const value of Object.values(doc)) if (typeof value === 'string') bytes += value.length * 3;
  return bytes;
}

/** An issue's record keys, as the listing met them. */
interface IssueRecords {
  id: string;
  key: IssueKey;
  storageKeys: string[];
}

export async function reindex(
  store: ObjectStore,
  search: SearchIndex,
  options: { concurrency?: number; progress?: ReindexProgress; vocabulary?: SearchVocabulary } = {},
): Promise<ReindexReport> {
  // The vocabularies in storage, unless told otherwise: a rebuild must not drop the library's names.
  const settings = indexSettings(options.vocabulary ?? (await storedSearchVocabulary(store)));
  const started = Date.now();
  const records = new RecordStore(store);
  const report: ReindexReport = { titles: 0, issues: 0, pages: 0, articles: 0, unreadable: [], seconds: 0 };

  // Fresh indexes beside the live ones, made while the records are listed.
  const suffix = `_rebuild_${started.toString(36)}`;
  const uid = (name: IndexName): string => search.indexUid(name);
  const fresh = Promise.all((Object.keys(indexNames) as IndexName[]).map((name) => search.ensureIndex(uid(name) + suffix, { primaryKey: 'id', settings: settings[name] })));
  // Cataloguers' working copies lend their workflow status to the documents (queues, dashboard).
  const working = workingCopies(store);
  for (const pending of [fresh, working]) pending.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile

  // Each title's record, read when the listing first reaches the title.
  const titles = new Map<string, Promise<Title | null>>();
  const titleOf = (id: string): Promise<Title | null> => {
    let title = titles.get(id);
    if (!title) {
      const key = storageKeys.title(id);
      title = readOrNote(report, key, () => records.read('title', key)).then((stored) => {
        if (stored) report.titles++;
        return stored?.record ?? null;
      });
      titles.set(id, title);
    }
    return title;
  };

  const batches: Record<IndexName, { docs: Record<string, unknown>[]; bytes: number }> = { pages: { docs: [], bytes: 0 }, articles: { docs: [], bytes: 0 } };
  const tasks: IndexTask[] = [];
  const flush = async (name: IndexName): Promise<void> => {
    const batch = batches[name];
    if (batch.docs.length === 0) return;
    const docs = batch.docs;
    batches[name] = { docs: [], bytes: 0 };
    await fresh;
    tasks.push(await search.putDocuments(uid(name) + suffix, docs));
  };
  const add = async (name: IndexName, doc: object): Promise<void> => {
    const batch = batches[name];
    batch.docs.push(doc as Record<string, unknown>);
    batch.bytes += approximateBytes(doc);
    if (batch.docs.length >= batchDocuments || batch.bytes >= batchBytes) await flush(name);
  };

  /** One issue's documents, from its records; what it added to the report, to take back if it is read again. */
  const indexIssue = async (next: IssueRecords): Promise<{ issues: number; pages: number; articles: number }> => {
    const counted = { issues: 0, pages: 0, articles: 0 };
    const title = await titleOf(next.key.title);
    if (!title) {
      report.unreadable.push({ key: storageKeys.title(next.key.title), reason: 'title record missing' });
      return counted;
    }
    const issue = (await readOrNote(report, storageKeys.issue(next.key), () => records.getIssue(next.key)))?.record ?? null;
    if (issue) counted.issues++;
    const pages: Page[] = [];
    const articles: Article[] = [];
    await Promise.all(
      next.storageKeys.map(async (key) => {
        const kind = recordKindOfStorageKey(key);
        if (kind === 'page') {
          const page = await readOrNote(report, key, () => records.read('page', key));
          if (page) pages.push(page.record);
        } else if (kind === 'article') {
          const article = await readOrNote(report, key, () => records.read('article', key));
          if (article) articles.push(article.record);
        }
      }),
    );
    const segmented = new Set(articles.flatMap((article) => article.regions.map((region) => region.seq)));
    for (const page of pages) {
      // A segmented page is searched through its articles: its OCR (the largest file per page) is not read.
      const wanted = page.ocr.status !== 'none' && !segmented.has(page.key.seq);
      const ocr = wanted ? await readOrNote(report, storageKeys.pageOcr(page.key), () => records.getPageOcr(page.key)) : null;
      await add('pages', pageDocument(title, issue, page, ocr ? ocrText(ocr).text : '', segmented.has(page.key.seq)));
      counted.pages++;
    }
    const { copies } = await working;
    for (const article of articles) {
      const copy = copies.get(articleId(article.key));
      await add('articles', articleDocument(title, issue, article, pages, copy && copy.version > article.version ? copy : article));
      counted.articles++;
    }
    return counted;
  };

  // 1. The listing, in byte order, brings an issue's records together: each issue is handed on as
  //    soon as the listing moves past it, and read while the listing goes on (listing 41,000
  //    records first left Meilisearch idle for 3 s). A store that lists in some other order makes
  //    an issue come round twice; such an issue is read again whole at the end.
  const queue = new WorkQueue<IssueRecords>();
  const handedOn = new Set<string>();
  const comeRoundAgain = new Map<string, IssueKey>();
  let listedRecords = 0;
  let done = 0;
  const listing = (async () => {
    let current = null as IssueRecords | null;
    const handOn = (): void => {
      if (!current) return;
      if (handedOn.has(current.id)) comeRoundAgain.set(current.id, current.key);
      else queue.push(current);
      handedOn.add(current.id);
      current = null;
    };
    for await (const key of keysUnder(store, storageKeys.recordsPrefix)) {
      const kind = recordKindOfStorageKey(key);
      if (!kind) continue;
      listedRecords++;
      const parsed = parseId(key.slice(storageKeys.recordsPrefix.length, key.lastIndexOf('/')));
      if (!parsed) continue;
      void titleOf(parsed.key.title);
      if (parsed.kind === 'title') {
        done++;
        continue;
      }
      const issueKey = issueKeyOf(parsed.key);
      const id = issueId(issueKey);
      if (current?.id !== id) {
        handOn();
        current = { id, key: issueKey, storageKeys: [] };
      }
      current!.storageKeys.push(key);
    }
    handOn();
  })().finally(() => queue.close());

  // 2. Issue by issue, several at a time.
  const counts = new Map<string, { issues: number; pages: number; articles: number }>();
  const lanes = Array.from({ length: Math.max(1, options.concurrency ?? 8) }, async () => {
    for (let next = await queue.take(); next; next = await queue.take()) {
      counts.set(next.id, await indexIssue(next));
      done += next.storageKeys.length;
      options.progress?.({ records: done, total: listedRecords, listed: queue.closed });
    }
  });
  await Promise.all([listing, ...lanes]);
  for (const [id, key] of comeRoundAgain) {
    const storageKeysOfIssue: string[] = [];
    for await (const storageKey of keysUnder(store, `${storageKeys.recordsPrefix}${issuePath(key)}/`)) if (recordKindOfStorageKey(storageKey)) storageKeysOfIssue.push(storageKey);
    counts.set(id, await indexIssue({ id, key, storageKeys: storageKeysOfIssue }));
  }
  for (const counted of counts.values()) {
    report.issues += counted.issues;
    report.pages += counted.pages;
    report.articles += counted.articles;
  }
  report.unreadable.push(...(await working).unreadable);
  options.progress?.({ records: listedRecords, total: listedRecords, listed: true });
  await flush('pages');
  await flush('articles');
  for (const [applied, task] of tasks.entries()) {
    options.progress?.({ records: listedRecords, total: listedRecords, listed: true, batches: { applied, sent: tasks.length } });
    await search.waitForTask(task, { timeoutMs: 30 * 60_000 });
  }

  // 3. Swap in one step, then drop what was live before.
  for (const name of Object.keys(indexNames) as IndexName[]) await search.ensureIndex(uid(name), { primaryKey: 'id', settings: settings[name] });
  await search.swapIndexes((Object.keys(indexNames) as IndexName[]).map((name) => [uid(name), uid(name) + suffix]));
  for (const name of Object.keys(indexNames) as IndexName[]) await search.deleteIndex(uid(name) + suffix);
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** Work handed from one producer to several consumers; `take` waits for the next item, or answers undefined once closed and empty. */
class WorkQueue<T> {
  private readonly items: T[] = [];
  private readonly waiting: ((item: T | undefined) => void)[] = [];
  closed = false;

  push(item: T): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter(undefined);
  }

  take(): Promise<T | undefined> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

async function readOrNote<T>(report: ReindexReport, key: string, read: () => Promise<T | null>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof StorageError && error.code === 'corrupt') {
      report.unreadable.push({ key, reason: error.message });
      return null;
    }
    throw error;
  }
}
