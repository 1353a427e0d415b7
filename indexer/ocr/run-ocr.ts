/**
 * OCR for stored pages that have no text (`difang ocr`, ingest's --ocr, the admin's OCR jobs):
 * each page's image is composed at full size from its tiles, read by the engine, and stored as
 * normalized OCR (status "machine"); its search document is rebuilt. Pages with delivered or
 * corrected text are kept unless `force` — and then the text they had is kept as a version
 * (pages/…/ocr-versions/). Page by page, the page record written last: a run stopped halfway
 * resumes with the pages still without text, and a second run changes nothing.
 */
import { scaleOcrTo } from '../../src/domain/ocr-geometry.ts';
import { ocrText } from '../../src/domain/ocr-text.ts';
import { countWords, type PageOcr } from '../../src/domain/page-ocr.ts';
import { pageId, parseId, storageKeys, titleIdSchema, type ArticleKey, type IssueKey, type PageKey } from '../../src/domain/natural-keys.ts';
import type { Page } from '../../src/domain/page.ts';
import { pageDocument } from '../../src/domain/search-documents.ts';
import type { Text } from '../../src/i18n.ts';
import type { IndexTask, Logger, ObjectStore, OcrEngine, SearchIndex } from '../../src/ports.ts';
import { issuesOfTitle, membersOf } from '../../src/services/issue-members.ts';
import { RecordStore, type Stored } from '../../src/services/record-store.ts';
import { indexNames } from '../../src/services/search-indexes.ts';
import { storedPageGrey } from '../images/page-bitmap.ts';
import { storeOcr } from '../pipeline/page-steps.ts';
import { openOcrEngine, type OcrEngineChoice } from './engines.ts';

export interface OcrRunOptions {
  /** Read pages that have text too (their text kept as a version first). */
  force?: boolean;
}

export type OcrPageStatus = 'read' | 'kept' | 'failed';

export interface OcrProgress {
  planned(pages: number): void;
  page(outcome: { key: PageKey; status: OcrPageStatus; seconds: number; characters: number }): void;
}

export interface OcrReport {
  issues: number;
  pages: Record<OcrPageStatus, number>;
  characters: number;
  seconds: number;
  engine: string;
  failures: { page: string; reason: Text }[];
}

interface OcrServices {
  store: ObjectStore;
  search: SearchIndex;
  logger: Logger;
  engine: OcrEngine;
  now?: () => Date;
}

export async function runOcr(services: OcrServices, issues: readonly IssueKey[], options: OcrRunOptions = {}, progress?: OcrProgress): Promise<OcrReport> {
  const started = Date.now();
  const records = new RecordStore(services.store);
  const report: OcrReport = { issues: issues.length, pages: { read: 0, kept: 0, failed: 0 }, characters: 0, seconds: 0, engine: services.engine.name, failures: [] };
  const members = await Promise.all(issues.map(async (key) => ({ key, ...(await membersOf(services.store, key)) })));
  progress?.planned(members.reduce((sum, issue) => sum + issue.seqs.length, 0));
  for (const issue of members) {
    const tasks: IndexTask[] = [];
    const segmented = await segmentedPages(records, issue.key, issue.articles);
    for (const seq of issue.seqs) {
      const key: PageKey = { ...issue.key, seq };
      const pageStarted = Date.now();
      let outcome: { status: OcrPageStatus; characters: number };
      try {
        outcome = await ocrPage(services, records, key, options, segmented.has(seq), tasks);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        services.logger.log('error', 'ocr.page_failed', { page: pageId(key), error: message });
        report.failures.push({ page: pageId(key), reason: { 'zh-CN': `OCR 失败：${message}`, en: `OCR failed: ${message}` } });
        outcome = { status: 'failed', characters: 0 };
      }
      report.pages[outcome.status]++;
      report.characters += outcome.characters;
      progress?.page({ key, status: outcome.status, seconds: (Date.now() - pageStarted) / 1000, characters: outcome.characters });
    }
    for (const task of tasks) await services.search.waitForTask(task, { timeoutMs: 120_000 });
  }
  report.seconds = Math.round((Date.now() - started) / 100) / 10;
  return report;
}

