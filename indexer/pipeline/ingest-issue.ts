/**
 * One issue (or volume) from plan to stored records and index documents:
 *   each page: validate → sha256 (unchanged → skip) → original → tiles + info.json → thumbnail →
 *   normalized OCR → page record (the commit point);
 *   then the title and issue records, articles the input segments itself, and the index.
 * Storage is always written before the index; a page that fails is reported and the rest go on.
 */
import { readFile, stat } from 'node:fs/promises';
import { articleId, issueId, pageId, storageKeys, type IssueKey, type PageKey } from '../../src/domain/natural-keys.ts';
import { ocrText, ocrWithin } from '../../src/domain/ocr-text.ts';
import { detectLanguage } from '../../src/domain/language.ts';
import type { PageOcr } from '../../src/domain/page-ocr.ts';
import { uncatalogued, type Article } from '../../src/domain/article.ts';
import { issueSchema, type Issue } from '../../src/domain/issue.ts';
import type { Page } from '../../src/domain/page.ts';
import { unionBox, type Box } from '../../src/domain/region.ts';
import { articleDocument, pageDocument } from '../../src/domain/search-documents.ts';
import { titleSchema, type Title } from '../../src/domain/title.ts';
import { SearchError, StorageError } from '../../src/errors.ts';
import type { IndexTask } from '../../src/ports.ts';
import { indexNames } from '../../src/services/search-indexes.ts';
import { openImageFile, fromRaw } from '../images/page-image.ts';
import { extensionOf, sniffFormat } from '../images/sniff-format.ts';
import { InputError, inputError } from '../readers/input-error.ts';
import { parseOcr } from '../readers/parse-ocr.ts';
import { openPdf, type PdfPage } from '../readers/read-pdf.ts';
import { readHead } from '../sources/folder-reader.ts';
import type { ArticlePlan, IssuePlan, PagePlan } from '../sources/plan.ts';
import { defaultRights, defaultRightsUri, type IngestContext } from './context.ts';
import { existingPage, existingRecord, fileBody, hashBytes, hashFile, ocrSummary, prepareDerivatives, savePage, storeDerivatives, storeOcr, type PreparedDerivatives } from './page-steps.ts';
import { membersOf } from '../../src/services/issue-members.ts';

export type PageOutcome =
  | {
      seq: number;
      file: string;
      status: 'stored' | 'unchanged';
      page: Page;
      ocr?: PageOcr | null;
      /** The page's OCR file could not be read: the page is stored without text ("no text yet"), the file refused with this. */
      ocrRefused?: InputError;
    }
  | { seq: number; file: string; status: 'rejected'; error: InputError };

export interface IssueOutcome {
  key: IssueKey;
  pages: PageOutcome[];
  articlesCreated: number;
  /** Set when storage succeeded but the index could not be updated (run `difang reindex`). */
  indexError?: string;
}

export interface IssueHooks {
  /** Called as each page finishes, for progress. */
  onPage?(outcome: PageOutcome): void;
  /** Runs page work under the run's concurrency limit. */
  limit<T>(work: () => Promise<T>): Promise<T>;
}

