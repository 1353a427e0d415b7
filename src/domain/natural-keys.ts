/**
 * Natural keys and everything derived from them. A record stores its key once; its URL path,
 * storage keys and Meilisearch document id are computed here and nowhere else.
 *
 *   title     qyrb
 *   issue     qyrb/1995-03-01/ed-1         (a local-history volume: qyxz/vol-3)
 *   page      qyrb/1995-03-01/ed-1/seq-3
 *   article   qyrb/1995-03-01/ed-1/art-12  (numbered within its issue; its regions may span pages)
 *
 * Meilisearch ids allow only [A-Za-z0-9_-], so ids replace "/" with "_" (title ids never contain "_").
 */
import { z } from 'zod';

const titleIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const titleIdMaxLength = 64;
/** The largest number each part of a key may have (all start at 1). */
const largest = { edition: 99, volume: 9999, seq: 9999, article: 99999 } as const;

/** A title's id: lowercase ASCII words joined by hyphens, e.g. a pinyin slug or a CN / LCCN number. */
export const titleIdSchema = z
  .string()
  .max(titleIdMaxLength, `title id: at most ${titleIdMaxLength} characters`)
  .regex(titleIdPattern, 'title id: lowercase letters, digits and single hyphens, e.g. "qingyuan-ribao" or "cn44-0043"');

/** A calendar date YYYY-MM-DD that exists (no 1995-02-30). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date: YYYY-MM-DD')
  .refine(isCalendarDate, 'date: no such day in the calendar');

const numberUpTo = (max: number) => z.number().int().min(1).max(max);
const editionSchema = numberUpTo(largest.edition);
const volumeSchema = numberUpTo(largest.volume);
const seqSchema = numberUpTo(largest.seq);
const articleNumberSchema = numberUpTo(largest.article);

/** 期: one issue of a newspaper on a date, in an edition (1 unless the paper printed several that day). */
export const datedIssueKeySchema = z.object({ title: titleIdSchema, date: isoDateSchema, edition: editionSchema });
/** 卷/册: one volume of a local-history document. */
export const volumeKeySchema = z.object({ title: titleIdSchema, volume: volumeSchema });
export const issueKeySchema = z.union([datedIssueKeySchema, volumeKeySchema]);
export const pageKeySchema = z.union([datedIssueKeySchema.extend({ seq: seqSchema }), volumeKeySchema.extend({ seq: seqSchema })]);
export const articleKeySchema = z.union([
  datedIssueKeySchema.extend({ article: articleNumberSchema }),
  volumeKeySchema.extend({ article: articleNumberSchema }),
]);

export type DatedIssueKey = z.infer<typeof datedIssueKeySchema>;
export type VolumeKey = z.infer<typeof volumeKeySchema>;
export type IssueKey = z.infer<typeof issueKeySchema>;
export type PageKey = z.infer<typeof pageKeySchema>;
export type ArticleKey = z.infer<typeof articleKeySchema>;

export function isVolumeKey(key: IssueKey): key is VolumeKey {
  return 'volume' in key;
}

/** The issue part of a page or article key. */
export function issueKeyOf(key: IssueKey): IssueKey {
  return isVolumeKey(key) ? { title: key.title, volume: key.volume } : { title: key.title, date: key.date, edition: key.edition };
}

// ── paths: the natural key as "/"-separated segments ────────────────────────────────────────

/** The key's segments joined: "/" for paths, "_" for ids (built directly: every search hit makes several). */
function issueJoined(key: IssueKey, separator: '/' | '_'): string {
  return isVolumeKey(key) ? `${key.title}${separator}vol-${key.volume}` : `${key.title}${separator}${key.date}${separator}ed-${key.edition}`;
}

export function issuePath(key: IssueKey): string {
  return issueJoined(key, '/');
}

export function pagePath(key: PageKey): string {
  return `${issueJoined(key, '/')}/seq-${key.seq}`;
}

export function articlePath(key: ArticleKey): string {
  return `${issueJoined(key, '/')}/art-${key.article}`;
}

// ── Meilisearch document ids: the path with "_" for "/" ──────────────────────────────────────

export const issueId = (key: IssueKey): string => issueJoined(key, '_');
export const pageId = (key: PageKey): string => `${issueJoined(key, '_')}_seq-${key.seq}`;
export const articleId = (key: ArticleKey): string => `${issueJoined(key, '_')}_art-${key.article}`;

export type ParsedId =
  | { kind: 'title'; key: { title: string } }
  | { kind: 'issue'; key: IssueKey }
  | { kind: 'page'; key: PageKey }
  | { kind: 'article'; key: ArticleKey };

/**
 * Reads any id (or path) back into its natural key; null for anything that is not one. The same
 * rules as the key schemas, checked directly: every search hit and every URL is read here.
 */
