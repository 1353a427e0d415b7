/**
 * Gathers the records a IIIF document needs and hands them to the pure builders in
 * domain/iiif.ts: an issue's manifest, a title's collection, a page's OCR annotations and
 * Content Search answers within an issue. Null where the record does not exist or is hidden.
 */
import { articleKeySchema, type ArticleKey, type IssueKey, type PageKey, parseId } from '../domain/natural-keys.ts';
import { highlightTerms } from '../domain/highlight.ts';
import { issueLabel, issueManifest, ocrAnnotationPage, searchAnswer, searchAnswerV1, titleCollection, type SearchHitOnPage } from '../domain/iiif.ts';
import type { Page } from '../domain/page.ts';
import type { AppServices } from '../app-env.ts';
import { issuesOf, issueView, publicTitle } from './browse.ts';
import { matchesOnPage } from './page-matches.ts';
import { wordsOf } from '../domain/page-text.ts';
import { bcp47Of } from '../domain/language.ts';

type Json = Record<string, unknown>;

/** At most this many hits in one Content Search answer. */
export const maxSearchHits = 1000;

export async function manifestFor(services: AppServices, base: string, key: IssueKey): Promise<Json | null> {
  const view = await issueView(services, key);
  if (!view) return null;
  const pages = (await Promise.all(view.pages.map((summary) => services.records.getPage({ ...key, seq: summary.seq } as PageKey))))
    .filter((stored) => stored !== null)
    .map((stored) => stored.record as Page);
  const articles = view.articles.flatMap((summary) => {
    const parsed = parseId(summary.id);
    const articleKey = parsed?.kind === 'article' ? articleKeySchema.safeParse(parsed.key) : null;
    return articleKey?.success ? [{ key: articleKey.data as ArticleKey, title: summary.title, regions: summary.regions }] : [];
  });
  return issueManifest({ base, title: view.title, key, issue: view.issue, pages, articles });
}

export async function collectionFor(services: AppServices, base: string, titleId: string): Promise<Json | null> {
  const title = await publicTitle(services, titleId);
  if (!title) return null;
  const issues = await issuesOf(services, titleId);
  return titleCollection({
    base,
    title,
    issues: issues.flatMap((issue) => {
      const parsed = parseId(issue.id);
      return parsed?.kind === 'issue' ? [{ key: parsed.key as IssueKey, label: issueLabel(title, parsed.key as IssueKey, null) }] : [];
    }),
  });
}

export async function ocrAnnotationsFor(services: AppServices, base: string, key: PageKey): Promise<Json | null> {
  const title = await publicTitle(services, key.title);
  if (!title || !(await services.records.getPage(key))) return null;
  const text = await services.pageTexts.get(key);
  return ocrAnnotationPage(base, key, text ? { text: text.text, words: wordsOf(text) } : { text: '', words: [] }, bcp47Of(title.language));
}

/** Every place in the issue's pages where the query matches, as Content Search 2.0 annotations. */
export async function searchWithinIssue(services: AppServices, base: string, key: IssueKey, q: string, requestUrl: string, version: 1 | 2 = 2): Promise<Json | null> {
  const view = await issueView(services, key);
  if (!view) return null;
  const terms = highlightTerms(q, services.synonyms());
  const hits: SearchHitOnPage[] = [];
  let matches = 0;
  for (const summary of view.pages) {
    if (terms.length === 0 || hits.length >= maxSearchHits) break;
    const pageKey = { ...key, seq: summary.seq } as PageKey;
    const found = await matchesOnPage(services.pageTexts, pageKey, terms);
    for (const match of found?.matches ?? []) {
      const text = found!.text.text;
      const quote = { exact: text.slice(match.start, match.end), prefix: text.slice(Math.max(0, match.start - 12), match.start), suffix: text.slice(match.end, match.end + 12) };
      matches++;
      for (const box of match.boxes) hits.push({ key: pageKey, box, ...quote, match: matches });
      if (hits.length >= maxSearchHits) break;
    }
  }
  return (version === 1 ? searchAnswerV1 : searchAnswer)(base, requestUrl, key, hits.slice(0, maxSearchHits));
}
