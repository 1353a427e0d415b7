/**
 * IIIF for other software: Image API 3.0 (level 0 from the stored tiles, plus crops and sizes
 * composed from them where sharp runs), Presentation 3.0 (a manifest per issue, a collection per
 * title, OCR annotations per page) and Content Search 2.0 per issue. Open to every origin.
 */
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../app-env.ts';
import { rebaseImageInfo, iiifUrls } from '../domain/iiif.ts';
import { resolveImageRequest } from '../domain/iiif-image-request.ts';
import { parseId, storageKeys, titleIdSchema, type IssueKey, type PageKey } from '../domain/natural-keys.ts';
import { AppError } from '../errors.ts';
import type { StoredObject } from '../ports.ts';
import { viewableTitle } from './require-role.ts';
import { collectionFor, manifestFor, ocrAnnotationsFor, searchWithinIssue } from '../services/iiif-documents.ts';
import { composeFromTiles, imageFacts, versionedImageFacts } from '../services/page-images.ts';

const presentationType = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"';
const imageType = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"';
const searchType = 'application/ld+json;profile="http://iiif.io/api/search/2/context.json"';

/** Tiles change only when a page is ingested again with a new image; the ETag catches that. */
const tileCache = 'public, max-age=31536000';
/** Documents follow cataloguing, so they are revalidated after a short while. */
const documentCache = 'public, max-age=300';

/** The largest image difang composes in one answer (a 7000 × 9000 page is 63 MP). */
const maxComposedPixels = 80_000_000;

export const iiifRoutes = new Hono<AppEnv>();

