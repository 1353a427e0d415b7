/**
 * Topics (专题, issue 20) on the real Meilisearch: a curator's draft stays out of readers' sight,
 * a published topic shows its hand-picked and saved-search sections with published articles only,
 * the saved search picks up a newly published article, a stale save is refused, the Markdown is
 * made safe, and the IIIF Collection validates against the IIIF 3.0 schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../src/app.ts';
import { articleId, parseId, type ArticleKey } from '../../src/domain/natural-keys.ts';
import { silentLogger } from '../../src/logger.ts';
import { bootstrapAuthenticator, type Principal } from '../../src/services/authenticator.ts';
import { Catalog } from '../../src/services/catalog.ts';
import { indexNames } from '../../src/services/search-indexes.ts';
import { presentationValidator } from '../helpers/iiif-schema.ts';
import { appOver, fixtureWorld, type IngestWorld } from '../helpers/ingest.ts';
import { articlesOfIssue } from '../helpers/records.ts';

const admin: Principal = { username: 'dora', displayName: '杜拉', roles: ['admin'], via: 'api-token' };
const token = 't'.repeat(32);

describe('topics', () => {
  let world: IngestWorld;
  let app: ReturnType<typeof createApp>;
  let catalog: Catalog;
  let ids: string[];
  const staff = { Authorization: `Bearer ${token}` };
  const put = (version: number, topic: Record<string, unknown>) => app.request('/api/topics/library-history', { method: 'PUT', headers: { ...staff, 'Content-Type': 'application/json' }, body: JSON.stringify({ version, topic }) });
  const publish = async (id: string, subject: string) => {
    const key = parseId(id)!.key as ArticleKey;
    const opened = (await catalog.get(key))!;
    const saved = await catalog.save(key, opened.version, { subjects: [{ term: subject, scheme: 'CCT' }], title: opened.article.title || id }, admin);
    const submitted = await catalog.act(key, saved.version, 'submit', admin);
    await catalog.act(key, submitted.version, 'publish', admin);
  };
  const published = async (n: number) => {
    for (let tries = 0; tries < 100; tries++) {
      const found = await world.search.search(world.search.indexUid(indexNames.articles), { q: '', filter: ['status = published'], hitsPerPage: 0 });
      if (found.totalHits >= n) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const sectionIds = (html: string) => [...html.matchAll(/<section[^>]*data-testid="topic-section"[^>]*>([\s\S]*?)<\/section>/g)].map((m) => [...m[1]!.matchAll(/href="\/articles\/([^"]+)"/g)].map((a) => a[1]));

  beforeAll(async () => {
    world = await fixtureWorld();
    app = appOver(world, 'http://difang.test', { auth: bootstrapAuthenticator(token) });
    catalog = new Catalog(world.records, world.search, silentLogger);
    ids = (await articlesOfIssue(world.records, { title: 'demo-ribao', date: '2023-05-06', edition: 1 })).map((article) => articleId(article.key));
    await publish(ids[0]!, '公共图书馆');
    await publish(ids[1]!, '安全生产');
    await published(2);
  }, 120_000);
  afterAll(() => world.close());

  const topic = {
    slug: 'library-history',
    title: '图书馆里的清远',
    intro: '清远的**图书馆**事业。<script>alert(1)</script> [危险](javascript:alert(1)) [全部专题](/topics)\n\n- 第一条\n- 第二条',
    sections: [
      { heading: '编者选读', caption: '*手选*的文章', articles: [ids_(1), ids_(4)] },
      { heading: '公共图书馆', search: { q: '', subject: '公共图书馆' } },
    ],
  };
  function ids_(i: number): string {
    return `demo-ribao_2023-05-06_ed-1_art-${i + 1}`;
  }

  it('keeps a draft from readers, shows it to staff, and publishes it with its sections of published articles', async () => {
    const created = await put(0, topic);
    const createdText = await created.clone().text();
    expect(created.status, createdText).toBe(200);
    expect(((await created.json()) as { version: number }).version).toBe(1);
    expect((await app.request('/topics/library-history')).status).toBe(404);
    expect((await app.request('/api/topics')).status).toBe(200);
    expect(((await (await app.request('/api/topics')).json()) as { topics: unknown[] }).topics).toEqual([]);
    const preview = await app.request('/topics/library-history', { headers: staff });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('草稿');
    // A stale save is refused; the current version publishes.
    expect((await put(0, { ...topic, status: 'published' })).status).toBe(412);
    expect((await put(1, { ...topic, status: 'published' })).status).toBe(200);
    const page = await (await app.request('/topics/library-history')).text();
    // Hand-picked: the published one only (art-5 is a draft); the saved search: what carries the subject.
    expect(sectionIds(page)).toEqual([[ids[1]], [ids[0]]]);
    expect(((await (await app.request('/api/topics')).json()) as { topics: { slug: string }[] }).topics.map((t) => t.slug)).toEqual(['library-history']);
  });

  it('lets the saved search pick up an article as soon as it is published', async () => {
    await publish(ids[2]!, '公共图书馆');
    await published(3);
    const page = await (await app.request('/topics/library-history')).text();
    expect(sectionIds(page)[1]!.sort()).toEqual([ids[0], ids[2]].sort());
  });

  it('writes the introduction and captions as safe Markdown', async () => {
    const page = await (await app.request('/topics/library-history')).text();
    const intro = /<div class="topic-intro">([\s\S]*?)<\/div>/.exec(page)![1]!;
    expect(intro).toContain('<strong>图书馆</strong>');
    expect(intro).not.toContain('<script');
    expect(intro).toContain('&lt;script&gt;');
    expect(intro).not.toContain('href="javascript:');
    expect(intro).toContain('<a href="/topics">全部专题</a>');
    expect(intro).toContain('<ul><li>第一条</li><li>第二条</li></ul>');
    expect(page).toContain('<em>手选</em>');
  });

  it('is a IIIF Collection of the issues its articles are printed in, valid against the IIIF 3.0 schema', async () => {
    const response = await app.request('/iiif/3/topics/library-history');
    expect(response.status).toBe(200);
    const collection = (await response.json()) as { type: string; items: { id: string; type: string }[] };
    expect(collection).toMatchObject({ type: 'Collection', items: [{ id: 'http://difang.test/iiif/3/manifests/demo-ribao_2023-05-06_ed-1', type: 'Manifest', label: { 'zh-Hans': ['地方示例日报 2023-05-06'] } }] });
    const validate = presentationValidator();
    if (validate) expect(validate(collection)).toEqual([]);
    // And the manifest it names is served.
    expect((await app.request(new URL(collection.items[0]!.id).pathname)).status).toBe(200);
  });
});
