/**
 * Machine segmentation of the pages nobody has cut into articles yet: layout analysis
 * (domain/segmentation.ts) of each page with OCR and no article on it — with its image where the
 * runtime can decode one — gives draft articles, marked `machine` so readers see them as 未审校
 * and cataloguers find them in their queue. Page furniture is no article; adverts and pictures
 * are typed; a story continued on a later page of the issue (转第3版 / 接第1版) becomes one article
 * with regions on both. A page whose drafts would mislead is left to a person and says why in the
 * 待切分 queue. Pages that already carry articles (from METS, the vendor or a cataloguer) are never
 * touched, so running it again changes nothing. Records are stored before the index is told.
 */
import { pagesOfArticle, uncatalogued, type Article } from '../domain/article.ts';
import { linkContinuations } from '../domain/layout/continuations.ts';
import { detectLanguage } from '../domain/language.ts';
import { issueKeyOf, pageId, type ArticleKey, type IssueKey, type PageKey } from '../domain/natural-keys.ts';
import { ocrText, ocrWithin } from '../domain/ocr-text.ts';
import type { Page } from '../domain/page.ts';
import type { PageOcr } from '../domain/page-ocr.ts';
import { articleDocument } from '../domain/search-documents.ts';
import { segmentLayout, type InkBitmap, type SegmentedUnit } from '../domain/segmentation.ts';
import type { SearchIndex } from '../ports.ts';
import { membersOf } from './issue-members.ts';
import type { RecordStore, Stored } from './record-store.ts';
import { indexNames } from './search-indexes.ts';

export interface SegmentationReport {
  issues: number;
  pagesSegmented: number;
  pagesSkipped: number;
  /** Pages layout analysis left to a person (no drafts made). */
  pagesUncertain: number;
  articlesCreated: number;
  /** Stories joined across pages by their 转版 cues. */
  continuationsLinked: number;
}

export interface SegmentationDeps {
  records: RecordStore;
  search: SearchIndex;
  /** The page as ink (rules, pictures); without it the OCR alone is used. Node decodes images; Workers cannot. */
  inkOf?: (key: PageKey) => Promise<InkBitmap | null>;
  now?: () => Date;
}

const emptyReport = (): SegmentationReport => ({ issues: 1, pagesSegmented: 0, pagesSkipped: 0, pagesUncertain: 0, articlesCreated: 0, continuationsLinked: 0 });

interface Draft {
  seq: number;
  label: string;
  unit: SegmentedUnit;
  ocr: PageOcr;
}