export async function ingestIssue(ctx: IngestContext, plan: IssuePlan, hooks: IssueHooks): Promise<IssueOutcome> {
  const outcomes: PageOutcome[] = [];
  // What the batch says of the title and issue is checked before any page is written: a value a
  // record would refuse must not leave pages stored with no title or issue to hang from.
  const refusal = headerProblem(ctx, plan);
  if (refusal) {
    for (const pagePlan of plan.pages) {
      const outcome: PageOutcome = { seq: pagePlan.seq, file: pagePlan.image.path, status: 'rejected', error: new InputError(refusal.problem, refusal.reason, pagePlan.image.path) };
      outcomes.push(outcome);
      hooks.onPage?.(outcome);
    }
    return { key: plan.key, pages: outcomes, articlesCreated: 0 };
  }
  // Title and issue records are made when the first page is stored, so that each page can go to
  // the index as soon as it is stored (Meilisearch works while later pages are tiled).
  let headers: Promise<{ title: Title; issue: Issue }> | null = null;
  const headerRecords = (firstPage?: PageOcr | null): Promise<{ title: Title; issue: Issue }> => {
    if (!headers) {
      // A new title's language, when the batch does not state it, is what its first page is in.
      const language = plan.title.language ?? (firstPage ? detectLanguage(ocrText(firstPage).text) : null) ?? undefined;
      headers = (async () => ({ title: await ensureTitle(ctx, plan, language), issue: await ensureIssue(ctx, plan, undefined) }))();
      // Awaited below; until then a failure must not count as unhandled.
      headers.catch(() => {});
    }
    return headers;
  };
  const indexing = new IssueIndexing(ctx, plan.key);
  const record = (outcome: PageOutcome): void => {
    outcomes.push(outcome);
    hooks.onPage?.(outcome);
    if (outcome.status === 'stored') indexing.page(headerRecords(outcome.ocr), outcome.page, outcome.ocr ?? null);
  };
  const pdfWhole = plan.pages.filter((page) => page.image.kind === 'pdf' && page.seq === 0);
  const single = plan.pages.filter((page) => !(page.image.kind === 'pdf' && page.seq === 0));

  await Promise.all(
    single.map((pagePlan) =>
      hooks.limit(async () => {
        try {
          record(await ingestSinglePage(ctx, plan, pagePlan));
        } catch (error) {
          if (isFatal(error)) throw error;
          record({ seq: pagePlan.seq, file: pagePlan.image.path, status: 'rejected', error: asPageError(error, pagePlan.image.path) });
        }
      }),
    ),
  );
  const sourceFiles: SourceFile[] = [];
  for (const pdfPlan of pdfWhole) {
    const source = await hooks.limit(() => ingestWholePdf(ctx, plan, pdfPlan, record));
    if (source) sourceFiles.push(source);
  }

  const stored = outcomes.filter((o): o is Extract<PageOutcome, { status: 'stored' | 'unchanged' }> => o.status !== 'rejected');
  if (stored.length === 0) return { key: plan.key, pages: outcomes, articlesCreated: 0 };
  stored.sort((a, b) => a.seq - b.seq);

  const { title } = await headerRecords();
  // A whole-issue PDF names its file only once it has been read through.
  const issue = await ensureIssue(ctx, plan, sourceFiles[0]);
  const { created, articles } = await ensureArticles(ctx, plan, stored, title.language);
  let indexError: string | undefined;
  try {
    await indexing.finish(title, issue, stored, articles, created);
  } catch (error) {
    if (!(error instanceof SearchError)) throw error;
    indexError = error.message;
    ctx.logger.log('warn', 'ingest.index_failed', { issue: issueId(plan.key), error: error.message });
  }
  return { key: plan.key, pages: outcomes, articlesCreated: created.size, ...(indexError ? { indexError } : {}) };
}

// ── pages ────────────────────────────────────────────────────────────────────────────────────

async function ingestSinglePage(ctx: IngestContext, plan: IssuePlan, pagePlan: PagePlan): Promise<PageOutcome> {
  const key: PageKey = { ...plan.key, seq: pagePlan.seq };
  const file = pagePlan.image.path;
  const local = await ctx.reader.localFile(file);
  try {
    if ((await stat(local.path)).size === 0) throw inputError('corrupt_image', '文件是空的（0 字节）', 'the file is empty (0 bytes)', file);
    const format = sniffFormat(await readHead(local.path));
    if (!format) throw inputError('unsupported_format', '不是 TIFF、JPEG、PNG、JPEG 2000 或 PDF 文件', 'not a TIFF, JPEG, PNG, JPEG 2000 or PDF file', file);
    if (format === 'pdf') return await ingestPdfPage(ctx, plan, pagePlan, key, local.path);
    const sha256 = await hashFile(local.path);
    const ocrBytes = pagePlan.ocr ? await ctx.reader.readBytes(pagePlan.ocr.path) : null;
    const ocrSha = ocrBytes ? hashBytes(ocrBytes) : undefined;
    const previous = await existingPage(ctx, key);
    const current = previous && 'record' in previous ? previous.record : null;
    if (current && current.image.sha256 === sha256 && current.ocr.sourceSha256 === ocrSha && sameLabels(current, pagePlan)) {
      return { seq: key.seq, file, status: 'unchanged', page: current };
    }
    const image = await openImageFile(local.path, format, { maxPixels: ctx.maxPixels }, ctx.jp2, async () => new Uint8Array(await readFile(local.path)));
    let ocr: PageOcr | null = null;
    let ocrRefused: InputError | undefined;
    if (pagePlan.ocr && ocrBytes) {
      try {
        ocr = parseOcr(pagePlan.ocr.format, ocrBytes, { imageWidth: image.width, imageHeight: image.height });
      } catch (error) {
        // A page that has text keeps it (nothing stored is harmed); a new page, or one without
        // text, is stored with the image alone — "no text yet", for OCR — and the file refused.
        if (current && current.ocr.status !== 'none') throw asPageError(error, pagePlan.ocr.path);
        ocrRefused = asPageError(error, pagePlan.ocr.path);
      }
    }
    const imageChanged = current?.image.sha256 !== sha256;
    // Everything that can fail on a bad file happens before the first write to storage.
    const prepared = imageChanged ? await prepareDerivatives(ctx, key, image) : null;
    if (prepared) {
      await ctx.store.put(storageKeys.pageOriginal(key, extensionOf[format]), fileBody(local.path));
      await storeDerivatives(ctx, key, prepared, previous !== null);
    }
    const ocrExtension = pagePlan.ocr?.format === 'paddle' ? 'json' : pagePlan.ocr?.format === 'hocr' ? 'hocr' : 'xml';
    await storeOcr(ctx, key, ocr, ocrBytes && !ocrRefused ? { bytes: ocrBytes, extension: ocrExtension } : null);
    const page = await savePage(ctx, previous, {
      key,
      ...(pagePlan.label ? { label: pagePlan.label } : {}),
      ...(pagePlan.section ? { section: pagePlan.section } : {}),
      width: image.width,
      height: image.height,
      image: { format, sha256, bytes: (await stat(local.path)).size, sourceName: file },
      ocr: ocrSummary(ocr, ocrRefused ? undefined : ocrSha),
      updatedAt: ctx.now().toISOString(),
    });
    return { seq: key.seq, file, status: 'stored', page, ocr, ...(ocrRefused ? { ocrRefused } : {}) };
  } finally {
    await local.release();
  }
}

