/**
 * Chinese-first search through difang's HTTP API, on the real Meilisearch: simplified =
 * traditional, phrases, names, facets and date ranges, hits placed on the page, bad queries,
 * and the browse API — over the ingested fixture batches, checked against their ground truth.
 */
import * as OpenCC from 'opencc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { SearchHit, SearchResponse } from '../../src/domain/api-schemas.ts';
import type { Article } from '../../src/domain/article.ts';
import { articleDocument } from '../../src/domain/search-documents.ts';
import type { Title } from '../../src/domain/title.ts';
import { silentLogger } from '../../src/logger.ts';
import { bootstrapAuthenticator } from '../../src/services/authenticator.ts';
import { reindex } from '../../src/services/reindex.ts';
import { ensureSearchIndexes } from '../../src/services/search-indexes.ts';
import { fixture, groundTruth, truthFor } from '../helpers/fixtures.ts';
import { fsWorld, type IngestWorld } from '../helpers/ingest.ts';
import { meiliConnection } from '../helpers/services.ts';
import { simplifiedTraditionalPairs } from '../helpers/pairs.ts';

function appFor(world: IngestWorld) {
  return createApp({ store: world.store, search: world.search, logger: silentLogger, publicBaseUrl: 'http://difang.test', version: 'test', auth: bootstrapAuthenticator(undefined) });
}

async function getJson<T>(app: ReturnType<typeof appFor>, path: string, status = 200): Promise<T> {
  const response = await app.request(path);
  const body = await response.text();
  expect(response.status, `${path}: ${body.slice(0, 300)}`).toBe(status);
  return JSON.parse(body) as T;
}

const search = (app: ReturnType<typeof appFor>, query: Record<string, string>) => getJson<SearchResponse>(app, `/api/search?${new URLSearchParams(query)}`);
const ids = (response: SearchResponse): string[] => response.hits.map((hit) => hit.id).sort();

