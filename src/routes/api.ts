/**
 * The public JSON API: search, browse and records, validated with zod and described by the
 * OpenAPI document at /api/openapi.json (readable at /api/docs). Readers never talk to
 * Meilisearch: its key stays here.
 */
import { invalidValueText } from '../domain/invalid-value.ts';
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import {
  articleViewSchema,
  calendarYearSchema,
  errorResponseSchema,
  issueSummarySchema,
  issueViewSchema,
  pageViewSchema,
  searchResponseSchema,
  titleSummarySchema,
  titleViewSchema,
} from '../domain/api-schemas.ts';
import { isVolumeKey, parseId, urls, type ArticleKey, type IssueKey, type PageKey } from '../domain/natural-keys.ts';
import { displayText } from '../domain/article.ts';
import { alto } from '../domain/export/alto.ts';
import { ocrText } from '../domain/ocr-text.ts';
import { pageOcrSchema } from '../domain/page-ocr.ts';
import { searchParamsSchema } from '../domain/search-request.ts';
import { AppError } from '../errors.ts';
import { articleView, calendar, issuesOf, issueView, listTitles, pageView, publicTitle } from '../services/browse.ts';
import { runSearch } from '../services/search-service.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = {
  400: json(errorResponseSchema, '请求有误 / bad request'),
  404: json(errorResponseSchema, '不存在 / not found'),
  503: json(errorResponseSchema, '检索暂不可用 / search unavailable'),
};

const idParam = z.object({ id: z.string().max(200) });
const titleParam = z.object({ title: z.string().max(64) });

export const apiRoutes = new OpenAPIHono<AppEnv>({
  // zod's complaints become difang's 400 answers, in the reader's language.
  defaultHook: (result) => {
    if (!result.success) {
      throw new AppError('bad_request', { detail: invalidValueText(result.error, { 'zh-CN': '参数有误', en: 'bad parameter' }) });
    }
  },
});

apiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/search',
    summary: '检索篇目与版面 / search articles and pages',
    description: 'Chinese text matches in simplified and traditional forms alike; partial dates (1995, 1995-03) are accepted in from/to.',
    request: { query: searchParamsSchema },
    responses: { 200: json(searchResponseSchema, '检索结果 / results'), ...errors },
  }),
  async (c) => c.json(await runSearch(c.var.services, c.req.valid('query')), 200),
);

apiRoutes.openapi(
  createRoute({ method: 'get', path: '/api/titles', summary: '馆藏报纸与文献 / titles held', responses: { 200: json(z.object({ titles: z.array(titleSummarySchema) }), 'titles') } }),
  async (c) => c.json({ titles: await listTitles(c.var.services) }, 200),
);

apiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/titles/{title}',
    summary: '一种报纸或文献 / one title, with its years',
    request: { params: titleParam },
    responses: { 200: json(titleViewSchema, 'title'), ...errors },
  }),
  async (c) => {
    const id = c.req.valid('param').title;
    const title = await publicTitle(c.var.services, id);
    const summary = title ? (await listTitles(c.var.services)).find((t) => t.id === id) : null;
    if (!title || !summary) throw new AppError('not_found');
    const years = (await calendar(c.var.services, id)).map((year) => ({ year: year.year, issues: year.issues }));
    return c.json({ title, summary, years }, 200);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/titles/{title}/calendar',
    summary: '日历：年 → 月 → 有报纸的日子 / calendar of issues',
    request: { params: titleParam },
    responses: { 200: json(z.object({ years: z.array(calendarYearSchema) }), 'calendar'), ...errors },
  }),
  async (c) => {
    const id = c.req.valid('param').title;
    if (!(await publicTitle(c.var.services, id))) throw new AppError('not_found');
    return c.json({ years: await calendar(c.var.services, id) }, 200);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/titles/{title}/issues',
    summary: '期次（或卷）列表 / issues or volumes',
    request: { params: titleParam, query: z.object({ year: z.coerce.number().int().min(1000).max(9999).optional() }) },
    responses: { 200: json(z.object({ issues: z.array(issueSummarySchema) }), 'issues'), ...errors },
  }),
  async (c) => {
    const id = c.req.valid('param').title;
    if (!(await publicTitle(c.var.services, id))) throw new AppError('not_found');
    return c.json({ issues: await issuesOf(c.var.services, id, c.req.valid('query').year) }, 200);
  },
);

apiRoutes.openapi(
  createRoute({ method: 'get', path: '/api/issues/{id}', summary: '一期的版面与篇目 / an issue', request: { params: idParam }, responses: { 200: json(issueViewSchema, 'issue'), ...errors } }),
  async (c) => {
    const view = await issueView(c.var.services, keyOf(c.req.valid('param').id, 'issue'));
    if (!view) throw new AppError('not_found');
    return c.json(view, 200);
  },
);

