/** @jsxImportSource hono/jsx */
/**
 * The cataloguing workspace's HTML pages: sign-in, queues, the article editor and the progress
 * dashboard. Signed-out visitors are sent to sign in and brought back afterwards.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../app-env.ts';
import { issueId, issueKeyOf, parseId, urls, type ArticleKey, type IssueKey, type PageKey } from '../domain/natural-keys.ts';
import type { Region } from '../domain/region.ts';
import type { Role } from '../domain/user.ts';
import { AppError } from '../errors.ts';
import { DashboardPage } from '../html/pages/catalog/dashboard.tsx';
import { ClassesPage, classTree } from '../html/pages/catalog/classes.tsx';
import { TopicEditorPage, TopicsListPage } from '../html/pages/catalog/topics.tsx';
import { topicSlugSchema } from '../domain/topic.ts';
import { EditorPageView, type EditorData, type OcrLinesView } from '../html/pages/catalog/editor.tsx';
import type { WorkspaceFrame } from '../html/pages/catalog/frame.tsx';
import { LoginPage } from '../html/pages/catalog/login.tsx';
import { QueuePage } from '../html/pages/catalog/queue.tsx';
import { SegmentListPage, SegmentPageView } from '../html/pages/catalog/segment.tsx';
import type { Principal } from '../services/authenticator.ts';
import { dashboard, defaultTargets, pagesToSegment, queue, queueParamsSchema } from '../services/catalog-queue.ts';
import { membersOf } from '../services/issue-members.ts';
import { indexNames } from '../services/search-indexes.ts';
import { articleKeyOf } from './catalog.ts';
import { principalOf } from './require-role.ts';
import { safeNext } from './session.ts';
import { pagesOfArticle, type Article } from '../domain/article.ts';
import { doubtfulChars, ocrWithin } from '../domain/ocr-text.ts';
import { markText } from '../domain/snippets.ts';

type Ctx = Context<AppEnv>;
const staff: Role[] = ['cataloguer', 'reviewer', 'curator', 'admin'];

function frame(c: Ctx, principal: Principal | null): WorkspaceFrame {
  return { lang: c.var.lang, url: new URL(c.req.url), assetVersion: c.var.deps.assets?.version ?? c.var.deps.version, principal };
}

function pageHtml(c: Ctx, body: Parameters<Ctx['html']>[0]) {
  c.header('Cache-Control', 'no-store');
  c.header('Vary', 'Cookie');
  return c.html(html`<!doctype html>${body}`);
}

/** An issue's pages (with a screen-sized image each) and its articles' regions, for the region editor. */
async function issueLayout(c: Ctx, issue: IssueKey, except?: string): Promise<Pick<EditorData, 'pages' | 'others' | 'next' | 'previous' | 'around'>> {
  const { records, search } = c.var.services;
  const { seqs } = await membersOf(records.objects, issue);
  const stored = await Promise.all(seqs.map((seq) => records.getPage({ ...issueKeyOf(issue), seq } as PageKey)));
  const pages = stored.flatMap((page) =>
    page
      ? [
          {
            seq: page.record.key.seq,
            label: page.record.label ?? null,
            width: page.record.width,
            height: page.record.height,
            image: c.var.deps.imageComposer ? `${urls.iiifImage(page.record.key)}/full/1200,/0/default.jpg` : urls.thumbnail(page.record.key),
          },
        ]
      : [],
  );
  const neighbours = await search.search<{ id: string; title: string; regions: Region[]; workStatus: string }>(search.indexUid(indexNames.articles), {
    q: '',
    filter: `issueId = ${JSON.stringify(issueId(issueKeyOf(issue)))}`,
    hitsPerPage: 1000,
    attributesToRetrieve: ['id', 'title', 'regions', 'workStatus'],
  });
  // The next article of the issue still to catalogue, in printed order after this one (then from the start).
  const printedOrder = [...neighbours.hits].sort((a, b) => (a.regions[0]?.seq ?? 0) - (b.regions[0]?.seq ?? 0) || (a.regions[0]?.y ?? 0) - (b.regions[0]?.y ?? 0) || (a.regions[0]?.x ?? 0) - (b.regions[0]?.x ?? 0) || a.id.localeCompare(b.id));
  const at = printedOrder.findIndex((hit) => hit.id === except);
  const next = [...printedOrder.slice(at + 1), ...printedOrder.slice(0, Math.max(0, at))].find((hit) => hit.workStatus === 'draft' && hit.id !== except);
  // What the article before it in print was given (栏目, 体裁, 责任者), for the cataloguer to carry over.
  const before = at > 0 ? printedOrder[at - 1] : undefined;
  const previousKey = before ? parseId(before.id) : null;
  const previousRecord = previousKey?.kind === 'article' ? (await c.var.services.catalog.get(previousKey.key as ArticleKey))?.article : undefined;
  const previous =
    previousRecord && (previousRecord.column || previousRecord.genre || previousRecord.creators.length > 0)
      ? { id: before!.id, title: previousRecord.title, column: previousRecord.column ?? null, genre: previousRecord.genre ?? null, creators: previousRecord.creators }
      : null;
  const around = except && at >= 0 ? { before: before?.id ?? null, after: printedOrder[at + 1]?.id ?? null } : null;
  return { pages, next: next?.id ?? null, previous, around, others: neighbours.hits.filter((hit) => hit.id !== except).map((hit) => ({ id: hit.id, title: hit.title, regions: hit.regions })) };
}

