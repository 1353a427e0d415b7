/**
 * What discovery finds in a batch, before anything is read in full: titles, issues (or volumes),
 * their pages with the files that make each one, and articles where the input segments them.
 * The pipeline turns plans into stored records; problems found on the way are kept to report.
 */
import type { Genre } from '../../src/domain/article.ts';
import type { IssueKey } from '../../src/domain/natural-keys.ts';
import type { Box } from '../../src/domain/region.ts';
import type { OcrFormat } from '../../src/domain/page.ts';
import type { Title } from '../../src/domain/title.ts';
import type { Text } from '../../src/i18n.ts';
import type { InputError } from '../readers/input-error.ts';

/** Title fields a batch can supply; the rest take defaults. */
export type TitleInfo = { id: string } & Partial<Pick<Title, 'name' | 'kind' | 'cn' | 'issn' | 'lccn' | 'place' | 'publisher' | 'rights' | 'rightsUri' | 'otherNames' | 'language'>>;

export interface IssueInfo {
  printedDate?: string;
  issueNo?: string;
  totalIssueNo?: string;
  label?: string;
  published?: string;
}

export type PageImageRef =
  /** An image file in the batch (path relative to the batch root). */
  | { kind: 'file'; path: string }
  /** A page of a PDF in the batch. */
  | { kind: 'pdf'; path: string; pageNumber: number };

export interface PagePlan {
  seq: number;
  image: PageImageRef;
  ocr?: { path: string; format: Exclude<OcrFormat, 'pdf'> };
  /** 版次 as printed, e.g. 第3版 or A3. */
  label?: string;
  /** 版名, e.g. 要闻. */
  section?: string;
}

/**
 * An article the input segments itself: a METS logical structMap names OCR blocks (or composed
 * blocks) of pages; a vendor's article files give rectangles people cut on the pages instead.
 */
export interface ArticlePlan {
  number: number;
  label?: string;
  genre?: Genre;
  /** ISO 639-2 code, when the package states the article's language. */
  language?: string;
  areas: { seq: number; blockId: string }[];
  headline: { seq: number; blockId: string }[];
  /** Rectangles on pages, in reading order (iArchives clippings and their zones); the text is the OCR inside them. */
  clippings?: { seq: number; box: Box }[];
}

export interface IssuePlan {
  key: IssueKey;
  title: TitleInfo;
  issue: IssueInfo;
  pages: PagePlan[];
  articles: ArticlePlan[];
  /** Where the issue was described (a METS file, a folder, a PDF), for reports. */
  source: string;
}

export interface BatchPlan {
  issues: IssuePlan[];
  /** Files refused while discovering (missing, duplicated, unsafe names, bad metadata, unrecognised). */
  problems: InputError[];
  /** Files a package carries for other uses (DTDs, vendor reports, clipping images), each with why it is not ingested. */
  companions: { file: string; reason: Text }[];
}