/** A single-page PDF standing for one page (title/date/03.pdf). */
async function ingestPdfPage(ctx: IngestContext, plan: IssuePlan, pagePlan: PagePlan, key: PageKey, localPath: string): Promise<PageOutcome> {
  const bytes = new Uint8Array(await readFile(localPath));
  const sha256 = hashBytes(bytes);
  const previous = await existingPage(ctx, key);
  const current = previous && 'record' in previous ? previous.record : null;
  if (current && current.image.sha256 === sha256 && sameLabels(current, pagePlan)) return { seq: key.seq, file: pagePlan.image.path, status: 'unchanged', page: current };
  const pdf = await openPdf(bytes, { maxPixels: ctx.maxPixels });
  try {
    const pdfPage = await pdf.page(1);
    const page = await storeRenderedPage(ctx, previous, key, pdfPage, { sha256, bytes: bytes.byteLength, sourceName: pagePlan.image.path }, pagePlan, () =>
      ctx.store.put(storageKeys.pageOriginal(key, 'pdf'), bytes).then(() => undefined),
    );
    return { seq: key.seq, file: pagePlan.image.path, status: 'stored', page, ocr: pdfPage.ocr };
  } finally {
    await pdf.close();
  }
}

type SourceFile = NonNullable<Issue['source']>;

/**
 * A PDF holding a whole issue or volume: one page record per PDF page. A first delivery is read
 * page by page (one page's pixels at a time), each page stored or refused on its own. A PDF that
 * replaces pages already stored from other files is all or nothing: every page is read and tiled
 * on local disk first, and only when all of them can be stored is anything written — a refused
 * redelivery leaves the stored original, pages and articles exactly as they were, and a
 * redelivery with fewer pages than are stored is refused rather than orphaning the rest.
 */
async function ingestWholePdf(ctx: IngestContext, plan: IssuePlan, pdfPlan: PagePlan, record: (outcome: PageOutcome) => void): Promise<SourceFile | null> {
  const file = pdfPlan.image.path;
  try {
    const local = await ctx.reader.localFile(file);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(local.path));
    } finally {
      await local.release();
    }
    if (bytes.byteLength === 0) throw inputError('corrupt_pdf', '文件是空的（0 字节）', 'the file is empty (0 bytes)', file);
    if (sniffFormat(bytes.subarray(0, 8)) !== 'pdf') throw inputError('unsupported_format', '文件扩展名为 .pdf，但内容不是 PDF', 'the file is named .pdf but is not a PDF', file);
    const sha256 = hashBytes(bytes);
    const pdf = await openPdf(bytes, { maxPixels: ctx.maxPixels });
    try {
      const source: WholePdf = { file, bytes, sha256, pdf };
      const storedSeqs = (await membersOf(ctx.store, plan.key)).seqs;
      const stored = await storedPages(ctx, plan.key, storedSeqs);
      // Pages stored from another file (or unreadable) make this a redelivery.
      if ([...stored.values()].some((page) => page && (!('record' in page) || page.record.image.sha256 !== sha256))) {
        const lastStored = storedSeqs.at(-1) ?? 0;
        if (pdf.numPages < lastStored) {
          throw inputError(
            'redelivery_refused',
            `这一期已存 ${lastStored} 页，重新交付的 PDF 只有 ${pdf.numPages} 页：已存的页面（及其文章）不会被删去，整个文件未入库，已存内容不变`,
            `this issue has ${lastStored} pages stored and the redelivered PDF has ${pdf.numPages}: stored pages (and their articles) are never dropped, so the file was not ingested and what is stored is unchanged`,
            file,
          );
        }
        return (await replaceWholePdf(ctx, plan, source, record)) ? { name: file, sha256, pages: pdf.numPages } : null;
      }
      // Stored already when a page from it is (it goes first), unless that run stopped right after.
      const original = storageKeys.issueOriginal(plan.key, 'pdf');
      if (stored.size === 0 || !(await ctx.store.head(original))) await ctx.store.put(original, bytes);
      let kept = 0;
      for (let number = 1; number <= pdf.numPages; number++) {
        const key: PageKey = { ...plan.key, seq: number };
        const pageFile = `${file}#page=${number}`;
        try {
          const previous = stored.get(number) ?? null;
          const current = previous && 'record' in previous ? previous.record : null;
          if (current && current.image.sha256 === sha256) {
            kept++;
            record({ seq: number, file: pageFile, status: 'unchanged', page: current });
            continue;
          }
          const pdfPage = await pdf.page(number);
          const page = await storeRenderedPage(ctx, previous, key, pdfPage, { sha256, bytes: bytes.byteLength, sourceName: pageFile }, undefined);
          kept++;
          record({ seq: number, file: pageFile, status: 'stored', page, ocr: pdfPage.ocr });
        } catch (error) {
          if (isFatal(error)) throw error;
          record({ seq: number, file: pageFile, status: 'rejected', error: asPageError(error, pageFile) });
        }
      }
      // No page of a first delivery could be stored: the issue is not made, so neither is its original kept.
      if (kept === 0 && storedSeqs.length === 0) {
        await ctx.store.delete(original);
        return null;
      }
      return { name: file, sha256, pages: pdf.numPages };
    } finally {
      await pdf.close();
    }
  } catch (error) {
    if (isFatal(error)) throw error;
    record({ seq: 0, file, status: 'rejected', error: asPageError(error, file) });
    return null;
  }
}

