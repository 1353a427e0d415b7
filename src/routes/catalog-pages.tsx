/** @jsxImportSource hono/jsx */
/**
 * The cataloguing workspace's HTML pages: sign-in, queues, the article editor and the progress
 * dashboard. Signed-out visitors are sent to sign in and brought back afterwards.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../app-env.ts';
import { issueId, issueKeyOf, urls, type ArticleKey, type PageKey } from '../domain/natural-keys.ts';
import type { Region } from '../domain/region.ts';
import type { Role } from '../domain/user.ts';
import { AppError } from '../errors.ts';
import { DashboardPage } from '../html/pages/catalog/dashboard.tsx';
import { EditorPageView, type EditorData } from '../html/pages/catalog/editor.tsx';
import type { WorkspaceFrame } from '../html/pages/catalog/frame.tsx';
import { LoginPage } from '../html/pages/catalog/login.tsx';
import { QueuePage } from '../html/pages/catalog/queue.tsx';
import type { Principal } from '../services/authenticator.ts';
import { dashboard, defaultTargets, queue, queueParamsSchema } from '../services/catalog-queue.ts';
import { membersOf } from '../services/issue-members.ts';
import { indexNames } from '../services/search-indexes.ts';
import { articleKeyOf } from './catalog.ts';
import { principalOf } from './require-role.ts';
import { safeNext } from './session.ts';

type Ctx = Context<AppEnv>;
const staff: Role[] = ['cataloguer', 'reviewer', 'admin'];

function frame(c: Ctx, principal: Principal | null): WorkspaceFrame {
  return { lang: c.var.lang, url: new URL(c.req.url), assetVersion: c.var.deps.assets?.version ?? c.var.deps.version, principal };
}

function page(c: Ctx, body: Parameters<Ctx['html']>[0]) {
  c.header('Cache-Control', 'no-store');
  c.header('Vary', 'Cookie');
  return c.html(html`<!doctype html>${body}`);
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
    return page(c, <LoginPage frame={frame(c, null)} next={safeNext(c.req.query('next'))} error={error === 'invalid' || error === 'throttled' ? error : null} />);
  })
  .get('/catalog', async (c) => {
    const principal = await staffOrSignIn(c);
    if (principal instanceof Response) return principal;
    const params = queueParamsSchema.safeParse(Object.fromEntries(Object.entries(c.req.query()).filter(([name, value]) => name !== 'lang' && value !== '')));
    if (!params.success) throw new AppError('bad_request');
    const [found, titles] = await Promise.all([queue(c.var.services.search, params.data), c.var.services.titles.all()]);
    const titleNames = Object.fromEntries([...titles.values()].map((title) => [title.key.title, title.name]));
    return page(c, <QueuePage frame={frame(c, principal)} params={params.data} queue={found} titleNames={titleNames} />);
  })
  .get('/catalog/dashboard', async (c) => {
    const principal = await staffOrSignIn(c);
    if (principal instanceof Response) return principal;
    const board = await dashboard(c.var.services.search, c.var.services.catalog, c.var.deps.targets ?? defaultTargets, 30);
    return page(c, <DashboardPage frame={frame(c, principal)} board={board} />);
  })
  .get('/catalog/articles/:id', async (c) => {
    const principal = await staffOrSignIn(c);
    if (principal instanceof Response) return principal;
    const key = articleKeyOf(c.req.param('id'));
    const { catalog, records, search } = c.var.services;
    const record = await catalog.get(key);
    if (!record) throw new AppError('not_found');
    const { seqs } = await membersOf(records.objects, issueKeyOf(key));
    const pages = (await Promise.all(seqs.map((seq) => records.getPage({ ...issueKeyOf(key), seq } as PageKey)))).flatMap((stored) =>
      stored
        ? [
            {
              seq: stored.record.key.seq,
              label: stored.record.label ?? null,
              width: stored.record.width,
              height: stored.record.height,
              image: c.var.deps.imageComposer ? `${urls.iiifImage(stored.record.key)}/full/1200,/0/default.jpg` : urls.thumbnail(stored.record.key),
            },
          ]
        : [],
    );
    const neighbours = await search.search<{ id: string; title: string; regions: Region[] }>(search.indexUid(indexNames.articles), {
      q: '',
      filter: `issueId = ${JSON.stringify(issueId(issueKeyOf(key)))}`,
      hitsPerPage: 1000,
      attributesToRetrieve: ['id', 'title', 'regions'],
    });
    const data: EditorData = {
      id: record.id,
      version: record.version,
      article: record.article,
      pages,
      others: neighbours.hits.filter((hit) => hit.id !== record.id).map((hit) => ({ id: hit.id, title: hit.title, regions: hit.regions })),
    };
    const audit = await catalog.audit(key);
    return page(c, <EditorPageView frame={frame(c, principal)} record={record} data={data} audit={audit} readerUrl={urls.article(key as ArticleKey)} />);
  });
