/** @jsxImportSource hono/jsx */
/**
 * Entity pages and their JSON (issue 20): /people, /places, /organizations, /subjects — an index of
 * each kind — and /{kind}/{id} with /api/{kind}/{id} beside it. An id is the entity's folded
 * preferred name; a variant or another script's form redirects to it.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { readerFrame } from './reader.tsx';
import { entityJsonLd, entityKinds, resolveEntity, type EntityKind } from '../domain/entities.ts';
import { titleIdSchema } from '../domain/natural-keys.ts';
import { AppError } from '../errors.ts';
import { EntityIndexPage, EntityPage, entityPath } from '../html/pages/entity.tsx';
import { entityArticles, entityIndex } from '../services/entities.ts';

type Ctx = Context<AppEnv>;

const paramsSchema = z.object({
  sort: z.enum(['newest', 'oldest', 'relevance']).default('newest'),
  year: z.coerce.number().int().min(1000).max(9999).optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
  /** One paper's articles only. */
  title: titleIdSchema.optional(),
});
const per = 20;

async function load(c: Ctx, kind: EntityKind) {
  const requested = (c.req.param('id') ?? '').slice(0, 200);
  if (!requested) throw new AppError('not_found');
  const params = paramsSchema.safeParse(c.req.query());
  if (!params.success) throw new AppError('bad_request');
  const entity = resolveEntity(kind, requested, await c.var.services.vocabularies.terms());
  const found = await entityArticles(c.var.services.search, entity, { ...params.data, per });
  return { entity, found, requested };
}


export const entityRoutes = new Hono<AppEnv>();

// One set of routes per kind (a regex alternation in the path would match any longer path too).
for (const kind of Object.keys(entityKinds) as EntityKind[]) {
  entityRoutes
    .get(`/api/${kind}`, async (c) => {
      const q = (c.req.query('q') ?? '').slice(0, 50);
      const entries = await entityIndex(c.var.services.search, kind, q);
      return c.json({ kind, total: entries.length, entities: entries.slice(0, 1000).map((entry) => ({ ...entry, url: `${c.var.deps.publicBaseUrl}${entityPath(kind, entry.id)}` })) });
    })
    .get(`/api/${kind}/:id`, async (c) => {
      const { entity, found } = await load(c, kind);
      const url = `${c.var.deps.publicBaseUrl}${entityPath(entity.kind, entity.id)}`;
      return c.json({ ...entity, url, total: found.total, years: found.years, related: found.related, page: found.page, articles: found.articles.map((a) => ({ id: a.id, title: a.title, titleName: a.titleName, date: a.date, url: `${c.var.deps.publicBaseUrl}/articles/${a.id}` })) });
    })
    .get(`/${kind}`, async (c) => {
      const q = (c.req.query('q') ?? '').trim().slice(0, 50);
      c.header('Cache-Control', 'no-cache');
      return c.html(html`<!doctype html>${(<EntityIndexPage frame={readerFrame(c)} kind={kind} q={q} entries={await entityIndex(c.var.services.search, kind, q)} />)}`);
    })
    .get(`/${kind}/:id`, async (c) => {
      const { entity, found, requested } = await load(c, kind);
      // A variant, another script or an unfolded form goes to the entity's one address.
      if (requested !== entity.id) {
        const url = new URL(c.req.url);
        return c.redirect(`${entityPath(entity.kind, entity.id)}${url.search}`, 301);
      }
      const url = `${c.var.deps.publicBaseUrl}${entityPath(entity.kind, entity.id)}`;
      c.header('Cache-Control', 'no-cache');
      return c.html(html`<!doctype html>${(<EntityPage frame={readerFrame(c)} entity={entity} found={found} jsonLd={entityJsonLd(entity, url, found.total)} />)}`);
    });
}