describe('search over the fixture batches', () => {
  let world: IngestWorld;
  let app: ReturnType<typeof appFor>;

  beforeAll(async () => {
    world = await fsWorld();
    await world.ingest({ source: fixture('demo') });
    await world.ingest({ source: fixture('mets-enmap'), title: 'demo-ribao' });
    app = appFor(world);
  });
  afterAll(() => world?.close());

  it('finds a traditional page with a simplified query and a simplified page with a traditional one, marked in the original script', async () => {
    const traditional = truthFor('demo', '2023-05-05', 1);
    const headline = traditional.blocks.find((b) => b.kind === 'headline')!.text.replace(/\n/g, '');
    const simplifiedQuery = OpenCC.Converter({ from: 'tw', to: 'cn' })(headline);
    expect(simplifiedQuery).not.toBe(headline);
    const found = await search(app, { q: `"${simplifiedQuery}"` });
    expect(found.hits[0]!.id).toBe('demo-ribao_2023-05-05_ed-1_seq-1');
    expect(found.hits[0]!.snippet).toContain(`<mark>${[...headline].slice(0, 2).join('')}`);

    const simplified = truthFor('demo', '2023-05-04', 2).blocks.find((b) => b.kind === 'headline')!.text.replace(/\n/g, '');
    const traditionalQuery = OpenCC.Converter({ from: 'cn', to: 'tw' })(simplified);
    expect(traditionalQuery).not.toBe(simplified);
    expect((await search(app, { q: `"${traditionalQuery}"` })).hits[0]!.id).toBe('demo-ribao_2023-05-04_ed-1_seq-2');
  });

  it('places the hit on the page: the boxes cover the matched characters where they were printed', async () => {
    for (const [issue, seq] of [['2023-05-04', 2], ['2023-05-04', 1], ['2023-05-05', 1]] as const) {
      const truth = truthFor('demo', issue, seq);
      const headline = truth.blocks.find((b) => b.kind === 'headline')!;
      const q = headline.text.split('\n')[0]!;
      const hit = (await search(app, { q: `"${q}"` })).hits.find((h) => h.id === `demo-ribao_${issue}_ed-1_seq-${seq}`)!;
      expect(hit, `${issue}/${seq}`).toBeDefined();
      // One merged box over the headline's first line, to within a few pixels.
      const box = hit.boxes.find((b) => Math.abs(b.y - headline.box.y) <= 6 && Math.abs(b.x - headline.box.x) <= 6);
      expect(box, `${issue}/${seq} boxes ${JSON.stringify(hit.boxes.slice(0, 3))} vs ${JSON.stringify(headline.box)}`).toBeDefined();
      expect(box!.page).toBe(hit.id);
      expect(box!.w).toBeGreaterThan(headline.box.w * 0.5);
    }
  });

  it('keeps an article hit to its own outline on the page', async () => {
    const truth = groundTruth.filter((t) => t.batch === 'mets-enmap')[0]!;
    const article = truth.articles[0]!;
    const found = await search(app, { q: article.headline });
    const hit = found.hits.find((h) => h.kind === 'article' && h.title.replace(/<\/?mark>/g, '') === article.headline)!;
    expect(hit.url).toBe('/articles/demo-ribao_2023-05-06_ed-1_art-1');
    expect(hit.title).toContain('<mark>');
    expect(hit.reviewed).toBe(false);
    expect(hit.boxes.length).toBeGreaterThan(0);
    for (const box of hit.boxes) {
      expect(box.x + box.w / 2).toBeGreaterThanOrEqual(article.box.x);
      expect(box.x + box.w / 2).toBeLessThanOrEqual(article.box.x + article.box.w + 48);
    }
  });

  it('returns exactly the pages and articles of a date range, with exact totals and facets', async () => {
    const found = await search(app, { q: '', title: 'demo-ribao', from: '2023-05-05', to: '2023-05', per: '100' });
    const expected = [1, 2, 3].map((seq) => `demo-ribao_2023-05-05_ed-1_seq-${seq}`).concat([1, 2, 3, 4, 5, 6, 7].map((n) => `demo-ribao_2023-05-06_ed-1_art-${n}`));
    expect(ids(found)).toEqual(expected.sort());
    expect(found.total).toBe(10);
    expect(found.facets.title).toEqual([{ value: 'demo-ribao', label: '地方示例日报', count: 10 }]);
    expect(found.facets.year).toEqual([{ value: '2023', label: '2023', count: 10 }]);
    // Newest first when there are no words to rank by.
    expect(found.hits[0]!.date).toBe('2023-05-06');

    const section = await search(app, { q: '', from: '2023-05-05', to: '2023-05-05', section: '要闻' });
    expect(ids(section)).toEqual(['demo-ribao_2023-05-05_ed-1_seq-1']);
    // One day asked for: its hits in printed order, whatever their relevance (issue 19).
    const day = await search(app, { q: '图书馆', from: '2023-05-04', to: '2023-05-04', per: '50' });
    const printed = day.hits.map((hit) => hit.page.seq);
    expect(printed.length).toBeGreaterThan(1);
    expect(printed).toEqual([...printed].sort((a, b) => a - b));
    // A facet value in traditional characters (typed, or from a link) is the same section (issue 19).
    expect(ids(await search(app, { q: '', from: '2023-05-05', to: '2023-05-05', section: '要聞' }))).toEqual(ids(section));
    // With no words, a page's snippet is the start of its printed text (read from its stored page text).
    const headline = truthFor('demo', '2023-05-05', 1).blocks.find((b) => b.kind === 'headline')!.text.replace(/\s/g, '');
    expect(section.hits[0]!.snippet.replace(/\s/g, '')).toContain(headline.slice(0, 6));
    const oldest = await search(app, { q: '', title: 'demo-ribao', sort: 'oldest', per: '3' });
    expect(oldest.hits.map((h) => [h.date, h.page.seq])).toEqual([['2023-05-04', 1], ['2023-05-04', 2], ['2023-05-04', 3]]);
    expect(oldest.totalPages).toBe(Math.ceil(oldest.total / 3));
  });

  it('pages through results without losing or repeating a hit', async () => {
    const all = await search(app, { q: '图书馆', per: '100' });
    const paged: string[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 4); page++) paged.push(...(await search(app, { q: '图书馆', per: '4', page: String(page) })).hits.map((h) => h.id));
    expect(paged).toHaveLength(all.total);
    expect(new Set(paged).size).toBe(all.total);
  });

  it('finds a paper by pinyin and initials', async () => {
    for (const q of ['difangshiliribao', 'dfslrb', 'difang']) {
      const found = await search(app, { q });
      expect(found.total, q).toBeGreaterThan(0);
      expect(found.hits.every((hit) => hit.titleId === 'demo-ribao'), q).toBe(true);
    }
  });

  it('answers bad queries with a clear 400 or a safe search, never a Meilisearch error', async () => {
    const everything = await search(app, { q: '' });
    expect(everything.total).toBe(7 + 10);
    expect((await search(app, { q: '"清远市图书馆' })).total).toBeGreaterThan(0);
    const long = await getJson<{ error: { code: string; message: string } }>(app, `/api/search?q=${'图'.repeat(10_000)}`, 400);
    expect(long.error).toMatchObject({ code: 'bad_request' });
    expect(long.error.message).toContain('q');
    for (const query of ['title=x%22%20OR%201%3D1', 'from=1995-13-40', 'sort=random', 'page=0', 'per=1000', 'genre=%22%20OR%201%3D1']) {
      const error = await getJson<{ error: { code: string } }>(app, `/api/search?${query}`, 400);
      expect(error.error.code).toBe('bad_request');
    }
    const injected = await search(app, { q: '', section: '要闻" OR hidden = true OR section = "x' });
    expect(injected.total).toBe(0);
    const symbols = await search(app, { q: '():!*&|\\/\'"' });
    expect(symbols.total).toBe(0);
  });
});