export function parseId(id: string): ParsedId | null {
  const segments = id.split(/[_/]/);
  const title = segments[0]!;
  if (title.length > titleIdMaxLength || !titleIdPattern.test(title)) return null;
  if (segments.length === 1) return { kind: 'title', key: { title } };

  let issue: IssueKey;
  /** Where the segment after the issue's stands. */
  let child: number;
  const volume = numbered('vol', segments[1], largest.volume);
  if (volume !== null) {
    issue = { title, volume };
    child = 2;
  } else {
    const date = segments[1]!;
    const edition = numbered('ed', segments[2], largest.edition);
    if (edition === null || !isCalendarDate(date)) return null;
    issue = { title, date, edition };
    child = 3;
  }
  if (segments.length === child) return { kind: 'issue', key: issue };
  if (segments.length !== child + 1) return null;

  const seq = numbered('seq', segments[child], largest.seq);
  if (seq !== null) return { kind: 'page', key: { ...issue, seq } };
  const article = numbered('art', segments[child], largest.article);
  return article !== null ? { kind: 'article', key: { ...issue, article } } : null;
}

/** The number n of "prefix-n" (no leading zeros, 1 … max), or null. */
function numbered(prefix: string, segment: string | undefined, max: number): number | null {
  if (!segment?.startsWith(`${prefix}-`)) return null;
  const digits = segment.slice(prefix.length + 1);
  if (!/^[1-9]\d{0,5}$/.test(digits)) return null;
  const n = Number(digits);
  return n <= max ? n : null;
}

// ── URL paths for people (stable, citable) ──────────────────────────────────────────────────

export const urls = {
  title: (title: string): string => `/titles/${title}`,
  issue: (key: IssueKey): string => `/titles/${issuePath(key)}`,
  page: (key: PageKey): string => `/titles/${pagePath(key)}`,
  article: (key: ArticleKey): string => `/articles/${articleId(key)}`,
  /** The article in the cataloguers' workspace (the editor). */
  catalogArticle: (key: ArticleKey): string => `/catalog/articles/${articleId(key)}`,
  /** The page's thumbnail image (JPEG, 256–512 px). */
  thumbnail: (key: PageKey): string => `/thumbnails/${pageId(key)}.jpg`,
  /** IIIF Image API 3.0 base URI of a page image (identifier = page id). */
  iiifImage: (key: PageKey): string => `/iiif/3/${pageId(key)}`,
  iiifManifest: (key: IssueKey): string => `/iiif/3/manifests/${issueId(key)}`,
};

// ── storage keys ─────────────────────────────────────────────────────────────────────────────
// Records live under records/ so that a rebuild lists only JSON, never the millions of tiles.

export const storageKeys = {
  recordsPrefix: 'records/',
  title: (title: string): string => `records/${title}/title.json`,
  issue: (key: IssueKey): string => `records/${issuePath(key)}/issue.json`,
  page: (key: PageKey): string => `records/${pagePath(key)}/page.json`,
  article: (key: ArticleKey): string => `records/${articlePath(key)}/article.json`,
  /** A file delivered for a whole issue or volume (a multi-page PDF), exactly as delivered. */
  issueOriginal: (key: IssueKey, extension: string): string => `pages/${issuePath(key)}/original.${extension}`,
  /** The page image exactly as delivered (extension from its format). */
  pageOriginal: (key: PageKey, extension: string): string => `pages/${pagePath(key)}/original.${extension}`,
  /** The OCR file exactly as delivered (ALTO, hOCR, JSON). */
  pageOcrSource: (key: PageKey, extension: string): string => `pages/${pagePath(key)}/ocr-source.${extension}`,
  /** Normalized OCR (see page-ocr.ts). */
  pageOcr: (key: PageKey): string => `pages/${pagePath(key)}/ocr.json`,
  /** Earlier OCR of a page, kept when it was read again (`at`: when it was replaced, ISO 8601). */
  pageOcrVersions: (key: PageKey): string => `pages/${pagePath(key)}/ocr-versions/`,
  pageOcrVersion: (key: PageKey, at: string): string => `pages/${pagePath(key)}/ocr-versions/${at.replace(/[:.]/g, '-')}.json`,
  /** The page's running text and word boxes, compact, for placing search hits (see page-text.ts). */
  pageText: (key: PageKey): string => `pages/${pagePath(key)}/text.bin`,
  pageThumbnail: (key: PageKey): string => `pages/${pagePath(key)}/thumbnail.jpg`,
  /** IIIF level-0 tiles and info.json, laid out exactly as their URLs below /iiif/3/. */
  iiifImage: (key: PageKey): string => `iiif/${pageId(key)}`,
};

/** The record kind a key under records/ holds, so a rebuild can route what it lists. */
export function recordKindOfStorageKey(key: string): 'title' | 'issue' | 'page' | 'article' | null {
  if (!key.startsWith(storageKeys.recordsPrefix)) return null;
  const file = key.slice(key.lastIndexOf('/') + 1);
  switch (file) {
    case 'title.json':
      return 'title';
    case 'issue.json':
      return 'issue';
    case 'page.json':
      return 'page';
    case 'article.json':
      return 'article';
    default:
      return null;
  }
}

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