apiRoutes.openapi(
  createRoute({ method: 'get', path: '/api/pages/{id}', summary: '一个版面 / a page', request: { params: idParam }, responses: { 200: json(pageViewSchema, 'page'), ...errors } }),
  async (c) => {
    const view = await pageView(c.var.services, keyOf(c.req.valid('param').id, 'page'));
    if (!view) throw new AppError('not_found');
    return c.json(view, 200);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/pages/{id}/ocr',
    summary: '版面 OCR：文字与坐标 / page OCR with pixel boxes',
    request: { params: idParam },
    responses: { 200: json(z.object({ text: z.string(), ocr: pageOcrSchema.nullable() }), 'OCR'), ...errors },
  }),
  async (c) => {
    const key = keyOf(c.req.valid('param').id, 'page');
    if (!(await publicTitle(c.var.services, key.title))) throw new AppError('not_found');
    const page = await c.var.services.records.getPage(key);
    if (!page) throw new AppError('not_found');
    const ocr = await c.var.services.records.getPageOcr(key);
    return c.json({ text: ocr ? ocrText(ocr, { layout: 'lines' }).text : '', ocr }, 200);
  },
);

const download = (description: string, type: string) => ({ content: { [type]: { schema: z.string() } }, description });

/** A page's OCR as a file to keep: the text (lines as printed) or ALTO v4 with every word's box. */
for (const format of ['txt', 'alto'] as const) {
  apiRoutes.openapi(
    createRoute({
      method: 'get',
      path: format === 'txt' ? '/api/pages/{id}/ocr.txt' : '/api/pages/{id}/alto.xml',
      summary: format === 'txt' ? '下载版面 OCR 文字 / the page text as a file' : '下载版面 ALTO / the page OCR as ALTO v4',
      request: { params: idParam },
      responses: { 200: download('file', format === 'txt' ? 'text/plain' : 'application/xml'), ...errors },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const key = keyOf(id, 'page');
      if (!(await publicTitle(c.var.services, key.title))) throw new AppError('not_found');
      const ocr = await c.var.services.records.getPageOcr(key);
      if (!ocr) throw new AppError('not_found', { detail: { 'zh-CN': '这一版还没有文字', en: 'this page has no text yet' } });
      const body = format === 'txt' ? `${ocrText(ocr, { layout: 'lines' }).text}\n` : alto(ocr, { seq: key.seq, imageFileName: `${id}.jpg` });
      return c.body(body, 200, {
        'Content-Type': format === 'txt' ? 'text/plain; charset=utf-8' : 'application/xml; charset=utf-8',
        'Content-Disposition': `attachment; filename="${id}${format === 'txt' ? '.txt' : '.alto.xml'}"`,
      });
    },
  );
}

apiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/articles/{id}/text.txt',
    summary: '下载篇目全文 / the article text as a file',
    request: { params: idParam },
    responses: { 200: download('file', 'text/plain'), ...errors },
  }),
  async (c) => {
    const id = c.req.valid('param').id;
    const view = await articleView(c.var.services, keyOf(id, 'article'));
    if (!view) throw new AppError('not_found');
    const { article, title } = view;
    const heading = [article.kicker, article.title, article.subtitle].filter(Boolean).join('\n');
    const source = `${title.name} ${isVolumeKey(article.key) ? (view.issue?.label ?? '') : article.key.date} · ${c.var.deps.publicBaseUrl}${urls.article(article.key)}`;
    return c.body(`${heading}\n\n${displayText(article)}\n\n${source}\n`, 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': `attachment; filename="${id}.txt"` });
  },
);

apiRoutes.openapi(
  createRoute({ method: 'get', path: '/api/articles/{id}', summary: '一篇篇目 / an article', request: { params: idParam }, responses: { 200: json(articleViewSchema, 'article'), ...errors } }),
  async (c) => {
    const view = await articleView(c.var.services, keyOf(c.req.valid('param').id, 'article'));
    if (!view) throw new AppError('not_found');
    return c.json(view, 200);
  },
);

export const openApiInfo = {
  openapi: '3.1.0',
  info: { title: '地方 difang API', version: '1', description: '地方报纸与地方文献数字档案的检索与浏览接口 / search and browse local newspapers and local-history documents' },
};
apiRoutes.doc31('/api/openapi.json', openApiInfo);

function keyOf(id: string, kind: 'issue'): IssueKey;
function keyOf(id: string, kind: 'page'): PageKey;
function keyOf(id: string, kind: 'article'): ArticleKey;
function keyOf(id: string, kind: 'issue' | 'page' | 'article'): IssueKey | PageKey | ArticleKey {
  const parsed = parseId(id);
  if (!parsed || parsed.kind !== kind) throw new AppError('not_found');
  return parsed.key as IssueKey | PageKey | ArticleKey;
}
