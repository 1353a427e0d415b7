/**
 * Machine segmentation of the pages nobody has cut into articles yet: each page with OCR and no
 * article on it is cut by the layout heuristic (domain/segmentation.ts) into draft articles,
 * marked `machine` so readers see them as 未审校 and cataloguers find them in their queue. Pages
 * that already carry articles (from METS, the vendor or a cataloguer) are never touched, so running
 * it again changes nothing. Records are stored before the index is told.
 */
import { pagesOfArticle, uncatalogued, type Article } from '../domain/article.ts';
import { issueKeyOf, pageId, type ArticleKey, type IssueKey, type PageKey } from '../domain/natural-keys.ts';
import { ocrText, ocrWithin } from '../domain/ocr-text.ts';
import type { Page } from '../domain/page.ts';
import { articleDocument } from '../domain/search-documents.ts';
import { segmentPage } from '../domain/segmentation.ts';
import type { SearchIndex } from '../ports.ts';
import { membersOf } from './issue-members.ts';
import type { RecordStore } from './record-store.ts';
import { indexNames } from './search-indexes.ts';

export interface SegmentationReport {
  issues: number;
  pagesSegmented: number;
  pagesSkipped: number;
  articlesCreated: number;
}

export async function segmentIssue(records: RecordStore, search: SearchIndex, key: IssueKey, now: () => Date = () => new Date()): Promise<SegmentationReport> {
  const report: SegmentationReport = { issues: 1, pagesSegmented: 0, pagesSkipped: 0, articlesCreated: 0 };
  const title = (await records.getTitle(key.title))?.record;
  if (!title) return { ...report, issues: 0 };
  const issue = (await records.getIssue(key))?.record ?? null;
  const { seqs, articles: numbers } = await membersOf(records.objects, key);
  if (seqs.length === 0) return { ...report, issues: 0 };
  const existing = (await Promise.all(numbers.map((n) => records.getArticle({ ...issueKeyOf(key), article: n } as ArticleKey)))).flatMap((stored) => (stored ? [stored.record] : []));
  const covered = new Set(existing.flatMap(pagesOfArticle));
  let next = Math.max(0, ...numbers) + 1;
  const created: Article[] = [];
  const pages: Page[] = [];
  for (const seq of seqs) {
    const pageKey = { ...issueKeyOf(key), seq } as PageKey;
    const page = (await records.getPage(pageKey))?.record;
    if (page) pages.push(page);
    const ocr = page && !covered.has(seq) ? await records.getPageOcr(pageKey) : null;
    if (!page || !ocr) {
      report.pagesSkipped++;
      continue;
    }
    const candidates = segmentPage(ocr);
    if (candidates.length === 0) {
      report.pagesSkipped++;
      continue;
    }
    report.pagesSegmented++;
    for (const candidate of candidates) {
      const article: Article = {
        key: { ...issueKeyOf(key), article: next++ } as ArticleKey,
        title: candidate.headline,
        ...uncatalogued(),
        language: title.language,
        text: { ocr: ocrText(ocrWithin(ocr, candidate.regions)).text },
        regions: candidate.regions.map((region) => ({ seq, ...region })),
        status: 'draft',
        segmentation: 'machine',
        version: 1,
        updatedAt: now().toISOString(),
      };
      created.push((await records.create('article', article)).record);
    }
  }
  if (created.length > 0) {
    await search.waitForTask(await search.putDocuments(search.indexUid(indexNames.articles), created.map((article) => articleDocument(title, issue, article, pages) as unknown as Record<string, unknown>)));
    const segmentedPages = [...new Set(created.flatMap(pagesOfArticle))].map((seq) => ({ id: pageId({ ...issueKeyOf(key), seq } as PageKey), segmented: true }));
    await search.waitForTask(await search.updateDocuments(search.indexUid(indexNames.pages), segmentedPages));
  }
  report.articlesCreated = created.length;
  return report;
}
