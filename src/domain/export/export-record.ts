/**
 * One article as every export format sees it: the record, its paper or document (host), its issue
 * and pages, and the facts derived from them once (stable URL, date, 版次, 版名).
 */
import { pagesOfArticle, type Article } from '../article.ts';
import { printedPageNumber } from '../citation.ts';
import type { Issue } from '../issue.ts';
import { articleId, isVolumeKey } from '../natural-keys.ts';
import type { Page } from '../page.ts';
import type { Title } from '../title.ts';

export interface ExportRecord {
  article: Article;
  title: Title;
  issue: Issue | null;
  /** The pages the article is printed on (any order). */
  pages: Page[];
  /** Absolute stable URL of the article (its identifier everywhere). */
  url: string;
}

export interface ExportFacts {
  id: string;
  /** YYYY-MM-DD for a newspaper article; a volume's publication date (possibly partial) otherwise. */
  date: string | null;
  /** 版次 numbers as printed, in order: ["3"], ["1", "4"] for 转版. */
  pageNumbers: string[];
  /** 版名 of those pages, where known. */
  pageNames: string[];
  /** The article's title with 引题 / 副题 joined as printed. */
  fullTitle: string;
  issueNo: string | null;
  /** The text readers see: the correction when there is one. */
  text: string;
  rights: string;
}

export function exportFacts(record: ExportRecord): ExportFacts {
  const { article, issue } = record;
  const seqs = pagesOfArticle(article);
  const pageOf = (seq: number) => record.pages.find((page) => page.key.seq === seq);
  return {
    id: articleId(article.key),
    date: isVolumeKey(article.key) ? (issue?.published ?? null) : article.key.date,
    pageNumbers: seqs.map((seq) => printedPageNumber(pageOf(seq)?.label, seq)),
    pageNames: [...new Set(seqs.map((seq) => pageOf(seq)?.section).filter((name): name is string => Boolean(name)))],
    fullTitle: [article.kicker, article.title, article.subtitle].filter(Boolean).join(' '),
    issueNo: issue?.issueNo ?? null,
    text: article.text.corrected ?? article.text.ocr,
    rights: article.rights ?? record.title.rights,
  };
}
