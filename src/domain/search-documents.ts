/**
 * What goes into Meilisearch for a page and for an article: flat documents derived from the
 * records (never stored twice), with dates as integers YYYYMMDD for range filters and sorting.
 * Text is indexed twice: as printed (what readers see) and folded (what search matches: 報 = 报),
 * character for character, so a match in the folded text is found again in the original.
 * Names also get pinyin forms (qingyuanribao, qyrb).
 */
import type { Article } from './article.ts';
import { displayText, pagesOfArticle } from './article.ts';
import type { Issue } from './issue.ts';
import { articleId, issueId, isVolumeKey, pageId, type IssueKey } from './natural-keys.ts';
import type { Page } from './page.ts';
import type { Title } from './title.ts';
import { fold } from './fold.ts';
import { numberTokens } from './number-tokens.ts';
import { pinyinForms } from './pinyin.ts';

interface IssueFields {
  titleId: string;
  titleName: string;
  titleNameFolded: string;
  titleKind: Title['kind'];
  /** Hidden titles stay out of every public search (filter hidden = false). */
  hidden: boolean;
  issueId: string;
  /** YYYYMMDD, or null for a volume without a date. */
  date: number | null;
  year: number | null;
  decade: number | null;
  /** MMDD of the date, for 历史上的今天 (this month and day in past years). */
  monthDay: number | null;
  edition: number | null;
  volume: number | null;
}

export interface PageDocument extends IssueFields {
  id: string;
  seq: number;
  label: string | null;
  section: string | null;
  text: string;
  textFolded: string;
  /** The numbers printed in the text, each whole and beside its Chinese neighbours (number-tokens.ts). */
  numbers: string;
  sectionFolded: string | null;
  /** Pinyin of the paper's name. */
  pinyin: string[];
  hasText: boolean;
  ocrStatus: Page['ocr']['status'];
  /** Whether articles have been cut from this page (then search shows them, not the page). */
  segmented: boolean;
  /** Why layout analysis left the page to a person, when it did (shown in the 待切分 queue). */
  layoutUncertain: string | null;
}

export interface ArticleDocument extends IssueFields {
  id: string;
  /** The page it starts on, and every page it is printed on. */
  seq: number;
  pages: number[];
  pageLabel: string | null;
  section: string | null;
  sectionFolded: string | null;
  title: string;
  kicker: string | null;
  subtitle: string | null;
  column: string | null;
  genre: string | null;
  subjects: string[];
  keywords: string[];
  persons: string[];
  organizations: string[];
  places: string[];
  clc: string[];
  text: string;
  titleFolded: string;
  kickerFolded: string | null;
  subtitleFolded: string | null;
  columnFolded: string | null;
  subjectsFolded: string[];
  keywordsFolded: string[];
  personsFolded: string[];
  organizationsFolded: string[];
  placesFolded: string[];
  textFolded: string;
  /** The numbers printed in the headline and text, each whole and beside its Chinese neighbours (number-tokens.ts). */
  numbers: string;
  /** Pinyin of the paper's name and of the people, places and organizations named. */
  pinyin: string[];
  status: Article['status'];
  segmentation: Article['segmentation'];
  /** When the record last changed, in seconds since 1970 (OAI-PMH datestamps, incremental exports). */
  updated: number;
  /** Where it is printed, to outline it and to find its matches on the page. */
  regions: Article['regions'];
  /** The OCR as delivered, when a person corrected it: both stay searchable (as Trove does). */
  ocrTextFolded: string | null;
  /** The cataloguers' working copy: its status, version, last editor and time, for queues and dashboards. */
  workStatus: Article['status'];
  /** The working copy's title (a hand-cut article has one before readers do). */
  workTitle: string;
  /** Returned by a reviewer and not yet sent again (已退回). */
  workReturned: boolean;
  workVersion: number;
  workBy: string | null;
  workUpdated: number;
}

/** YYYYMMDD as an integer from an issue key, or from a volume's (possibly partial) date. */
export function dateNumber(key: IssueKey, issue?: Pick<Issue, 'published'> | null): number | null {
  const text = isVolumeKey(key) ? issue?.published : key.date;
  if (!text) return null;
  const [year = '0', month = '01', day = '01'] = text.split('-');
  return Number(`${year}${month}${day}`);
}