describe('simplified = traditional = variant forms, both ways', () => {
  let world: IngestWorld;
  let app: ReturnType<typeof appFor>;
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

  beforeAll(async () => {
    world = await fsWorld();
    await ensureSearchIndexes(world.search);
    const title: Title = { key: { title: 'pairs' }, kind: 'newspaper', name: '词对测试报', otherNames: [], language: 'chi', rights: '测试', hidden: false, version: 1, updatedAt: '2026-11-23T00:00:00Z' };
    const docs = simplifiedTraditionalPairs.flatMap(([simplified], i) => {
      const sentence = `本报讯 近日，${simplified}方面的工作取得了新的进展，有关单位表示将继续推进。`;
      return ['s', 't'].map((script, j) => {
        const article: Article = {
          key: { title: 'pairs', date: '2001-01-01', edition: 1, article: i * 2 + j + 1 },
          title: `第${i}对`,
          creators: [],
          language: 'chi',
          subjects: [],
          keywords: [],
          clc: [],
          persons: [],
          organizations: [],
          places: [],
          text: { ocr: script === 's' ? sentence : toTraditional(sentence) },
          regions: [{ seq: 1, x: 0, y: 0, w: 10, h: 10 }],
          status: 'published',
          segmentation: 'cataloguer',
          version: 1,
          updatedAt: '2026-11-23T00:00:00Z',
        };
        return articleDocument(title, null, article, []);
      });
    });
    await world.search.waitForTask(await world.search.putDocuments(world.search.indexUid('articles'), docs as unknown as Record<string, unknown>[]));
    await world.store.put('records/pairs/title.json', JSON.stringify(title));
    app = appFor(world);
  });
  afterAll(() => world?.close());

  it.each(simplifiedTraditionalPairs)('%s = %s', async (simplified, traditional) => {
    const i = simplifiedTraditionalPairs.findIndex(([s]) => s === simplified);
    const expected = [`pairs_2001-01-01_ed-1_art-${i * 2 + 1}`, `pairs_2001-01-01_ed-1_art-${i * 2 + 2}`];
    for (const q of [simplified, traditional]) {
      const found = await search(app, { q, per: '100' });
      expect(ids(found), `${q}`).toEqual(expect.arrayContaining(expected));
      const traditionalHit = found.hits.find((hit) => hit.id === expected[1]) as SearchHit;
      // The reader sees the text as printed, in traditional characters.
      expect(traditionalHit.snippet).toContain(`<mark>${traditional}</mark>`);
    }
  });

  it('covers at least thirty pairs', () => {
    expect(simplifiedTraditionalPairs.length).toBeGreaterThanOrEqual(30);
  });
});

/** One article per text, indexed under a title of its own, each titled by its key. */
async function indexTexts(world: IngestWorld, titleId: string, texts: Record<string, string>): Promise<void> {
  await ensureSearchIndexes(world.search);
  const title: Title = { key: { title: titleId }, kind: 'newspaper', name: `${titleId}测试报`, otherNames: [], language: 'chi', rights: '测试', hidden: false, version: 1, updatedAt: '2026-11-23T00:00:00Z' };
  const docs = Object.entries(texts).map(([name, text], i) =>
    articleDocument(
      title,
      null,
      { key: { title: titleId, date: '2001-01-01', edition: 1, article: i + 1 }, title: name, creators: [], language: 'chi', subjects: [], keywords: [], clc: [], persons: [], organizations: [], places: [], text: { ocr: text }, regions: [{ seq: 1, x: 0, y: 0, w: 1, h: 1 }], status: 'published', segmentation: 'cataloguer', version: 1, updatedAt: '2026-11-23T00:00:00Z' },
      [],
    ),
  );
  await world.search.waitForTask(await world.search.putDocuments(world.search.indexUid('articles'), docs as unknown as Record<string, unknown>[]));
  await world.store.put(`records/${titleId}/title.json`, JSON.stringify(title));
}

