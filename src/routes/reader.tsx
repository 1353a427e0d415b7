/** @jsxImportSource hono/jsx */
/**
 * The reader's HTML pages: home, search, a title's calendar, an issue, the page viewer and an
 * article — server-rendered at stable URLs, in the reader's language — and their static assets.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../app-env.ts';
import { foldAligned } from '../domain/fold.ts';
import { findMatches, highlightTerms } from '../domain/highlight.ts';
import { parseId, titleIdSchema, urls, type ArticleKey, type IssueKey, type PageKey, pageId } from '../domain/natural-keys.ts';
import { ocrText } from '../domain/ocr-text.ts';
import { advancedQuery, searchParamsSchema } from '../domain/search-request.ts';
import { markText } from '../domain/snippets.ts';
import { iiifUrls } from '../domain/iiif.ts';
import { AppError } from '../errors.ts';
import type { PageFrame } from '../html/layout.tsx';
import { AdminPage } from '../html/pages/admin.tsx';
import { ArticlePage } from '../html/pages/article.tsx';
import { HomePage } from '../html/pages/home.tsx';
import { IssuePage } from '../html/pages/issue.tsx';
import { PageViewerPage } from '../html/pages/page-viewer.tsx';
import { SearchPage, SearchProblemPage } from '../html/pages/search.tsx';
import { invalidValueText } from '../domain/invalid-value.ts';
import { TitlePage } from '../html/pages/title.tsx';
import { articleView, calendar, issuesOf, issueView, listTitles, pageView, publicTitle } from '../services/browse.ts';
import { matchesOnPage } from '../services/page-matches.ts';
import { runSearch } from '../services/search-service.ts';
import { monthDayOf, onThisDay } from '../services/on-this-day.ts';

type Ctx = Context<AppEnv>;

export const readerRoutes = new Hono<AppEnv>();

/** What every reader page's layout takes from the request. */
export function readerFrame(c: Ctx): Omit<PageFrame, 'title'> {
  return { lang: c.var.lang, url: new URL(c.req.url), assetVersion: c.var.deps.assets?.version ?? c.var.deps.version };
}

/** Reader pages change with cataloguing and language; browsers revalidate them. */
function page(c: Ctx, body: Parameters<Ctx['html']>[0]) {
  c.header('Cache-Control', 'no-cache');
  c.header('Vary', 'Accept-Language, Cookie');
  return c.html(html`<!doctype html>${body}`);
}