/** The signed-in staff member, or a redirect to sign in that comes back here. */
async function staffOrSignIn(c: Ctx): Promise<Principal | Response> {
  const principal = await principalOf(c);
  if (!principal) {
    const here = new URL(c.req.url);
    return c.redirect(`/catalog/login?next=${encodeURIComponent(here.pathname + here.search)}`, 303);
  }
  if (!staff.some((role) => principal.roles.includes(role))) throw new AppError('forbidden');
  return principal;
}

export const catalogPageRoutes = new Hono<AppEnv>()
  .get('/catalog/login', async (c) => {
    const error = c.req.query('error');
    return pageHtml(c, <LoginPage frame={frame(c, null)} next={safeNext(c.req.query('next'))} error={error === 'invalid' || error === 'throttled' ? error : null} />);
  })
  .get('/catalog', async (c) => {
    const principal = await staffOrSignIn(c);
    if (principal instanceof Response) return principal;
    const params = queueParamsSchema.safeParse(Object.fromEntries(Object.entries(c.req.query()).filter(([name, value]) => name !== 'lang' && value !== '')));
    if (!params.success) throw new AppError('bad_request');
    const [found, titles] = await Promise.all([queue(c.var.services.search, params.data), c.var.services.titles.all()]);
    const titleNames = Object.fromEntries([...titles.values()].map((title) => [title.key.title, title.name]));
    return pageHtml(c, <QueuePage frame={frame(c, principal)} params={params.data} queue={found} titleNames={titleNames} />);
  })
  .get('/catalog/dashboard', async (c) => {
    const principal = await staffOrSignIn(c);
    if (principal instanceof Response) return principal;
    const board = await dashboard(c.var.services.search, c.var.services.catalog, c.var.deps.targets ?? defaultTargets, 30);
    const users = (await c.var.deps.auth.accounts?.listUsers().catch(() => [])) ?? [];
    const names = Object.fromEntries(users.map((user) => [user.username, user.displayName]));
    return pageHtml(c, <DashboardPage frame={frame(c, principal)} board={board} names={names} />);
  })
  .get('/catalog/topics', async (c) => {
    const principal = await staffOrSignIn(c);
    if (principal instanceof Response) return principal;
    if (!principal.roles.some((role) => role === 'curator' || role === 'admin')) throw new AppError('forbidden');
    return pageHtml(c, <TopicsListPage frame={frame(c, principal)} topics={await c.var.services.topics.list()} />);
  })
  .get('/catalog/topics/new', async (c) => {
    const slug = topicSlugSchema.safeParse(c.req.query('slug'));
    if (!slug.success) throw new AppError('bad_request', { detail: { 'zh-CN': '专题地址只用小写字母、数字和连字符', en: 'a topic address is lowercase letters, digits and hyphens' } });
    return c.redirect(`/catalog/topics/${slug.data}`, 303);
  })
  .get('/catalog/topics/:slug', async (c) => {
    const principal = await staffOrSignIn(c);
    if (principal instanceof Response) return principal;
    if (!principal.roles.some((role) => role === 'curator' || role === 'admin')) throw new AppError('forbidden');
    const slug = topicSlugSchema.safeParse(c.req.param('slug'));
    if (!slug.success) throw new AppError('not_found');
    return pageHtml(c, <TopicEditorPage frame={frame(c, principal)} slug={slug.data} topic={await c.var.services.topics.get(slug.data)} />);
  })
  .get('/catalog/classes', async (c) => {
    const principal = await staffOrSignIn(c);
    if (principal instanceof Response) return principal;
    const q = (c.req.query('q') ?? '').trim().slice(0, 50);
    const { vocabularies, search } = c.var.services;
    const terms = (await vocabularies.terms()).filter((term) => term.vocabulary === 'clc');
    const byNumber = terms.filter((term) => (term.code ?? term.id).toUpperCase().startsWith(q.toUpperCase()));
    const found = q ? [...new Map([...byNumber, ...(await vocabularies.suggester('clc')).suggest(q, 50).map((s) => s.term)].map((term) => [term.id, term])).values()].slice(0, 100) : null;
    const facets = await search.search(search.indexUid(indexNames.articles), { q: '', facets: ['clc'], hitsPerPage: 0 });
    return pageHtml(c, <ClassesPage frame={frame(c, principal)} q={q} tree={classTree(terms)} found={found} counts={facets.facetDistribution?.clc ?? {}} />);
  })
  .get('/catalog/pages', async (c) => {
    const principal = await staffOrSignIn(c);
    if (principal instanceof Response) return principal;
    const page = Math.min(10_000, Math.max(1, Number(c.req.query('page')) || 1));
    const found = await pagesToSegment(c.var.services.search, { page, per: 50 });
    return pageHtml(c, <SegmentListPage frame={frame(c, principal)} items={found.items} total={found.total} page={page} per={50} />);
  })
  .get('/catalog/pages/:id', async (c) => {
    const principal = await staffOrSignIn(c);
    if (principal instanceof Response) return principal;
    const parsed = parseId(c.req.param('id'));
    if (parsed?.kind !== 'page') throw new AppError('not_found');
    const key = parsed.key as PageKey;
    const [title, layout] = await Promise.all([c.var.services.titles.get(key.title), issueLayout(c, issueKeyOf(key))]);
    if (!title || !layout.pages.some((page) => page.seq === key.seq)) throw new AppError('not_found');
    const heading = `${title.name} ${issueId(issueKeyOf(key))} · ${key.seq}`;
    return pageHtml(c, <SegmentPageView frame={frame(c, principal)} heading={heading} data={{ issueId: issueId(issueKeyOf(key)), start: key.seq, ...layout }} />);
  })
  .get('/catalog/articles/:id', async (c) => {
    const principal = await staffOrSignIn(c);
    if (principal instanceof Response) return principal;
    const key = articleKeyOf(c.req.param('id'));
    const { catalog } = c.var.services;
    const record = await catalog.get(key);
    if (!record) throw new AppError('not_found');
    const layout = await issueLayout(c, issueKeyOf(key), record.id);
    const template = await c.var.services.templates.get(key.title);
    const data: EditorData = {
      id: record.id,
      version: record.version,
      article: record.article,
      ...layout,
      template: template ? { title: template.title, fields: template.fields } : null,
    };
    const audit = await catalog.audit(key);
    return pageHtml(c, <EditorPageView frame={frame(c, principal)} record={record} data={data} audit={audit} readerUrl={urls.article(key as ArticleKey)} ocr={await ocrLines(c, record.article)} />);
  });

/**
 * The machine's reading of the article's regions, line by line with each line's place on the page
 * (a click shows it there), and the characters it was unsure of marked (scores below 0.6): what a
 * proofreader checks first. `scored` is false when the OCR gives no scores.
 */
async function ocrLines(c: Ctx, article: Article): Promise<OcrLinesView> {
  const lines: OcrLinesView['lines'] = [];
  let count = 0;
  let scored = false;
  for (const seq of pagesOfArticle(article)) {
    const ocr = await c.var.services.records.getPageOcr({ ...issueKeyOf(article.key), seq } as PageKey);
    if (!ocr) continue;
    const inside = ocrWithin(ocr, article.regions.filter((region) => region.seq === seq));
    scored ||= inside.blocks.some((block) => block.lines.some((line) => line.words.some((word) => word.charScores)));
    for (const block of inside.blocks) {
      for (const line of block.lines) {
        const { text, doubtful } = doubtfulChars({ ...inside, blocks: [{ box: line.box, lines: [line] }] });
        count += doubtful.length;
        lines.push({ seq, box: line.box, html: markText(text, doubtful) });
      }
    }
  }
  return { lines, count, scored };
}