async function ocrPage(services: OcrServices, records: RecordStore, key: PageKey, options: OcrRunOptions, segmented: boolean, tasks: IndexTask[]): Promise<{ status: OcrPageStatus; characters: number }> {
  const stored = await records.getPage(key);
  if (!stored) return { status: 'kept', characters: 0 };
  if (stored.record.ocr.status !== 'none' && !options.force) return { status: 'kept', characters: 0 };
  const image = await storedPageGrey(services.store, key);
  if (!image) throw new Error(`no image tiles for ${pageId(key)}`);
  const read = scaleOcrTo(await services.engine.recognize(image), stored.record.width, stored.record.height);
  const now = (services.now ?? (() => new Date()))().toISOString();
  await keepEarlierOcr(services.store, records, stored.record, now);
  await storeOcr({ store: services.store }, key, read, null);
  const page = await savePageOcr(records, stored, read, now);
  const text = ocrText(read).text;
  const [title, issue] = await Promise.all([records.getTitle(key.title), records.getIssue(key)]);
  if (title) tasks.push(await services.search.putDocuments(services.search.indexUid(indexNames.pages), [pageDocument(title.record, issue?.record ?? null, page, text, segmented) as unknown as Record<string, unknown>]));
  return { status: 'read', characters: [...text.replace(/\s/g, '')].length };
}

/** The page's current OCR copied aside before it is replaced, with what it was. */
async function keepEarlierOcr(store: ObjectStore, records: RecordStore, page: Page, at: string): Promise<void> {
  if (page.ocr.status === 'none') return;
  const earlier = await records.getPageOcr(page.key);
  if (!earlier) return;
  await store.put(storageKeys.pageOcrVersion(page.key, at), JSON.stringify({ replacedAt: at, status: page.ocr.status, format: page.ocr.format ?? null, ocr: earlier }));
}

/** The page record with its new OCR: a conflicting change made meanwhile is read again and kept. */
async function savePageOcr(records: RecordStore, stored: Stored<Page>, ocr: PageOcr, now: string): Promise<Page> {
  let current = stored;
  for (let attempt = 0; ; attempt++) {
    const record: Page = { ...current.record, ocr: { status: 'machine', format: ocr.source.format, words: countWords(ocr) }, updatedAt: now };
    try {
      return (await records.replace('page', current, record)).record;
    } catch (error) {
      const fresh = attempt < 2 ? await records.getPage(stored.record.key) : null;
      if (!fresh) throw error;
      current = fresh;
    }
  }
}

/** The seq numbers of the issue's pages that articles have been cut from. */
async function segmentedPages(records: RecordStore, key: IssueKey, articles: readonly number[]): Promise<Set<number>> {
  const seqs = new Set<number>();
  for (const number of articles) {
    const article = await records.getArticle({ ...key, article: number } as ArticleKey);
    for (const region of article?.record.regions ?? []) seqs.add(region.seq);
  }
  return seqs;
}


/** The issues named by title ids and issue ids, or the names that are neither. */
export async function issuesOfTargets(store: ObjectStore, targets: readonly string[]): Promise<{ keys: IssueKey[] } | { unknown: string[] }> {
  const keys: IssueKey[] = [];
  const unknown: string[] = [];
  for (const target of targets) {
    const parsed = parseId(target);
    if (parsed?.kind === 'issue') keys.push(parsed.key as IssueKey);
    else if (titleIdSchema.safeParse(target).success) {
      const issues = await issuesOfTitle(store, target);
      if (issues.length === 0) unknown.push(target);
      keys.push(...issues);
    } else unknown.push(target);
  }
  return unknown.length > 0 ? { unknown } : { keys };
}

export class UnknownTargets extends Error {
  constructor(readonly targets: string[]) {
    super(`not a title or issue in storage: ${targets.join(', ')}`);
  }
}

/** An OCR job as the admin page and `difang ocr` ask for it: targets resolved, the engine opened and closed around the run. */
export async function runStoredOcr(
  services: Omit<OcrServices, 'engine'>,
  request: { targets: readonly string[]; engine?: OcrEngineChoice; force?: boolean },
  progress?: OcrProgress,
): Promise<OcrReport> {
  const issues = await issuesOfTargets(services.store, request.targets);
  if ('unknown' in issues) throw new UnknownTargets(issues.unknown);
  const engine = await openOcrEngine(request.engine ?? 'auto');
  try {
    return await runOcr({ ...services, engine }, issues.keys, { force: request.force ?? false }, progress);
  } finally {
    await engine.close?.();
  }
}