describe('phrases, names and old place names', () => {
  let world: IngestWorld;
  let app: ReturnType<typeof appFor>;
  const texts: Record<string, string> = {
    adjacent: '清远市图书馆新馆今日开放，市民踊跃前往。',
    apart: '图书馆在清远市区东部，另有新馆即将开放。',
    oldName: '番禺县召开县人民代表大会。',
    newName: '番禺区举办读书节。',
    splitName: '番禺方面消息：该区举办活动。',
  };

  beforeAll(async () => {
    world = await fsWorld();
    await indexTexts(world, 'names', texts);
    app = appFor(world);
  });
  afterAll(() => world?.close());

  const titles = async (q: string): Promise<string[]> => (await search(app, { q })).hits.map((hit) => hit.title.replace(/<\/?mark>/g, '')).sort();

  it('matches a quoted phrase only where its words stand together', async () => {
    expect(await titles('"清远市图书馆"')).toEqual(['adjacent']);
    expect(await titles('"清遠市圖書館"')).toEqual(['adjacent']);
    // As Chinese readers type quotation marks (issue 19).
    for (const quoted of ['“清远市图书馆”', '「清远市图书馆」', '『清遠市圖書館』', '＂清远市图书馆＂']) expect(await titles(quoted), quoted).toEqual(['adjacent']);
    expect(await titles('清远市 图书馆')).toEqual(['adjacent', 'apart']);
    // Leaving out a word or a phrase.
    expect(await titles('图书馆 -东部')).toEqual(['adjacent']);
    expect(await titles('图书馆 -"清远市图书馆"')).toEqual(['apart']);
    // Either of two (issue 19: 周恩来 OR 图书馆 found nothing).
    expect(await titles('读书节 OR 人民代表大会')).toEqual(['newName', 'oldName']);
    expect((await search(app, { q: '读书节 OR 人民代表大会' })).total).toBe(2);
  });

  it('finds a place under its old and its new name, whole', async () => {
    expect(await titles('番禺区')).toEqual(['newName', 'oldName']);
    expect(await titles('番禺縣')).toEqual(['newName', 'oldName']);
    // Not where 番禺 and 区 merely stand apart.
    expect(await titles('番禺区')).not.toContain('splitName');
  });
});