/** YYYY-MM-DD from a date as indexed (YYYYMMDD), or null. */
export function isoDateOf(date: number | null | undefined): string | null {
  if (date === null || date === undefined) return null;
  const text = String(date);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

function issueFields(title: Title, issueKey: IssueKey, issue: Issue | null): IssueFields {
  const date = dateNumber(issueKey, issue);
  const year = date === null ? null : Math.floor(date / 10_000);
  return {
    titleId: title.key.title,
    titleName: title.name,
    titleNameFolded: fold(title.name),
    titleKind: title.kind,
    hidden: title.hidden,
    issueId: issueId(issueKey),
    date,
    year,
    decade: year === null ? null : Math.floor(year / 10) * 10,
    monthDay: date === null ? null : date % 10_000,
    edition: isVolumeKey(issueKey) ? null : issueKey.edition,
    volume: isVolumeKey(issueKey) ? issueKey.volume : null,
  };
}

/**
 * A page's document. Its text is what readers search among pages no article has been cut from
 * (segmented = false); a segmented page's text is searched through its articles, so its document
 * may leave the text out — whether it has text is told by its OCR record either way.
 */
export function pageDocument(title: Title, issue: Issue | null, page: Page, text: string, segmented = false): PageDocument {
  return {
    id: pageId(page.key),
    ...issueFields(title, page.key, issue),
    seq: page.key.seq,
    label: page.label ?? null,
    section: page.section ?? null,
    text,
    textFolded: fold(text),
    numbers: numberTokens(fold(text)),
    sectionFolded: page.section ? fold(page.section) : null,
    pinyin: pinyinForms(title.name),
    hasText: text.trim().length > 0 || (page.ocr.status !== 'none' && page.ocr.words > 0),
    ocrStatus: page.ocr.status,
    segmented,
    layoutUncertain: page.layout?.uncertain ?? null,
  };
}

/** Seconds since 1970 of an article's last change as harvesters see it: its own, or its paper being hidden or shown. */
export function changedAt(article: Pick<Article, 'updatedAt'>, title: Pick<Title, 'visibilityChangedAt'>): number {
  const own = Date.parse(article.updatedAt);
  const visibility = title.visibilityChangedAt ? Date.parse(title.visibilityChangedAt) : 0;
  return Math.floor(Math.max(own, visibility) / 1000);
}

/**
 * The document readers search: built from the published record (`article`); `work` is the
 * cataloguers' working copy when there is one, which only lends its workflow fields.
 */
export function articleDocument(title: Title, issue: Issue | null, article: Article, pages: readonly Page[], work: Article = article): ArticleDocument {
  const seqs = pagesOfArticle(article);
  const first = pages.find((page) => page.key.seq === seqs[0]);
  return {
    id: articleId(article.key),
    ...issueFields(title, article.key, issue),
    seq: seqs[0] ?? 1,
    pages: seqs,
    pageLabel: first?.label ?? null,
    section: first?.section ?? null,
    sectionFolded: first?.section ? fold(first.section) : null,
    title: article.title,
    kicker: article.kicker ?? null,
    subtitle: article.subtitle ?? null,
    column: article.column ?? null,
    genre: article.genre ?? null,
    subjects: article.subjects.map((subject) => subject.term),
    keywords: article.keywords,
    persons: article.persons,
    organizations: article.organizations,
    places: article.places.map((place) => place.name),
    clc: article.clc,
    text: displayText(article),
    titleFolded: fold(article.title),
    kickerFolded: article.kicker ? fold(article.kicker) : null,
    subtitleFolded: article.subtitle ? fold(article.subtitle) : null,
    columnFolded: article.column ? fold(article.column) : null,
    subjectsFolded: article.subjects.map((subject) => fold(subject.term)),
    keywordsFolded: article.keywords.map(fold),
    personsFolded: article.persons.map(fold),
    organizationsFolded: article.organizations.map(fold),
    placesFolded: article.places.map((place) => fold(place.name)),
    textFolded: fold(displayText(article)),
    numbers: numberTokens(fold(`${article.title}\n${displayText(article)}${article.text.corrected === undefined ? '' : `\n${article.text.ocr}`}`)),
    pinyin: [...new Set([title.name, ...article.persons, ...article.organizations, ...article.places.map((place) => place.name)].flatMap(pinyinForms))],
    status: article.status,
    segmentation: article.segmentation,
    updated: changedAt(article, title),
    regions: article.regions,
    ocrTextFolded: article.text.corrected === undefined ? null : fold(article.text.ocr),
    workStatus: work.status,
    workTitle: work.title,
    workReturned: work.status === 'draft' && work.review !== undefined,
    workVersion: work.version,
    workBy: work.updatedBy ?? null,
    workUpdated: Math.floor(Date.parse(work.updatedAt) / 1000),
  };
}