interface WholePdf {
  file: string;
  bytes: Uint8Array;
  sha256: string;
  pdf: Awaited<ReturnType<typeof openPdf>>;
}

/** The issue's stored page records by seq, read once for deciding and for ingesting. */
async function storedPages(ctx: IngestContext, key: IssueKey, seqs: readonly number[]): Promise<Map<number, Awaited<ReturnType<typeof existingPage>>>> {
  const pages = new Map<number, Awaited<ReturnType<typeof existingPage>>>();
  for (const seq of seqs) pages.set(seq, await existingPage(ctx, { ...key, seq }));
  return pages;
}

/**
 * A redelivered whole PDF: every page read and tiled on local disk, then — only if all of them
 * could be — the original, the pages' tiles, text and records written. Returns whether it was.
 */
async function replaceWholePdf(ctx: IngestContext, plan: IssuePlan, source: WholePdf, record: (outcome: PageOutcome) => void): Promise<boolean> {
  const ready: { key: PageKey; pageFile: string; prepared: PreparedDerivatives; pdfPage: PdfPage; width: number; height: number }[] = [];
  const refused = new Map<number, InputError>();
  try {
    for (let number = 1; number <= source.pdf.numPages; number++) {
      const key: PageKey = { ...plan.key, seq: number };
      const pageFile = `${source.file}#page=${number}`;
      try {
        const pdfPage = await source.pdf.page(number);
        const image = fromRaw(pdfPage.image, 'pdf');
        const prepared = await prepareDerivatives(ctx, key, image);
        // The pixels are on disk as tiles now; hold only the text.
        ready.push({ key, pageFile, prepared, pdfPage: { ...pdfPage, image: { ...pdfPage.image, data: new Uint8Array(0) } }, width: image.width, height: image.height });
      } catch (error) {
        if (isFatal(error)) throw error;
        refused.set(number, asPageError(error, pageFile));
      }
    }
    if (refused.size > 0) {
      const numbers = [...refused.keys()].join('、');
      const numbersEn = [...refused.keys()].join(', ');
      for (let number = 1; number <= source.pdf.numPages; number++) {
        const pageFile = `${source.file}#page=${number}`;
        const error =
          refused.get(number) ??
          inputError(
            'redelivery_refused',
            `这一期已有存档，重新交付的 PDF 须每页都能入库，而第 ${numbers} 页不能：整个文件未入库，已存内容不变`,
            `this issue is already stored and a redelivered PDF must be stored whole, but page ${numbersEn} cannot be: the file was not ingested and what is stored is unchanged`,
            pageFile,
          );
        record({ seq: number, file: pageFile, status: 'rejected', error });
      }
      return false;
    }
    await ctx.store.put(storageKeys.issueOriginal(plan.key, 'pdf'), source.bytes);
    while (ready.length > 0) {
      const { key, pageFile, prepared, pdfPage, width, height } = ready.shift()!;
      const previous = await existingPage(ctx, key);
      await storeDerivatives(ctx, key, prepared, previous !== null);
      const page = await savePdfPage(ctx, previous, key, pdfPage.ocr, { width, height }, { sha256: source.sha256, bytes: source.bytes.byteLength, sourceName: pageFile }, undefined);
      record({ seq: key.seq, file: pageFile, status: 'stored', page, ocr: pdfPage.ocr });
    }
    return true;
  } finally {
    await Promise.all(ready.map((page) => page.prepared.discard()));
  }
}

