/**
 * Rebuilds both search indexes from object storage alone: records, and the normalized OCR of
 * pages no article has been cut from, are read issue by issue into fresh indexes, which are then
 * swapped in with the live ones in one step — readers never meet an empty or half-built index.
 * The old indexes are deleted afterwards.
 */
import { articleId, issueId, issueKeyOf, parseId, recordKindOfStorageKey, storageKeys, type IssueKey } from '../domain/natural-keys.ts';
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
  (done: { records: number; total: number }): void;
}

const batchDocuments = 1000;
const batchBytes = 20 * 1024 * 1024;

/** A document's size as JSON, near enough to cap a request (its text fields, 3 bytes a character, and room for the rest). */
function approximateBytes(doc: object): number {
  let bytes = 4096;
  for (const value of Object.values(doc)) if (typeof value === 'string') bytes += value.length * 3;
  return bytes;
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
  fresh.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile

  // 1. Every record key, grouped by issue (tiles and originals live elsewhere and are not listed).
  const titleKeys: string[] = [];
  const issues = new Map<string, { key: IssueKey; storageKeys: string[] }>();
  for await (const key of keysUnder(store, storageKeys.recordsPrefix)) {
    const kind = recordKindOfStorageKey(key);
    if (kind === 'title') titleKeys.push(key);
    if (kind === 'issue' || kind === 'page' || kind === 'article') {
      const parsed = parseId(key.slice(storageKeys.recordsPrefix.length, key.lastIndexOf('/')));
      if (!parsed || parsed.kind === 'title') continue;
      const issueKey = issueKeyOf(parsed.key);
      const id = issueId(issueKey);
      const entry = issues.get(id) ?? { key: issueKey, storageKeys: [] };
      entry.storageKeys.push(key);
      issues.set(id, entry);
    }
  }
  // Cataloguers' working copies lend their workflow status to the documents (queues, dashboard).
  const working = await workingCopies(store);
  report.unreadable.push(...working.unreadable);
  const total = titleKeys.length + [...issues.values()].reduce((n, i) => n + i.storageKeys.length, 0);

  // 2. The fresh indexes are ready.
  await fresh;

  const titles = new Map<string, Title>();
  for (const key of titleKeys) {
    const title = await readOrNote(report, key, () => records.read('title', key));
    if (title) titles.set(title.record.key.title, title.record);
  }
  report.titles = titles.size;
  let done = titleKeys.length;
  options.progress?.({ records: done, total });

  const batches: Record<IndexName, { docs: Record<string, unknown>[]; bytes: number }> = { pages: { docs: [], bytes: 0 }, articles: { docs: [], bytes: 0 } };
  const tasks: IndexTask[] = [];
  const flush = async (name: IndexName): Promise<void> => {
    const batch = batches[name];
    if (batch.docs.length === 0) return;
    const docs = batch.docs;
    batches[name] = { docs: [], bytes: 0 };
    tasks.push(await search.putDocuments(uid(name) + suffix, docs));
  };
  const add = async (name: IndexName, doc: object): Promise<void> => {
    const batch = batches[name];
    batch.docs.push(doc as Record<string, unknown>);
    batch.bytes += approximateBytes(doc);
    if (batch.docs.length >= batchDocuments || batch.bytes >= batchBytes) await flush(name);
  };

  // 3. Issue by issue, several at a time.
  const queue = [...issues.values()];
  const lanes = Array.from({ length: Math.max(1, options.concurrency ?? 8) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const title = titles.get(next.key.title);
      if (!title) {
        report.unreadable.push({ key: storageKeys.title(next.key.title), reason: 'title record missing' });
        done += next.storageKeys.length;
        continue;
      }
      const issue = (await readOrNote(report, storageKeys.issue(next.key), () => records.getIssue(next.key)))?.record ?? null;
      if (issue) report.issues++;
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
        report.pages++;
      }
      for (const article of articles) {
        const copy = working.copies.get(articleId(article.key));
        await add('articles', articleDocument(title, issue, article, pages, copy && copy.version > article.version ? copy : article));
        report.articles++;
      }
      done += next.storageKeys.length;
      options.progress?.({ records: done, total });
    }
  });
  await Promise.all(lanes);
  await flush('pages');
  await flush('articles');
  for (const task of tasks) await search.waitForTask(task, { timeoutMs: 30 * 60_000 });

  // 4. Swap in one step, then drop what was live before.
  for (const name of Object.keys(indexNames) as IndexName[]) await search.ensureIndex(uid(name), { primaryKey: 'id', settings: settings[name] });
  await search.swapIndexes((Object.keys(indexNames) as IndexName[]).map((name) => [uid(name), uid(name) + suffix]));
  for (const name of Object.keys(indexNames) as IndexName[]) await search.deleteIndex(uid(name) + suffix);
  report.seconds = (Date.now() - started) / 1000;
  return report;
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
