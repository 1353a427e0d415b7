/**
 * The cataloguers' API (signed in as cataloguer, reviewer or admin):
 *   GET  /api/catalog/queue?status=&title=&from=&to=&by=&sort=&page=&per=
 *   GET  /api/catalog/articles/{id}            the version to edit, and what readers see
 *   PUT  /api/catalog/articles/{id}            { version, changes }        save
 *   POST /api/catalog/articles/{id}/{action}   { version, comment? }       submit · approve · return · publish
 *   POST /api/catalog/bulk                     { action, items: [{ id, version }], comment? }
 *   POST /api/catalog/bulk-tags                { field, values, items: [{ id, version }] }  批量标引
 *   GET|PUT /api/catalog/templates/{title}     { fields }                  著录模板 per paper
 *   GET  /api/catalog/articles/{id}/audit      who changed what, when
 *   GET  /api/catalog/dashboard                progress against the targets, work per person per day
 *   GET  /api/catalog/pages                    pages with no article yet (待切分)
 *   POST /api/catalog/issues/{id}/articles     { regions }                 a new article cut by hand
 * A change on an old version answers 412 with the current one, so nothing is silently overwritten.
 */
import { underAuthority } from '../domain/authority.ts';
import { titleIdSchema } from '../domain/natural-keys.ts';
import { templateFieldsSchema } from '../services/catalog-templates.ts';
import type { ArticleEdit } from '../domain/catalog.ts';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { articleEditSchema, workflowActionSchema } from '../domain/catalog.ts';
import { parseId, type ArticleKey, type IssueKey } from '../domain/natural-keys.ts';
import { regionSchema } from '../domain/region.ts';
import { AppError, errorTable, toAppError } from '../errors.ts';
import { StaleEditError, type CatalogRecord } from '../services/catalog.ts';
import { dashboard, defaultTargets, pagesToSegment, queue, queueParamsSchema } from '../services/catalog-queue.ts';
import { parseJsonBody } from './json-body.ts';
import { requireRole } from './require-role.ts';

const version = z.number().int().min(1);
const saveSchema = z.object({ version, changes: articleEditSchema });
const stepSchema = z.object({ version, comment: z.string().max(2000).optional() });
const stepAction = workflowActionSchema.exclude(['save']);
const newArticleSchema = z.object({ regions: z.array(regionSchema).min(1).max(50) });
/** Where the second article begins: the index of its first region in reading order. */
const splitSchema = z.object({ version, at: z.number().int().min(1).max(49) });
const bulkSchema = z.object({
  action: stepAction,
  items: z.array(z.object({ id: z.string().max(200), version })).min(1).max(500),
  comment: z.string().max(2000).optional(),
});

/** Tags added to many articles at once (批量标引): the field, the values, the articles with their versions. */
const tagFields = ['subjects', 'keywords', 'persons', 'places', 'organizations', 'clc'] as const;
const bulkTagsSchema = z.object({
  field: z.enum(tagFields),
  values: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
  items: z.array(z.object({ id: z.string().max(200), version })).min(1).max(500),
});

export function articleKeyOf(id: string): ArticleKey {
  const parsed = parseId(id);
  if (parsed?.kind !== 'article') throw new AppError('not_found');
  return parsed.key as ArticleKey;
}

/**
 * A change to many articles, one at a time: each is its own conditional write, and a refusal (a
 * stale version, a step not allowed) is reported for that article and stops nothing else.
 */
async function eachArticle(c: Context<AppEnv>, items: { id: string; version: number }[], change: (key: ArticleKey, version: number) => Promise<CatalogRecord>) {
  const results = [];
  for (const item of items) {
    try {
      const record = await change(articleKeyOf(item.id), item.version);
      results.push({ id: item.id, ok: true, version: record.version, status: record.article.status });
    } catch (error) {
      const code = error instanceof StaleEditError ? 'precondition_failed' : toAppError(error).code;
      results.push({ id: item.id, ok: false, code, message: errorTable[code].text[c.var.lang] });
    }
  }
  return { done: results.filter((result) => result.ok).length, results };
}

/** 412 with the current version, or the change's answer. */
async function answer(c: Context<AppEnv>, change: () => Promise<CatalogRecord>): Promise<Response> {
  return staleRefused(c, async () => {
    const record = await change();
    c.header('ETag', `"v${record.version}"`);
    return c.json(record);
  });
}

/** A change made on a version that is no longer current: 412 with the current record, nothing written. */
async function staleRefused(c: Context<AppEnv>, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof StaleEditError)) throw error;
    const message = errorTable.precondition_failed.text[c.var.lang];
    return c.json({ error: { code: 'precondition_failed', message, requestId: c.var.requestId }, current: error.current }, 412);
  }
}