async function storeRenderedPage(
  ctx: IngestContext,
  previous: Awaited<ReturnType<typeof existingPage>>,
  key: PageKey,
  pdfPage: PdfPage,
  source: { sha256: string; bytes: number; sourceName: string },
  pagePlan: PagePlan | undefined,
  storeOriginal?: () => Promise<void>,
): Promise<Page> {
  const image = fromRaw(pdfPage.image, 'pdf');
  const prepared = await prepareDerivatives(ctx, key, image);
  await storeOriginal?.();
  await storeDerivatives(ctx, key, prepared, previous !== null);
  return savePdfPage(ctx, previous, key, pdfPage.ocr, image, source, pagePlan);
}

/** A PDF page's text and record, once its tiles are stored. */
async function savePdfPage(
  ctx: IngestContext,
  previous: Awaited<ReturnType<typeof existingPage>>,
  key: PageKey,
  ocr: PageOcr | null,
  size: { width: number; height: number },
  source: { sha256: string; bytes: number; sourceName: string },
  pagePlan: PagePlan | undefined,
): Promise<Page> {
  await storeOcr(ctx, key, ocr, null);
  return savePage(ctx, previous, {
    key,
    ...(pagePlan?.label ? { label: pagePlan.label } : {}),
    ...(pagePlan?.section ? { section: pagePlan.section } : {}),
    width: size.width,
    height: size.height,
    image: { format: 'pdf', ...source },
    ocr: ocr ? { status: 'vendor', format: 'pdf', words: ocrSummary(ocr, undefined).words } : { status: 'none', words: 0 },
    updatedAt: ctx.now().toISOString(),
  });
}

function sameLabels(page: Page, plan: PagePlan): boolean {
  return (page.label ?? undefined) === (plan.label ?? undefined) && (page.section ?? undefined) === (plan.section ?? undefined);
}

// ── title, issue, articles ───────────────────────────────────────────────────────────────────

async function ensureTitle(ctx: IngestContext, plan: IssuePlan, language: string | undefined): Promise<Title> {
  const existing = await existingRecord(ctx, 'title', storageKeys.title(plan.key.title));
  const info = plan.title;
  if (existing && 'corruptEtag' in existing) return (await ctx.records.replaceUnreadable('title', existing.corruptEtag, newTitleRecord(plan, ctx.now(), language))).record;
  if (existing) {
    // Fill in what an earlier batch could not say (a name instead of the bare id), never overwrite.
    const patch = {
      ...(existing.record.name === existing.record.key.title && info.name ? { name: info.name } : {}),
      ...(!existing.record.cn && info.cn ? { cn: info.cn } : {}),
      ...(!existing.record.place && info.place ? { place: info.place } : {}),
      ...(!existing.record.lccn && info.lccn ? { lccn: info.lccn } : {}),
    };
    if (Object.keys(patch).length === 0) return existing.record;
    return (await ctx.records.replace('title', existing, { ...existing.record, ...patch, updatedAt: ctx.now().toISOString() })).record;
  }
  const title = newTitleRecord(plan, ctx.now(), language);
  try {
    return (await ctx.records.create('title', title)).record;
  } catch (error) {
    // Another shard created it a moment ago: use theirs.
    if (error instanceof StorageError && error.code === 'precondition_failed') return (await ctx.records.getTitle(info.id))!.record;
    throw error;
  }
}

/** The title record a batch's first issue makes, from what the batch says and the defaults. */
function newTitleRecord(plan: IssuePlan, now: Date, language?: string): Title {
  const info = plan.title;
  return {
    key: { title: info.id },
    kind: info.kind ?? ('volume' in plan.key ? 'document' : 'newspaper'),
    name: info.name ?? info.id,
    otherNames: info.otherNames ?? [],
    ...(info.cn ? { cn: info.cn } : {}),
    ...(info.issn ? { issn: info.issn } : {}),
    ...(info.lccn ? { lccn: info.lccn } : {}),
    ...(info.place ? { place: info.place } : {}),
    ...(info.publisher ? { publisher: info.publisher } : {}),
    language: info.language ?? language ?? 'chi',
    rights: info.rights ?? defaultRights,
    // A library's own statement without its URI gets none rather than a guessed one.
    ...(info.rightsUri ? { rightsUri: info.rightsUri } : info.rights ? {} : { rightsUri: defaultRightsUri }),
    hidden: false,
    version: 1,
    updatedAt: now.toISOString(),
  };
}

/**
 * Why the title or issue records this plan makes would be refused, naming the field; null when
 * they would be stored. Discovery checks what it reads (manifest cells); this catches the rest
 * (a vendor METS, a value no reader checked) before anything is written.
 */