iiifRoutes.use('/iiif/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], exposeHeaders: ['ETag', 'Content-Length'] }));

iiifRoutes.get('/iiif/3/manifests/:id', async (c) => {
  const key = keyOf(c.req.param('id'), 'issue');
  const manifest = await manifestFor(c.var.services, c.var.deps.publicBaseUrl, key);
  if (!manifest) throw new AppError('not_found');
  return document(c, manifest, presentationType);
});

iiifRoutes.get('/iiif/3/collections/:title', async (c) => {
  const title = titleIdSchema.safeParse(c.req.param('title'));
  const collection = title.success ? await collectionFor(c.var.services, c.var.deps.publicBaseUrl, title.data) : null;
  if (!collection) throw new AppError('not_found');
  return document(c, collection, presentationType);
});

iiifRoutes.get('/iiif/3/annotations/:id', async (c) => {
  const page = await ocrAnnotationsFor(c.var.services, c.var.deps.publicBaseUrl, keyOf(c.req.param('id'), 'page'));
  if (!page) throw new AppError('not_found');
  return document(c, page, presentationType);
});

iiifRoutes.get('/iiif/3/search/:id', (c) => searchAnswerFor(c, 2));
iiifRoutes.get('/iiif/search/1/:id', (c) => searchAnswerFor(c, 1));

/** Words within an issue (Content Search 2.0, or 1.0 for the viewers that only know it). */
async function searchAnswerFor(c: Ctx, version: 1 | 2): Promise<Response> {
  const key = keyOf(c.req.param('id') ?? '', 'issue');
  const q = (c.req.query('q') ?? '').slice(0, 200);
  const base = c.var.deps.publicBaseUrl;
  const requestUrl = `${(version === 1 ? iiifUrls.searchV1 : iiifUrls.search)(base, key)}?q=${encodeURIComponent(q)}`;
  const answer = await searchWithinIssue(c.var.services, base, key, q, requestUrl, version);
  if (!answer) throw new AppError('not_found');
  return document(c, answer, version === 1 ? 'application/json' : searchType, 'no-cache');
}

// Image API: the service's base URI leads to its info.json (§2.2).
iiifRoutes.get('/iiif/3/:id{[A-Za-z0-9_-]+}', (c) => c.redirect(`${c.req.path}/info.json`, 303));

iiifRoutes.get('/iiif/3/:id{[A-Za-z0-9_-]+}/info.json', async (c) => {
  const key = await publicPageKey(c, c.req.param('id'));
  const info = await imageFacts(c.var.deps.store, key);
  if (!info) throw new AppError('not_found');
  const body = JSON.stringify(rebaseImageInfo(info, iiifUrls.imageService(c.var.deps.publicBaseUrl, key)));
  return document(c, body, c.req.header('Accept')?.includes('application/ld+json') ? imageType : 'application/json');
});

iiifRoutes.get('/iiif/3/:id{[A-Za-z0-9_-]+}/:region/:size/:rotation/:file', async (c) => {
  const id = c.req.param('id');
  const key = await publicPageKey(c, id);
  const { region, size, rotation, file } = c.req.param();
  const { store } = c.var.deps;
  const base = storageKeys.iiifImage(key);

  // Fast path: exactly a stored tile (what OpenSeadragon and Mirador ask for).
  if (rotation === '0' && file === 'default.jpg' && /^[\d,]+$|^full$/.test(region) && /^\d+,\d+$/.test(size)) {
    const stored = await store.get(`${base}/${region}/${size}/0/default.jpg`);
    if (stored) return image(c, stored);
  }

  const versioned = await versionedImageFacts(store, key);
  if (!versioned) throw new AppError('not_found');
  const { facts } = versioned;
  const resolved = resolveImageRequest(facts, { region, size, rotation, file });
  if ('problem' in resolved) {
    throw new AppError('bad_request', {
      detail: {
        'zh-CN': resolved.problem === 'not_supported' ? '仅提供不旋转的彩色（default / color）JPEG 图像' : `图像请求参数有误：${region}/${size}`,
        en: resolved.problem === 'not_supported' ? 'only unrotated default or color JPEG images are served' : `bad image request: ${region}/${size}`,
      },
    });
  }
  // A stored tile asked for by another name ("w," or "pct:" for a tile's own size).
  const canonicalRegion = resolved.full ? 'full' : `${resolved.region.x},${resolved.region.y},${resolved.region.w},${resolved.region.h}`;
  const stored = await store.get(`${base}/${canonicalRegion}/${resolved.width},${resolved.height}/0/default.jpg`);
  if (stored) return image(c, stored);

  const composer = c.var.deps.imageComposer;
  if (!composer) throw new AppError('not_found');
  if (resolved.width * resolved.height > maxComposedPixels) {
    throw new AppError('bad_request', { detail: { 'zh-CN': `请求的图像过大（上限 ${maxComposedPixels / 1e6} 百万像素）`, en: `the image asked for is too large (at most ${maxComposedPixels / 1e6} MP)` } });
  }
  const jpeg = await c.var.services.composedImages.get(`${id}/${canonicalRegion}/${resolved.width},${resolved.height}@${versioned.version}`, () =>
    composeFromTiles(store, composer, key, facts, { region: resolved.region, width: resolved.width, height: resolved.height }),
  );
  // Too many composed images already in hand: say so at once rather than slow every tile down.
  if (jpeg === 'busy') throw new AppError('busy', { retryAfter: 2 });
  if (!jpeg) throw new AppError('not_found', { detail: { 'zh-CN': '缺少图块', en: 'a tile is missing' } });
  const download = c.req.query('download');
  return c.body(jpeg, 200, {
    'Content-Type': 'image/jpeg',
    'Cache-Control': tileCache,
    ...(download !== undefined ? { 'Content-Disposition': `attachment; filename="${id}${resolved.full ? '' : `_${canonicalRegion}`}.jpg"` } : {}),
  });
});

type Ctx = Context<AppEnv>;

function keyOf(id: string, kind: 'issue'): IssueKey;
function keyOf(id: string, kind: 'page'): PageKey;
function keyOf(id: string, kind: 'issue' | 'page'): IssueKey | PageKey {
  const parsed = parseId(id);
  if (parsed?.kind !== kind) throw new AppError('not_found');
  return parsed.key as IssueKey | PageKey;
}

/** A page whose images this requester may see (a hidden paper's only by staff, for cataloguing). */
async function publicPageKey(c: Ctx, id: string): Promise<PageKey> {
  const key = keyOf(id, 'page');
  if (!(await viewableTitle(c, key.title))) throw new AppError('not_found');
  return key;
}

function image(c: Ctx, object: StoredObject): Response {
  const headers = { ETag: object.info.etag, 'Cache-Control': tileCache };
  if (c.req.header('If-None-Match') === object.info.etag) {
    void object.body.cancel();
    return c.body(null, 304, headers);
  }
  return c.body(object.bytes ?? object.body, 200, { ...headers, 'Content-Type': 'image/jpeg', 'Content-Length': String(object.info.size) });
}

/** A JSON document with a weak ETag of its content, answered 304 when the client has it. */
async function document(c: Ctx, value: unknown, contentType: string, cacheControl = documentCache): Promise<Response> {
  const body = typeof value === 'string' ? value : JSON.stringify(value);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(body)));
  const etag = `W/"${[...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`;
  const headers = { ETag: etag, 'Cache-Control': cacheControl, 'Content-Type': contentType };
  if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
  return c.body(body, 200, headers);
}
