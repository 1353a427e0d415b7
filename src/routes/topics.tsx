/** @jsxImportSource hono/jsx */
/**
 * 专题 (issue 20): readers' /topics and /topics/{slug} (published topics), the JSON beside them,
 * the topic's IIIF Collection /iiif/3/topics/{slug}, and the curators' API — PUT
 * /api/topics/{slug} { version, topic } (curator or admin; version 0 creates; a stale one 412).
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { readerFrame } from './reader.tsx';
import { parseId, type ArticleKey, issueKeyOf, type IssueKey, issueId } from '../domain/natural-keys.ts';
import { topicCollection, topicSlugSchema, type Topic } from '../domain/topic.ts';
import { isoDateOf } from '../domain/search-documents.ts';
import { AppError } from '../errors.ts';
import { TopicListPage, TopicPage } from '../html/pages/topic.tsx';
import { resolveSections, topicInputSchema } from '../services/topics.ts';
import { parseJsonBody } from './json-body.ts';
import { principalOf, requireRole } from './require-role.ts';

type Ctx = Context<AppEnv>;


/** A published topic, or for signed-in staff a draft too (to preview it). */
async function readable(c: Ctx): Promise<Topic> {
  const slug = topicSlugSchema.safeParse(c.req.param('slug'));
  if (!slug.success) throw new AppError('not_found');
  const topic = await c.var.services.topics.get(slug.data);
  if (!topic) throw new AppError('not_found');
  if (topic.status !== 'published') {
    if (!(await principalOf(c))) throw new AppError('not_found');
    c.set('privateResponse', true);
    c.header('Cache-Control', 'private, no-store');
  }
  return topic;
}

export const topicRoutes = new Hono<AppEnv>()
  .get('/topics', async (c) => {
    const topics = (await c.var.services.topics.list()).filter((topic) => topic.status === 'published');
    return c.html(html`<!doctype html>${(<TopicListPage frame={readerFrame(c)} topics={topics} />)}`);
  })
  .get('/topics/:slug', async (c) => {
    const topic = await readable(c);
    const sections = await resolveSections(c.var.services.search, topic);
    const url = `${c.var.deps.publicBaseUrl}/topics/${topic.slug}`;
    const jsonLd = {
      '@context': 'https://schema.org',
      '@type': 'Collection',
      '@id': url,
      url,
      name: topic.title,
      hasPart: sections.flatMap((section) => section.found.map((article) => ({ '@type': 'NewsArticle', headline: article.title, url: `${c.var.deps.publicBaseUrl}/articles/${article.id}` }))),
    };
    return c.html(html`<!doctype html>${(<TopicPage frame={readerFrame(c)} topic={topic} sections={sections} jsonLd={jsonLd} />)}`);
  })
  .get('/api/topics', async (c) => c.json({ topics: (await c.var.services.topics.list()).filter((topic) => topic.status === 'published').map((topic) => ({ slug: topic.slug, title: topic.title, url: `${c.var.deps.publicBaseUrl}/topics/${topic.slug}` })) }))
  .get('/api/topics/:slug', async (c) => {
    const topic = await readable(c);
    const sections = await resolveSections(c.var.services.search, topic);
    return c.json({ ...topic, sections: sections.map(({ found, ...section }) => ({ ...section, found: found.map((a) => ({ id: a.id, title: a.title, date: a.date, titleName: a.titleName })) })) });
  })
  .put('/api/topics/:slug', requireRole('curator', 'admin'), async (c) => {
    const slug = topicSlugSchema.safeParse(c.req.param('slug'));
    if (!slug.success) throw new AppError('not_found');
    const body = await parseJsonBody(c, z.object({ version: z.number().int().min(0), topic: topicInputSchema }));
    if (body.topic.slug !== slug.data) throw new AppError('bad_request', { detail: { 'zh-CN': '专题地址与网址不符', en: 'the slug differs from the URL' } });
    return c.json(await c.var.services.topics.save(body.topic, body.version, c.var.principal!.username));
  })
  .get('/iiif/3/topics/:slug', async (c) => {
    const topic = await readable(c);
    const sections = await resolveSections(c.var.services.search, topic);
    // The issues its articles are printed in, once each, in the order first met.
    const issues = new Map<string, { key: IssueKey; label: string }>();
    for (const article of sections.flatMap((section) => section.found)) {
      const parsed = parseId(article.id);
      if (parsed?.kind !== 'article') continue;
      const key = issueKeyOf(parsed.key as ArticleKey);
      if (!issues.has(issueId(key))) issues.set(issueId(key), { key, label: `${article.titleName} ${isoDateOf(article.date) ?? ''}`.trim() });
    }
    c.header('Content-Type', 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"');
    c.header('Access-Control-Allow-Origin', '*');
    return c.body(JSON.stringify(topicCollection(c.var.deps.publicBaseUrl, topic, [...issues.values()])));
  });
