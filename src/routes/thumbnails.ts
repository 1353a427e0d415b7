/** GET /thumbnails/{page-id}.jpg: a page's thumbnail, straight from storage, cached by browsers. */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { parseId, storageKeys, type PageKey } from '../domain/natural-keys.ts';
import { AppError } from '../errors.ts';
import { viewableTitle } from './require-role.ts';

export const thumbnailRoutes = new Hono<AppEnv>().get('/thumbnails/:file{[A-Za-z0-9_-]+\\.jpg}', async (c) => {
  const parsed = parseId(c.req.param('file').slice(0, -'.jpg'.length));
  if (parsed?.kind !== 'page' || !(await viewableTitle(c, parsed.key.title))) throw new AppError('not_found');
  const key = storageKeys.pageThumbnail(parsed.key as PageKey);
  const head = await c.var.deps.store.head(key);
  if (!head) throw new AppError('not_found');
  if (c.req.header('If-None-Match') === head.etag) return c.body(null, 304, { ETag: head.etag });
  const object = await c.var.deps.store.get(key);
  if (!object) throw new AppError('not_found');
  return c.body(object.body, 200, {
    'Content-Type': 'image/jpeg',
    'Content-Length': String(object.info.size),
    ETag: object.info.etag,
    'Cache-Control': 'public, max-age=86400',
    'Access-Control-Allow-Origin': '*',
  });
});
