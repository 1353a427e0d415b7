/**
 * Entity pages (issue 20) on the real Meilisearch: people, places, organizations and subjects
 * tagged by cataloguers and published, with a vocabulary's variants and hierarchy — exactly the
 * published articles listed, variants and other scripts at one address, the timeline equal to the
 * search facet, co-occurrence counted right on a hand-made set, JSON-LD naming the type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../src/app.ts';
import { fold } from '../../src/domain/fold.ts';
import { articleId, parseId, type ArticleKey } from '../../src/domain/natural-keys.ts';
import type { ArticleEdit } from '../../src/domain/catalog.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Principal } from '../../src/services/authenticator.ts';
import { Catalog } from '../../src/services/catalog.ts';
import { indexNames } from '../../src/services/search-indexes.ts';
import { writeVocabulary } from '../../src/services/vocabularies.ts';
import { articlesOfIssue } from '../helpers/records.ts';
import { appOver, fixtureWorld, type IngestWorld } from '../helpers/ingest.ts';

const admin: Principal = { username: 'dora', displayName: '杜拉', roles: ['admin'], via: 'api-token' };

describe('entity pages', () => {
  let world: IngestWorld;
  let app: ReturnType<typeof createApp>;
  let ids: string[];
  const get = (path: string) => app.request(path, { redirect: 'manual' });

  beforeAll(async () => {
    world = await fixtureWorld();
    const now = new Date().toISOString();
    await writeVocabulary(world.store, { vocabulary: 'person', source: 'test', importedAt: now, terms: [{ vocabulary: 'person', id: '周恩来', preferred: '周恩来', variants: ['周总理'], broader: [] }] });
    await writeVocabulary(world.store, {
      vocabulary: 'place',
      source: 'test',
      importedAt: now,
      terms: [
        { vocabulary: 'place', id: '440000', preferred: '广东省', variants: [], code: '440000', broader: [] },
        { vocabulary: 'place', id: '441800', preferred: '清远市', variants: ['清远县'], code: '441800', broader: ['440000'], scopeNote: '地级市' },
      ],
    });
    app = appOver(world, 'http://difang.test');
    const catalog = new Catalog(world.records, world.search, silentLogger);
    const articles = await articlesOfIssue(world.records, { title: 'demo-ribao', date: '2023-05-06', edition: 1 });
    ids = articles.map((article) => articleId(article.key));
    // The hand-made set: A 周恩来 + 清远市; B 周恩来 + 清远市 + 公共图书馆 + an organization; C 周恩来 alone;
    // D tagged 周恩来 but never published (a working copy readers must not see).
    const tags: ArticleEdit[] = [
      { persons: ['周恩来'], places: [{ name: '清远市', code: '441800' }] },
      { persons: ['周恩来'], places: [{ name: '清远市', code: '441800' }], subjects: [{ term: '公共图书馆', scheme: 'CCT' }], organizations: ['清远市图书馆'] },
      { persons: ['周恩来'] },
      { persons: ['周恩来'] },
    ];
    for (const [i, edit] of tags.entries()) {
      const key = parseId(ids[i]!)!.key as ArticleKey;
      const opened = (await catalog.get(key))!;
      const saved = await catalog.save(key, opened.version, { ...edit, title: opened.article.title || `篇目 ${i + 1}` }, admin);
      if (i === 3) continue;
      const submitted = await catalog.act(key, saved.version, 'submit', admin);
      await catalog.act(key, submitted.version, 'publish', admin);
    }
    // Until the index shows the three published.
    for (let tries = 0; tries < 100; tries++) {
      const found = await world.search.search(world.search.indexUid(indexNames.articles), { q: '', filter: ['status = published', 'personsFolded = "周恩来"'], hitsPerPage: 0 });
      if (found.totalHits === 3) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);
  afterAll(() => world.close());

  it('lists exactly the published articles that carry the person, with the timeline the search facet gives', async () => {
    const page = await get(`/people/${encodeURIComponent('周恩来')}`);
    expect(page.status).toBe(200);
    const json = (await (await get(`/api/people/${encodeURIComponent('周恩来')}`)).json()) as { name: string; variants: string[]; total: number; articles: { id: string }[]; years: { year: number; count: number }[] };
    expect(json).toMatchObject({ name: '周恩来', variants: ['周总理'], total: 3 });
    expect(json.articles.map((a) => a.id).sort()).toEqual(ids.slice(0, 3).sort());
    const facet = await world.search.search(world.search.indexUid(indexNames.articles), { q: '', filter: ['hidden = false', 'status = published', 'personsFolded = "周恩来"'], facets: ['year'], hitsPerPage: 0 });
    expect(Object.fromEntries(json.years.map((y) => [String(y.year), y.count]))).toEqual(facet.facetDistribution!.year);
    const html = await page.text();
    expect(html).toContain('data-testid="timeline"');
    expect(html).not.toContain(ids[3]!);
  });

  it('gives a variant, another script and an old name one address', async () => {
    for (const form of ['周总理', '周恩來']) {
      const answer = await get(`/people/${encodeURIComponent(form)}`);
      expect(answer.status, form).toBe(301);
      expect(decodeURIComponent(answer.headers.get('location')!)).toBe('/people/周恩来');
    }
    expect(decodeURIComponent((await get(`/places/${encodeURIComponent('清遠縣')}`)).headers.get('location')!)).toBe('/places/清远市');
  });

  it('counts the entities printed with it, and shows a place within its province with its code and note', async () => {
    const json = (await (await get(`/api/people/${encodeURIComponent('周恩来')}`)).json()) as { related: Record<string, { name: string; count: number }[]> };
    expect(json.related.places).toEqual([{ id: '清远市', name: '清远市', count: 2 }]);
    expect(json.related.subjects).toEqual([{ id: fold('公共图书馆'), name: '公共图书馆', count: 1 }]);
    expect(json.related.organizations).toEqual([{ id: '清远市图书馆', name: '清远市图书馆', count: 1 }]);
    expect(json.related.people).toEqual([]);
    const place = (await (await get(`/api/places/${encodeURIComponent('清远市')}`)).json()) as { code: string; note: string; broader: { name: string }[]; total: number };
    expect(place).toMatchObject({ code: '441800', note: '地级市', broader: [{ name: '广东省' }], total: 2 });
    const province = (await (await get(`/api/places/${encodeURIComponent('广东省')}`)).json()) as { narrower: { name: string }[] };
    expect(province.narrower).toEqual([{ id: '清远市', name: '清远市' }]);
  });

  it('carries schema.org JSON-LD naming the type, and a link to its JSON', async () => {
    const html = await (await get(`/places/${encodeURIComponent('清远市')}`)).text();
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!) as Record<string, unknown>;
    expect(ld).toMatchObject({ '@context': 'https://schema.org', '@type': 'Place', name: '清远市', alternateName: ['清远县'], identifier: '441800', containedInPlace: { name: '广东省' } });
    expect(html).toContain(`href="/api/places/${encodeURIComponent('清远市')}"`);
    // The article page says what it is about, in the same vocabulary.
    const article = await (await get(`/articles/${ids[1]!}`)).text();
    const articleLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(article)![1]!) as { '@type': string; about: { '@type': string; name: string }[] };
    expect(articleLd['@type']).toBe('NewsArticle');
    expect(articleLd.about).toEqual(expect.arrayContaining([{ '@type': 'Person', name: '周恩来' }, { '@type': 'Place', name: '清远市' }, { '@type': 'Organization', name: '清远市图书馆' }]));
    // Limited to one paper: this one has them all, another none.
    expect(((await (await get(`/api/people/${encodeURIComponent('周恩来')}?title=demo-ribao`)).json()) as { total: number }).total).toBe(3);
    expect(((await (await get(`/api/people/${encodeURIComponent('周恩来')}?title=library-reports`)).json()) as { total: number }).total).toBe(0);
    const org = await (await get(`/organizations/${encodeURIComponent('清远市图书馆')}`)).text();
    expect(JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(org)![1]!)).toMatchObject({ '@type': 'Organization' });
  });

  it('indexes each kind by article count, found by characters in either script and by pinyin', async () => {
    for (const q of ['清远', '清遠', 'qingyuan', 'qys']) {
      const json = (await (await get(`/api/places?q=${encodeURIComponent(q)}`)).json()) as { entities: { name: string; count: number }[] };
      expect(json.entities, q).toContainEqual(expect.objectContaining({ name: '清远市', count: 2 }));
    }
    const html = await (await get('/people')).text();
    expect(html).toContain('周恩来');
    // A published article's tags lead to the entity pages.
    const article = await (await get(`/articles/${ids[1]!}`)).text();
    expect(article).toContain(`href="/people/${encodeURIComponent('周恩来')}"`);
    expect(article).toContain(`href="/places/${encodeURIComponent('清远市')}"`);
  });

  it('shows 历史上的今天 on the home page: this month and day in past years, else the nearest day that has articles', async () => {
    const exact = await (await get('/?on=05-06')).text();
    expect(exact).toContain('data-month-day="506"');
    expect(exact).toContain(`往年 5 月 6 日的报道（${ids.length} 篇）`);
    // The first six, in printed order.
    const listed = [.../<ul class="on-this-day">(.*?)<\/ul>/s.exec(exact)![1]!.matchAll(/href="\/articles\/([^"]+)"/g)].map((m) => m[1]);
    expect(listed).toEqual(ids.slice(0, 6));
    const nearest = await (await get('/?on=05-09')).text();
    expect(nearest).toContain('data-month-day="506"');
    expect(nearest).toContain('最近的是 5 月 6 日');
    // From the other end of the year: the nearest day before.
    expect(await (await get('/?on=12-31')).text()).toContain('data-month-day="506"');
  });
});