describe('numbers, and characters folding must keep apart (issue 19)', () => {
  let world: IngestWorld;
  let app: ReturnType<typeof appFor>;
  const texts: Record<string, string> = {
    year: '2024年全市图书馆接待读者逾百万人次。',
    people: '全馆共2024人参加了培训。',
    issueNo: '本报第20240期刊出读者来信。',
    sixtySix: '1966年的报纸记录了当时的生活。',
    copies: '发行1966份，读者踊跃。',
    area: '新馆面积3630㎡，设座位八百个。',
    phone: '咨询电话0763-3362611。',
    chineseNumerals: '二〇二〇年的1年2月0日，图书馆开馆。',
    famous: '著名作家来馆讲座。',
    looking: '他跑着，得了第一名。',
    qianlong: '乾隆年间的地方志。',
    dry: '天气干燥，注意防火。',
    bookTown: '书香小城阅读节开幕，市民共读一本书。',
  };

  beforeAll(async () => {
    world = await fsWorld();
    await indexTexts(world, 'numbers', texts);
    app = appFor(world);
  });
  afterAll(() => world?.close());

  const titles = async (q: string): Promise<string[]> => (await search(app, { q })).hits.map((hit) => hit.title.replace(/<\/?mark>/g, ''));

  it('finds a number printed against Chinese characters, whole, and never inside a longer one', async () => {
    expect((await titles('2024')).sort()).toEqual(['people', 'year']);
    expect(await titles('20240')).toEqual(['issueNo']);
    expect(await titles('２０２４年')).toEqual(['year']);
    // With the character printed after it: only where 年 follows 1966 (not 发行1966份).
    expect(await titles('1966年')).toEqual(['sixtySix']);
    expect(await titles('第20240期')).toEqual(['issueNo']);
    expect(await titles('3630㎡')).toEqual(['area']);
    expect(await titles('0763-3362611')).toEqual(['phone']);
  });

  it('keeps characters that are words of their own apart: 著名 is not 着名, 乾隆 not 干隆', async () => {
    // Folded to 着名, 著名 was 着 + 名 to the segmenter: every text with 着 and 名 in it matched.
    expect(await titles('著名')).toEqual(['famous']);
    expect(await titles('跑着')).toEqual(['looking']);
    expect(await titles('乾隆')).toEqual(['qianlong']);
    expect(await titles('干燥')).toEqual(['dry']);
  });

  it('offers near misses for a query with one wrong character, labelled as such, never among exact hits', async () => {
    const near = await search(app, { q: '书香小成' });
    expect(near.approximate).toBe(true);
    expect(near.hits.map((hit) => hit.title.replace(/<\/?mark>/g, ''))).toContain('bookTown');
    const exact = await search(app, { q: '书香小城' });
    expect(exact.approximate).toBe(false);
    expect(exact.hits.map((hit) => hit.title.replace(/<\/?mark>/g, ''))).toEqual(['bookTown']);
    // Nothing near either: still nothing, and not called approximate.
    expect(await search(app, { q: '量子计算机芯片' })).toMatchObject({ total: 0, approximate: false });
    const page = await (await app.request('/search?q=%E4%B9%A6%E9%A6%99%E5%B0%8F%E6%88%90')).text();
    expect(page).toContain('以下');
    expect(page).toContain('近似结果');
  });

  it('no longer matches numbers made of digits scattered over the text', async () => {
    // 2, 0, 2, 0 and 年 all occur in chineseNumerals, but not the number 2020.
    expect(await titles('2020年')).toEqual([]);
    expect(await titles('1966年')).not.toContain('chineseNumerals');
  });
});