export async function segmentIssue(deps: SegmentationDeps, key: IssueKey): Promise<SegmentationReport> {
  const { records, search } = deps;
  const now = deps.now ?? (() => new Date());
  const report = emptyReport();
  const title = (await records.getTitle(key.title))?.record;
  if (!title) return { ...report, issues: 0 };
  const issue = (await records.getIssue(key))?.record ?? null;
  const { seqs, articles: numbers } = await membersOf(records.objects, key);
  if (seqs.length === 0) return { ...report, issues: 0 };
  const existing = (await Promise.all(numbers.map((n) => records.getArticle({ ...issueKeyOf(key), article: n })))).flatMap((stored) => (stored ? [stored.record] : []));
  const covered = new Set(existing.flatMap(pagesOfArticle));
  const pages: Page[] = [];
  const drafts: Draft[] = [];
  const uncertainPages: { stored: Stored<Page>; reason: NonNullable<Page['layout']>['uncertain'] }[] = [];
  for (const seq of seqs) {
    const pageKey: PageKey = { ...issueKeyOf(key), seq };
    const stored = await records.getPage(pageKey);
    if (stored) pages.push(stored.record);
    const ocr = stored && !covered.has(seq) ? await records.getPageOcr(pageKey) : null;
    if (!stored || !ocr) {
      report.pagesSkipped++;
      continue;
    }
    const bitmap = (await deps.inkOf?.(pageKey)) ?? null;
    const layout = segmentLayout(ocr, { ...(bitmap ? { bitmap } : {}), firstPage: seq === seqs[0] });
    const units = layout.units.filter((unit) => unit.kind !== 'masthead' && unit.kind !== 'running-head');
    if (layout.uncertain) {
      uncertainPages.push({ stored, reason: layout.uncertain });
      report.pagesUncertain++;
      continue;
    }
    if (units.length === 0) {
      report.pagesSkipped++;
      continue;
    }
    report.pagesSegmented++;
    const label = labelOf(stored.record);
    for (const unit of units) drafts.push({ seq, label, unit, ocr });
  }

  // Pieces of one story on two pages, joined by what their text says (转第3版 … 接第1版).
  const links = linkContinuations(drafts.map((draft) => ({ seq: draft.seq, label: draft.label, cues: draft.unit.cues })));
  const continuedBy = new Map(links.map(([from, to]) => [from, to]));
  const joined = new Set(links.map(([, to]) => to));
  report.continuationsLinked = links.length;

  let next = Math.max(0, ...numbers) + 1;
  const created: Article[] = [];
  for (const [index, draft] of drafts.entries()) {
    if (joined.has(index)) continue;
    const pieces = [draft];
    for (let at = continuedBy.get(index); at !== undefined; at = continuedBy.get(at)) pieces.push(drafts[at]!);
    const text = pieces.map((piece) => ocrText(ocrWithin(piece.ocr, piece.unit.regions)).text).join('\n\n');
    // An advert is named by its first line (the advertiser); an article without a headline waits for its cataloguer.
    const firstLine = ocrText(ocrWithin(draft.ocr, draft.unit.regions), { layout: 'lines' }).text.split('\n').find((line) => line.trim())?.trim().slice(0, 60) ?? '';
    const article: Article = {
      key: { ...issueKeyOf(key), article: next++ } as ArticleKey,
      title: draft.unit.headline || (draft.unit.kind === 'advertisement' ? firstLine : ''),
      ...(draft.unit.kicker ? { kicker: draft.unit.kicker } : {}),
      ...(draft.unit.subtitle ? { subtitle: draft.unit.subtitle } : {}),
      ...uncatalogued(),
      ...(draft.unit.genre ? { genre: draft.unit.genre } : {}),
      language: detectLanguage(text) ?? title.language,
      text: { ocr: text },
      regions: pieces.flatMap((piece) => piece.unit.regions.map((region) => ({ seq: piece.seq, ...region }))),
      status: 'draft',
      segmentation: 'machine',
      version: 1,
      updatedAt: now().toISOString(),
    };
    created.push((await records.create('article', article)).record);
  }
  for (const { stored, reason } of uncertainPages) {
    await records.replace('page', stored, { ...stored.record, layout: { uncertain: reason, checkedAt: now().toISOString() } });
  }
  if (created.length > 0) {
    await search.waitForTask(await search.putDocuments(search.indexUid(indexNames.articles), created.map((article) => articleDocument(title, issue, article, pages) as unknown as Record<string, unknown>)));
  }
  const pageUpdates = [
    ...[...new Set(created.flatMap(pagesOfArticle))].map((seq) => ({ id: pageId({ ...issueKeyOf(key), seq }), segmented: true })),
    ...uncertainPages.map(({ stored, reason }) => ({ id: pageId(stored.record.key), layoutUncertain: reason })),
  ];
  if (pageUpdates.length > 0) await search.waitForTask(await search.updateDocuments(search.indexUid(indexNames.pages), pageUpdates));
  report.articlesCreated = created.length;
  return report;
}

/** The page's printed number, as continuation cues name it: its label's digits, else its place in the issue. */
function labelOf(page: Page): string {
  const digits = /\d+/.exec(page.label ?? '')?.[0];
  return digits ? String(Number(digits)) : String(page.key.seq);
}
