/**
 * For administrators: GET /api/admin/titles lists every paper held, hidden ones too;
 * PUT /api/titles/{title}/visibility hides a paper from the public (copyright), or shows it again;
 * PATCH /api/titles/{title} corrects what its record says (name, place, rights…).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { setTitleHidden } from '../services/title-visibility.ts';
import { titleChangeSchema, updateTitleMetadata } from '../services/title-metadata.ts';
import { parseJsonBody } from './json-body.ts';
import { requireRole } from './require-role.ts';

const visibilitySchema = z.object({ hidden: z.boolean() }).strict();

export const titleAdminRoutes = new Hono<AppEnv>()
  .get('/api/admin/titles', requireRole('admin'), async (c) => {
    const titles = [...(await c.var.services.titles.all()).values()].sort((a, b) => a.key.title.localeCompare(b.key.title));
    return c.json({ titles: titles.map((title) => ({ id: title.key.title, name: title.name, kind: title.kind, hidden: title.hidden, visibilityChangedAt: title.visibilityChangedAt ?? null })) });
  })
  .patch('/api/titles/:title', requireRole('admin'), async (c) => {
    const change = await parseJsonBody(c, titleChangeSchema);
    const { services, deps, principal } = c.var;
    const result = await updateTitleMetadata(services, c.req.param('title'), change, principal!.username);
    if (result.changed.length > 0) deps.logger.log('info', 'titles.changed', { title: c.req.param('title'), fields: result.changed, by: principal!.username });
    return c.json({ title: result.title, changed: result.changed });
  })
  .put('/api/titles/:title/visibility', requireRole('admin'), async (c) => {
  const { hidden } = await parseJsonBody(c, visibilitySchema);
  const { services, deps, principal } = c.var;
  const result = await setTitleHidden(services, c.req.param('title'), hidden, principal!.username);
  if (result.changed) deps.logger.log('info', hidden ? 'titles.hidden' : 'titles.shown', { title: c.req.param('title'), articles: result.articles, pages: result.pages, by: principal!.username });
  return c.json({ title: result.title.key.title, hidden: result.title.hidden, visibilityChangedAt: result.title.visibilityChangedAt ?? null, changed: result.changed, articles: result.articles, pages: result.pages });
});