function headerProblem(ctx: IngestContext, plan: IssuePlan): InputError | null {
  const now = ctx.now();
  const checks = [
    { what: { 'zh-CN': '题名', en: 'title' }, result: titleSchema.safeParse(newTitleRecord(plan, now)) },
    { what: { 'zh-CN': '期', en: 'issue' }, result: issueSchema.safeParse({ key: plan.key, ...plan.issue, version: 1, updatedAt: now.toISOString() }) },
  ];
  for (const { what, result } of checks) {
    if (result.success) continue;
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.') || what.en;
    return new InputError(
      'invalid_metadata',
      {
        'zh-CN': `${plan.source} 给出的${what['zh-CN']}信息无法保存（${field}：${issue.message}），本期各页未入库`,
        en: `the ${what.en} data from ${plan.source} cannot be stored (${field}: ${issue.message}); no page of this issue was stored`,
      },
      plan.source,
    );
  }
  return null;
}

async function ensureIssue(ctx: IngestContext, plan: IssuePlan, sourceFile: SourceFile | undefined): Promise<Issue> {
  const wanted: Issue = {
    key: plan.key,
    ...plan.issue,
    ...(sourceFile ? { source: sourceFile } : {}),
    version: 1,
    updatedAt: ctx.now().toISOString(),
  };
  const existing = await existingRecord(ctx, 'issue', storageKeys.issue(plan.key));
  if (existing && 'corruptEtag' in existing) return (await ctx.records.replaceUnreadable('issue', existing.corruptEtag, wanted)).record;
  if (!existing) {
    try {
      return (await ctx.records.create('issue', wanted)).record;
    } catch (error) {
      if (error instanceof StorageError && error.code === 'precondition_failed') return (await ctx.records.getIssue(plan.key))!.record;
      throw error;
    }
  }
  const { version: _v, updatedAt: _u, updatedBy: _b, ...current } = existing.record;
  const { version: _v2, updatedAt: _u2, ...next } = { ...existing.record, ...wanted };
  if (JSON.stringify(current) === JSON.stringify(next)) return existing.record;
  return (await ctx.records.replace('issue', existing, { ...existing.record, ...wanted, updatedAt: ctx.now().toISOString() })).record;
}

/**
 * Articles the input segments itself become draft records (segmentation "vendor", shown to
 * readers as not yet reviewed). An article that exists already is never touched: it may carry
 * a cataloguer's work.
 */
async function ensureArticles(
  ctx: IngestContext,
  plan: IssuePlan,
  stored: Extract<PageOutcome, { status: 'stored' | 'unchanged' }>[],
  titleLanguage: string,
): Promise<{ created: Set<string>; articles: Article[] }> {
  const articles: Article[] = [];
  const created = new Set<string>();
  const ocrBySeq = new Map<number, PageOcr | null>();
  const ocrOf = async (seq: number): Promise<PageOcr | null> => {
    if (!ocrBySeq.has(seq)) {
      const outcome = stored.find((o) => o.seq === seq);
      ocrBySeq.set(seq, outcome?.ocr !== undefined ? outcome.ocr : outcome ? await ctx.records.getPageOcr({ ...plan.key, seq }) : null);
    }
    return ocrBySeq.get(seq) ?? null;
  };
  for (const articlePlan of plan.articles) {
    const key = { ...plan.key, article: articlePlan.number };
    const existing = await existingRecord(ctx, 'article', storageKeys.article(key));
    if (existing && !('corruptEtag' in existing)) {
      articles.push(existing.record);
      continue;
    }
    const built = await buildArticle(ctx, plan, articlePlan, ocrOf, titleLanguage);
    if (!built) continue;
    if (existing) {
      // Unreadable as stored: the batch's article is written over it (reported by existingRecord).
      articles.push((await ctx.records.replaceUnreadable('article', existing.corruptEtag, built)).record);
      created.add(articleId(key));
      continue;
    }
    try {
      articles.push((await ctx.records.create('article', built)).record);
      created.add(articleId(key));
    } catch (error) {
      if (!(error instanceof StorageError && error.code === 'precondition_failed')) throw error;
      const theirs = await ctx.records.getArticle(key);
      if (theirs) articles.push(theirs.record);
    }
  }
  return { created, articles };
}