export const catalogRoutes = new Hono<AppEnv>()
  .use('/api/catalog/*', requireRole('cataloguer', 'reviewer', 'admin'))
  .get('/api/catalog/queue', async (c) => {
    const params = queueParamsSchema.safeParse(c.req.query());
    if (!params.success) throw new AppError('bad_request', { detail: { 'zh-CN': `参数有误：${params.error.issues[0]?.path.join('.')}`, en: `bad parameter: ${params.error.issues[0]?.path.join('.')}` } });
    return c.json(await queue(c.var.services.search, params.data));
  })
  .get('/api/catalog/dashboard', async (c) => {
    const days = Math.min(92, Math.max(1, Number(c.req.query('days')) || 30));
    return c.json(await dashboard(c.var.services.search, c.var.services.catalog, c.var.deps.targets ?? defaultTargets, days));
  })
  .get('/api/catalog/articles/:id', async (c) => {
    const record = await c.var.services.catalog.get(articleKeyOf(c.req.param('id')));
    if (!record) throw new AppError('not_found');
    c.header('ETag', `"v${record.version}"`);
    c.header('Cache-Control', 'no-store');
    return c.json(record);
  })
  .get('/api/catalog/articles/:id/audit', async (c) => {
    const key = articleKeyOf(c.req.param('id'));
    return c.json({ id: c.req.param('id'), entries: await c.var.services.catalog.audit(key) });
  })
  .put('/api/catalog/articles/:id', async (c) => {
    const key = articleKeyOf(c.req.param('id'));
    const { version: base, changes } = await parseJsonBody(c, saveSchema);
    // Variants become their preferred terms; names no vocabulary knows are kept and reported.
    const { edit, report } = underAuthority(changes, await c.var.services.vocabularies.terms());
    return staleRefused(c, async () => {
      const record = await c.var.services.catalog.save(key, base, edit, c.var.principal!);
      c.header('ETag', `"v${record.version}"`);
      return c.json({ ...record, authority: report });
    });
  })
  .post('/api/catalog/articles/:id/split', async (c) => {
    const key = articleKeyOf(c.req.param('id'));
    const { version: base, at } = await parseJsonBody(c, splitSchema);
    return staleRefused(c, async () => {
      const { kept, created } = await c.var.services.catalog.splitArticle(key, base, at, c.var.principal!);
      c.header('Location', `/api/catalog/articles/${created.id}`);
      return c.json({ kept, created }, 201);
    });
  })
  .post('/api/catalog/articles/:id/:action', async (c) => {
    const action = stepAction.safeParse(c.req.param('action'));
    if (!action.success) throw new AppError('not_found');
    const key = articleKeyOf(c.req.param('id'));
    const { version: base, comment } = await parseJsonBody(c, stepSchema);
    return answer(c, () => c.var.services.catalog.act(key, base, action.data, c.var.principal!, comment));
  })
  .get('/api/catalog/pages', async (c) => {
    const page = Math.min(10_000, Math.max(1, Number(c.req.query('page')) || 1));
    const per = Math.min(200, Math.max(1, Number(c.req.query('per')) || 50));
    return c.json(await pagesToSegment(c.var.services.search, { page, per, ...(c.req.query('title') ? { title: c.req.query('title')! } : {}) }));
  })
  .post('/api/catalog/issues/:id/articles', async (c) => {
    const parsed = parseId(c.req.param('id'));
    if (parsed?.kind !== 'issue') throw new AppError('not_found');
    const { regions } = await parseJsonBody(c, newArticleSchema);
    const record = await c.var.services.catalog.createArticle(parsed.key as IssueKey, regions, c.var.principal!);
    c.header('Location', `/api/catalog/articles/${record.id}`);
    // A region with no text in it says so, rather than leaving an empty record and "no suggestions".
    const notice = record.article.text.ocr.trim() === '' ? { 'zh-CN': '所画区域内没有识别出的文字：请检查区域是否框住了正文，或这一版是否还没有 OCR（可在管理页运行 OCR）', en: 'No recognised text lies inside the regions drawn: check that they cover the text, or whether the page has no OCR yet (run OCR from the admin page)' } : undefined;
    return c.json({ ...record, ...(notice ? { notice } : {}) }, 201);
  })
  .post('/api/catalog/bulk', async (c) => {
    const { action, items, comment } = await parseJsonBody(c, bulkSchema);
    return c.json({ action, ...(await eachArticle(c, items, (key, version) => c.var.services.catalog.act(key, version, action, c.var.principal!, comment))) });
  })
  .get('/api/catalog/templates/:title', async (c) => {
    const title = titleIdSchema.safeParse(c.req.param('title'));
    if (!title.success) throw new AppError('not_found');
    return c.json((await c.var.services.templates.get(title.data)) ?? { title: title.data, fields: {} });
  })
  .put('/api/catalog/templates/:title', async (c) => {
    const title = titleIdSchema.safeParse(c.req.param('title'));
    if (!title.success || !(await c.var.services.titles.get(title.data))) throw new AppError('not_found');
    const { fields } = await parseJsonBody(c, z.object({ fields: templateFieldsSchema }));
    return c.json(await c.var.services.templates.put(title.data, fields, c.var.principal!.username));
  })
  .post('/api/catalog/bulk-tags', async (c) => {
    const { field, values, items } = await parseJsonBody(c, bulkTagsSchema);
    const terms = await c.var.services.vocabularies.terms();
    // Each article keeps its own tags and gains the new ones, under authority control, as its own conditional save.
    const tagged = await eachArticle(c, items, async (key, version) => {
      const current = await c.var.services.catalog.get(key);
      if (!current) throw new AppError('not_found');
      const article = current.article;
      const added: ArticleEdit =
        field === 'places'
          ? { places: [...article.places, ...values.map((name) => ({ name }))] }
          : field === 'subjects'
            ? { subjects: [...article.subjects, ...values.map((term) => ({ term, scheme: 'CCT' }))] }
            : { [field]: [...new Set([...article[field], ...values])] };
      return c.var.services.catalog.save(key, version, underAuthority(added, terms).edit, c.var.principal!);
    });
    return c.json({ field, ...tagged });
  });