/** The site's icon: 地 on the masthead red, as SVG (what browsers ask /favicon.ico for, they take). */
const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="10" fill="#8c1d18"/><text x="32" y="46" font-size="40" text-anchor="middle" fill="#fff" font-family="'Noto Serif CJK SC','Songti SC',serif">地</text></svg>`;
readerRoutes.get('/favicon.ico', (c) => c.body(favicon, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' }));

readerRoutes.get('/', async (c) => {
  // ?on=MM-DD shows another day (to share or to browse); otherwise today where the library is.
  const asked = /^(\d{2})-(\d{2})$/.exec(c.req.query('on') ?? '');
  const monthDay = asked ? Number(asked[1]) * 100 + Number(asked[2]) : monthDayOf(new Date());
  const [titles, day] = await Promise.all([listTitles(c.var.services), onThisDay(c.var.services.search, monthDay).catch(() => null)]);
  return page(c, <HomePage frame={readerFrame(c)} titles={titles} onThisDay={day} />);
});

readerRoutes.get('/search', async (c) => {
  const query = new URL(c.req.url).searchParams;
  // The advanced form's fields become one query, at the one address a search has.
  const advanced = ['all', 'phrase', 'any', 'none'] as const;
  if (advanced.some((field) => query.has(field))) {
    const q = advancedQuery(Object.fromEntries(advanced.map((field) => [field, query.get(field) ?? ''])));
    const next = new URLSearchParams([...query.entries()].filter(([name, value]) => !(advanced as readonly string[]).includes(name) && name !== 'q' && value !== ''));
    if (q) next.set('q', q);
    return c.redirect(`/search?${next}`, 303);
  }
  const parsed = searchParamsSchema.safeParse(Object.fromEntries([...query.entries()].filter(([name, value]) => name !== 'lang' && value !== '')));
  if (!parsed.success) {
    const message = invalidValueText(parsed.error, { 'zh-CN': '检索参数有误', en: 'bad search parameter' })[c.var.lang];
    c.status(400);
    return page(c, <SearchProblemPage frame={readerFrame(c)} message={message} q={(query.get('q') ?? '').slice(0, 500)} />);
  }
  const params = parsed.data;
  // A year chosen from the histogram is a date range; keep one way of saying it in the URL.
  const result = await runSearch(c.var.services, params);
  return page(c, <SearchPage frame={readerFrame(c)} params={params} result={result} query={query} />);
});

readerRoutes.get('/titles/:title', async (c) => {
  const id = titleIdSchema.safeParse(c.req.param('title'));
  const title = id.success ? await publicTitle(c.var.services, id.data) : null;
  if (!title) throw new AppError('not_found');
  const [summaries, years, issues] = await Promise.all([listTitles(c.var.services), calendar(c.var.services, title.key.title), issuesOf(c.var.services, title.key.title)]);
  const summary = summaries.find((s) => s.id === title.key.title);
  if (!summary) throw new AppError('not_found');
  const year = Number(c.req.query('year')) || null;
  return page(
    c,
    <TitlePage
      frame={readerFrame(c)}
      title={title}
      summary={summary}
      calendar={years}
      year={year ?? years[years.length - 1]?.year ?? null}
      volumes={issues.filter((issue) => issue.volume !== null)}
      manifestCollection={iiifUrls.collection(c.var.deps.publicBaseUrl, title.key.title)}
    />,
  );
});

// /titles/{title}/{date}/ed-{n}[/seq-{n}] and /titles/{title}/vol-{n}[/seq-{n}]
readerRoutes.get('/titles/:title/:rest{.+}', async (c) => {
  const parsed = parseId(`${c.req.param('title')}/${c.req.param('rest')}`);
  if (parsed?.kind === 'issue') return issuePage(c, parsed.key);
  if (parsed?.kind === 'page') return pageViewer(c, parsed.key as PageKey);
  throw new AppError('not_found');
});

async function issuePage(c: Ctx, key: IssueKey) {
  const view = await issueView(c.var.services, key);
  if (!view) throw new AppError('not_found');
  return page(c, <IssuePage frame={readerFrame(c)} view={view} manifest={urls.iiifManifest(key)} />);
}

async function pageViewer(c: Ctx, key: PageKey) {
  const view = await pageView(c.var.services, key);
  if (!view) throw new AppError('not_found');
  const q = (c.req.query('q') ?? '').slice(0, 500);
  const terms = highlightTerms(q, c.var.services.synonyms());
  const found = await matchesOnPage(c.var.services.pageTexts, key, terms);
  const ocr = found ? await c.var.services.records.getPageOcr(key) : null;
  let textHtml = '';
  if (ocr) {
    // The text pane keeps the printed lines; its matches are found again on that layout.
    const lines = ocrText(ocr, { layout: 'lines' }).text;
    textHtml = markText(lines, findMatches(foldAligned(lines), terms));
  }
  const article = parseId(c.req.query('article') ?? '');
  const articleId = article?.kind === 'article' && view.articles.some((a) => a.id === c.req.query('article')) ? c.req.query('article')! : null;
  return page(
    c,
    <PageViewerPage
      frame={readerFrame(c)}
      view={view}
      textHtml={textHtml}
      hasText={textHtml.length > 0}
      q={q}
      hits={(found?.matches ?? []).flatMap((match) => match.boxes.map((box) => ({ page: pageId(key), seq: key.seq, ...box })))}
      article={articleId}
    />,
  );
}

readerRoutes.get('/articles/:id', async (c) => {
  const parsed = parseId(c.req.param('id'));
  if (parsed?.kind !== 'article') throw new AppError('not_found');
  const key = parsed.key as ArticleKey;
  const view = await articleView(c.var.services, key);
  if (!view) throw new AppError('not_found');
  const q = (c.req.query('q') ?? '').slice(0, 500);
  return page(c, <ArticlePage frame={{ ...readerFrame(c), q }} view={view} stableUrl={`${c.var.deps.publicBaseUrl}${urls.article(key)}`} today={new Date().toISOString().slice(0, 10)} terms={highlightTerms(q, c.var.services.synonyms())} />);
});

readerRoutes.get('/admin', (c) => page(c, <AdminPage frame={readerFrame(c)} />));

readerRoutes.get('/static/:path{.+}', async (c) => {
  const path = c.req.param('path');
  const asset = path.split('/').every((segment) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(segment)) ? await c.var.deps.assets?.get(path) : null;
  if (!asset) throw new AppError('not_found');
  // Asset URLs carry the assets' version (?v=), so a browser may keep them.
  return c.body(asset.body.slice(), 200, { 'Content-Type': asset.contentType, 'Cache-Control': c.req.query('v') ? 'public, max-age=31536000, immutable' : 'no-cache' });
});