async function buildArticle(ctx: IngestContext, plan: IssuePlan, articlePlan: ArticlePlan, ocrOf: (seq: number) => Promise<PageOcr | null>, titleLanguage: string): Promise<Article | null> {
  const { regions, headline, text } = articlePlan.clippings ? await clippedArticle(articlePlan.clippings, ocrOf) : await blockArticle(articlePlan, ocrOf);
  if (regions.length === 0) return null;
  const firstLine = text.split('\n').find((line) => line.trim())?.trim() ?? '';
  return {
    key: { ...plan.key, article: articlePlan.number },
    title: articlePlan.clippings ? articlePlan.label || headline || firstLine.slice(0, 60) : headline || articlePlan.label || firstLine.slice(0, 60),
    ...uncatalogued(),
    ...(articlePlan.genre ? { genre: articlePlan.genre } : {}),
    language: articlePlan.language ?? detectLanguage(text) ?? titleLanguage,
    text: { ocr: text },
    regions: articlePlan.clippings ? regions : mergeTouchingRegions(regions),
    status: 'draft',
    segmentation: 'vendor',
    version: 1,
    updatedAt: ctx.now().toISOString(),
  };
}

type BuiltParts = { regions: Article['regions']; headline: string; text: string };

/**
 * METS areas name OCR blocks — or composed blocks (an advert, a table) by their id, which stand for
 * the blocks inside them, or for their own box when they hold no text. The headline is the title
 * field; the text is everything else of the article.
 */
async function blockArticle(articlePlan: ArticlePlan, ocrOf: (seq: number) => Promise<PageOcr | null>): Promise<BuiltParts> {
  const resolve = async (area: ArticlePlan['areas'][number]): Promise<{ ocr: PageOcr; blocks: number[]; box: Box | null } | null> => {
    const ocr = await ocrOf(area.seq);
    if (!ocr) return null;
    const index = ocr.blocks.findIndex((block) => block.sourceId === area.blockId);
    if (index >= 0) return { ocr, blocks: [index], box: null };
    const zone = ocr.zones?.find((z) => z.sourceId === area.blockId);
    return zone ? { ocr, blocks: zone.blocks, box: zone.blocks.length === 0 ? zone.box : null } : null;
  };
  const regions: Article['regions'] = [];
  const textOf = async (areas: ArticlePlan['areas']): Promise<string[]> => {
    const parts: string[] = [];
    for (const area of areas) {
      const found = await resolve(area);
      if (found && found.blocks.length > 0) parts.push(ocrText(found.ocr, { blocks: new Set(found.blocks) }).text);
    }
    return parts;
  };
  for (const area of articlePlan.areas) {
    const found = await resolve(area);
    if (!found) continue;
    if (found.box) regions.push({ seq: area.seq, ...found.box });
    for (const index of found.blocks) regions.push({ seq: area.seq, ...found.ocr.blocks[index]!.box });
  }
  const headlineIds = new Set(articlePlan.headline.map((area) => `${area.seq}/${area.blockId}`));
  const text = (await textOf(articlePlan.areas.filter((area) => !headlineIds.has(`${area.seq}/${area.blockId}`)))).join('\n\n');
  const headline = (await textOf(articlePlan.headline)).join(' ').replace(/\s+/g, ' ').trim();
  return { regions, headline, text };
}

/** Rectangles people cut (clippings and their zones): the regions as cut, the text the OCR inside them. */
async function clippedArticle(clippings: NonNullable<ArticlePlan['clippings']>, ocrOf: (seq: number) => Promise<PageOcr | null>): Promise<BuiltParts> {
  const regions: Article['regions'] = [];
  const texts: string[] = [];
  for (const seq of [...new Set(clippings.map((clipping) => clipping.seq))]) {
    const ocr = await ocrOf(seq);
    const boxes = clippings.filter((clipping) => clipping.seq === seq).map((clipping) => clipping.box);
    // A rectangle reaching past the page (vendors round up) is cut back to the page.
    const onPage = ocr ? boxes.map((box) => clampBox(box, ocr.width, ocr.height)).filter((box): box is Box => box !== null) : boxes;
    regions.push(...onPage.map((box) => ({ seq, ...box })));
    if (ocr) texts.push(ocrText(ocrWithin(ocr, onPage)).text);
  }
  return { regions, headline: '', text: texts.filter(Boolean).join('\n\n') };
}

function clampBox(box: Box, width: number, height: number): Box | null {
  const x = Math.min(box.x, width);
  const y = Math.min(box.y, height);
  const w = Math.min(box.x + box.w, width) - x;
  const h = Math.min(box.y + box.h, height) - y;
  return w >= 1 && h >= 1 ? { x, y, w, h } : null;
}

/** Blocks of one column stacked directly on each other become one region. */
function mergeTouchingRegions(regions: Article['regions']): Article['regions'] {
  const merged: Article['regions'] = [];
  for (const region of regions) {
    const last = merged.at(-1);
    const stacked =
      last && last.seq === region.seq && Math.abs(last.x - region.x) < 20 && Math.abs(last.w - region.w) < 40 && region.y - (last.y + last.h) < Math.min(last.h, region.h) * 0.5 && region.y >= last.y;
    if (last && stacked) {
      const box = unionBox([last, region])!;
      merged[merged.length - 1] = { seq: region.seq, ...box };
    } else {
      merged.push(region);
    }
  }
  return merged;
}