describe('browse API', () => {
  let world: IngestWorld;
  let app: ReturnType<typeof appFor>;

  beforeAll(async () => {
    world = await fsWorld();
    await world.ingest({ source: fixture('demo') });
    await world.ingest({ source: fixture('mets-enmap'), title: 'demo-ribao' });
    app = appFor(world);
  });
  afterAll(() => world?.close());

  it('lists the titles with their coverage and counts', async () => {
    const { titles } = await getJson<{ titles: { id: string; name: string; coverage: unknown; issues: number; pages: number; articles: number }[] }>(app, '/api/titles');
    // In pinyin order of their names: 地方 (di) before 公共 (gong).
    expect(titles).toEqual([
      expect.objectContaining({ id: 'demo-ribao', name: '地方示例日报', coverage: { from: '2023-05-04', to: '2023-05-06' }, issues: 3, pages: 9, articles: 7 }),
      expect.objectContaining({ id: 'library-reports', name: '公共图书馆年度报告选编', coverage: null, issues: 1, pages: 3, articles: 0 }),
    ]);
  });

  it('gives a title its years, a calendar of days with issues, and its issues', async () => {
    const title = await getJson<{ title: { name: string }; years: { year: number; issues: number }[] }>(app, '/api/titles/demo-ribao');
    expect(title.years).toEqual([{ year: 2023, issues: 3 }]);
    const { years } = await getJson<{ years: { year: number; months: { month: number; days: { day: number; issues: { url: string }[] }[] }[] }[] }>(app, '/api/titles/demo-ribao/calendar');
    expect(years[0]!.months).toEqual([{ month: 5, days: [4, 5, 6].map((day) => ({ day, issues: [expect.objectContaining({ url: `/titles/demo-ribao/2023-05-0${day}/ed-1` })] })) }]);
    const { issues } = await getJson<{ issues: { id: string; pages: number }[] }>(app, '/api/titles/demo-ribao/issues?year=2023');
    expect(issues.map((i) => [i.id, i.pages])).toEqual([
      ['demo-ribao_2023-05-04_ed-1', 4],
      ['demo-ribao_2023-05-05_ed-1', 3],
      ['demo-ribao_2023-05-06_ed-1', 2],
    ]);
  });

  it('shows an issue with its pages (版次, 版名) and articles, and the issues around it', async () => {
    const view = await getJson<{ pages: { seq: number; label: string; section: string; thumbnail: string }[]; articles: unknown[]; previous: { id: string } | null; next: { id: string } | null; issue: { issueNo: string } }>(app, '/api/issues/demo-ribao_2023-05-04_ed-1');
    expect(view.pages.map((p) => [p.seq, p.label, p.section])).toEqual([
      [1, '第1版', '要闻'],
      [2, '第2版', '综合'],
      [3, '第3版', '文化'],
      [4, '第4版', '副刊'],
    ]);
    expect(view.issue.issueNo).toBe('1001');
    expect(view.previous).toBeNull();
    expect(view.next!.id).toBe('demo-ribao_2023-05-05_ed-1');
    const mets = await getJson<{ articles: { id: string; regions: unknown[] }[] }>(app, '/api/issues/demo-ribao_2023-05-06_ed-1');
    expect(mets.articles).toHaveLength(7);
  });

  it('shows a page with its articles, neighbours and OCR, and an article with its pages', async () => {
    const page = await getJson<{ articles: { id: string }[]; previousPage: string | null; nextPage: string | null; previousIssue: string | null; iiif: { image: string } }>(app, '/api/pages/demo-ribao_2023-05-06_ed-1_seq-1');
    expect(page.articles.map((a) => a.id)).toEqual(['demo-ribao_2023-05-06_ed-1_art-1', 'demo-ribao_2023-05-06_ed-1_art-2', 'demo-ribao_2023-05-06_ed-1_art-3']);
    expect([page.previousPage, page.nextPage, page.previousIssue]).toEqual([null, '/titles/demo-ribao/2023-05-06/ed-1/seq-2', '/titles/demo-ribao/2023-05-05/ed-1/seq-1']);
    expect(page.iiif.image).toBe('/iiif/3/demo-ribao_2023-05-06_ed-1_seq-1');
    const ocr = await getJson<{ text: string; ocr: { blocks: unknown[] } }>(app, '/api/pages/demo-ribao_2023-05-04_ed-1_seq-1/ocr');
    expect(ocr.text).toContain('深入融合服务');
    expect(ocr.text).toContain('\n');
    const article = await getJson<{ article: { title: string }; pages: { key: { seq: number } }[] }>(app, '/api/articles/demo-ribao_2023-05-06_ed-1_art-1');
    expect(article.article.title).toBe('加强馆务规范管理');
    expect(article.pages.map((p) => p.key.seq)).toEqual([1]);
  });

  it('answers 404 for what does not exist, and for a title withheld from the public', async () => {
    for (const path of ['/api/titles/no-such-title', '/api/issues/demo-ribao_2023-05-07_ed-1', '/api/pages/demo-ribao_2023-05-04_ed-1_seq-9', '/api/articles/demo-ribao_2023-05-06_ed-1_art-99', '/api/pages/not-an-id']) {
      await getJson(app, path, 404);
    }
    const stored = (await world.records.getTitle('library-reports'))!;
    await world.records.replace('title', stored, { ...stored.record, hidden: true });
    await reindex(world.store, world.search);
    const hidden = appFor(world);
    await getJson(hidden, '/api/titles/library-reports', 404);
    await getJson(hidden, '/api/pages/library-reports_vol-1_seq-1', 404);
    expect((await getJson<{ titles: { id: string }[] }>(hidden, '/api/titles')).titles.map((t) => t.id)).toEqual(['demo-ribao']);
    const found = await search(hidden, { q: '图书馆', per: '100' });
    expect(found.hits.some((hit) => hit.titleId === 'library-reports')).toBe(false);
  });

  it('serves thumbnails with validators, describes itself in OpenAPI, and never reveals the Meilisearch key', async () => {
    const thumbnail = await app.request('/thumbnails/demo-ribao_2023-05-04_ed-1_seq-1.jpg');
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
    const again = await app.request('/thumbnails/demo-ribao_2023-05-04_ed-1_seq-1.jpg', { headers: { 'If-None-Match': thumbnail.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const openapi = await getJson<{ paths: Record<string, unknown> }>(app, '/api/openapi.json');
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/search', '/api/titles', '/api/titles/{title}/calendar', '/api/pages/{id}', '/api/articles/{id}']));
    const docs = await app.request('/api/docs');
    expect(await docs.text()).toContain('GET /api/search');
    const { key } = meiliConnection();
    for (const path of ['/api/search?q=图书馆', '/api/titles', '/healthz', '/api/openapi.json', '/api/pages/demo-ribao_2023-05-04_ed-1_seq-1']) {
      expect(await (await app.request(path)).text()).not.toContain(key);
    }
  });
});