// ── index ────────────────────────────────────────────────────────────────────────────────────

/**
 * Index documents for one issue: each stored page as soon as it is stored; at the end its
 * articles, and anything of the issue missing from the index (a run killed between storage and
 * index leaves such pages: they are found and indexed on the next run).
 */
class IssueIndexing {
  private readonly tasks: Promise<IndexTask | null>[] = [];
  private readonly sent = new Set<string>();
  private failure: unknown = null;

  constructor(
    private readonly ctx: IngestContext,
    private readonly key: IssueKey,
  ) {}

  page(headers: Promise<{ title: Title; issue: Issue }>, page: Page, ocr: PageOcr | null): void {
    this.sent.add(pageId(page.key));
    this.tasks.push(
      (async () => {
        try {
          const { title, issue } = await headers;
          return await this.ctx.search.putDocuments(this.ctx.search.indexUid(indexNames.pages), [pageDocument(title, issue, page, ocr ? ocrText(ocr).text : '') as unknown as Record<string, unknown>]);
        } catch (error) {
          // Kept for finish() to throw: a task nobody awaits yet must not reject unhandled.
          this.failure ??= error;
          return null;
        }
      })(),
    );
  }

  async finish(title: Title, issue: Issue, stored: Extract<PageOutcome, { status: 'stored' | 'unchanged' }>[], articles: Article[], createdArticles: Set<string>): Promise<void> {
    const early = await Promise.all(this.tasks);
    if (this.failure) throw this.failure;
    const { search } = this.ctx;
    const pagesUid = search.indexUid(indexNames.pages);
    const articlesUid = search.indexUid(indexNames.articles);
    const present = async (uid: string): Promise<Set<string>> => {
      const result = await search.search<{ id: string }>(uid, { q: '', filter: `issueId = "${issueId(this.key)}"`, attributesToRetrieve: ['id'], hitsPerPage: 10_000 });
      return new Set(result.hits.map((hit) => hit.id));
    };
    const unchanged = stored.filter((outcome) => outcome.status === 'unchanged');
    const pagesPresent = unchanged.length > 0 || articles.length > 0 ? await present(pagesUid) : new Set<string>();
    const articlesPresent = articles.length > createdArticles.size ? await present(articlesUid) : new Set<string>();
    const pageDocs = [];
    for (const outcome of unchanged) {
      if (pagesPresent.has(pageId(outcome.page.key)) || this.sent.has(pageId(outcome.page.key))) continue;
      const ocr = await this.ctx.records.getPageOcr(outcome.page.key);
      pageDocs.push(pageDocument(title, issue, outcome.page, ocr ? ocrText(ocr).text : ''));
    }
    const pages = stored.map((o) => o.page);
    const articleDocs = articles
      .filter((article) => createdArticles.has(articleId(article.key)) || !articlesPresent.has(articleId(article.key)))
      .map((article) => articleDocument(title, issue, article, pages));
    const tasks = early.filter((task): task is IndexTask => task !== null);
    // Pages with articles cut from them are found through their articles from now on.
    const segmented = new Set(articles.flatMap((article) => article.regions.map((region) => region.seq)));
    for (const doc of pageDocs) doc.segmented = segmented.has(doc.seq);
    const inFullDocs = new Set(pageDocs.map((doc) => doc.id));
    // Partial updates only for documents known to exist (Meilisearch would create a stub otherwise).
    const newlySegmented = stored
      .map((o) => pageId(o.page.key))
      .filter((id, i) => segmented.has(stored[i]!.seq) && !inFullDocs.has(id) && (this.sent.has(id) || pagesPresent.has(id)))
      .map((id) => ({ id, segmented: true }));
    if (newlySegmented.length > 0) tasks.push(await search.updateDocuments(pagesUid, newlySegmented));
    if (pageDocs.length > 0) tasks.push(await search.putDocuments(pagesUid, pageDocs as unknown as Record<string, unknown>[]));
    if (articleDocs.length > 0) tasks.push(await search.putDocuments(articlesUid, articleDocs as unknown as Record<string, unknown>[]));
    for (const task of tasks) await search.waitForTask(task);
  }
}

/** Storage that is down or misconfigured stops the run: carrying on would only fail every page. */
export function isFatal(error: unknown): boolean {
  return error instanceof StorageError && (error.code === 'unavailable' || error.code === 'misconfigured');
}

function asPageError(error: unknown, file: string): InputError {
  if (error instanceof InputError) return error.inFile(file);
  if (error instanceof StorageError) {
    return new InputError('storage', { 'zh-CN': `写入存储失败：${error.message}`, en: `storage write failed: ${error.message}` }, file, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new InputError('corrupt_image', { 'zh-CN': `处理失败：${message}`, en: `processing failed: ${message}` }, file, { cause: error });
}
