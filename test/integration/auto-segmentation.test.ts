/**
 * Machine segmentation of unsegmented pages, on real storage and the real Meilisearch: draft
 * articles marked `machine`, the pages' search documents told they are segmented, nothing done
 * twice, and pages with the vendor's articles left alone. On a generated issue laid out like a
 * daily (fixtures/segmentation), read from storage with its page images: furniture is no article,
 * the boxed advert is typed, the story continued from page 1 to page 3 is one article, and no two
 * articles claim the same area.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedPageInk } from '../../indexer/images/page-bitmap.ts';
import type { Article } from '../../src/domain/article.ts';
import type { SearchResponse } from '../../src/domain/api-schemas.ts';
import type { Region } from '../../src/domain/region.ts';
import sharp from 'sharp';
import { segmentIssue } from '../../src/services/auto-segmentation.ts';
import { pagesToSegment } from '../../src/services/catalog-queue.ts';
import { fixture, truthFor } from '../helpers/fixtures.ts';
import { appOver, documentIds, fixtureWorld, fsWorld, type IngestWorld } from '../helpers/ingest.ts';
import { articlesOfIssue } from '../helpers/records.ts';

describe('difang segment', () => {
  let world: IngestWorld;
  const issue = { title: 'demo-ribao', date: '2023-05-04', edition: 1 } as const;

  beforeAll(async () => {
    world = await fixtureWorld();
  });
  afterAll(() => world?.close());

  it('cuts the pages of an unsegmented issue into draft machine articles that search then finds', async () => {
    const before = (await (await appOver(world, 'http://difang.test').request(`/api/search?q=${encodeURIComponent('擦亮清图品牌')}`)).json()) as SearchResponse;
    expect(before.hits[0]).toMatchObject({ kind: 'page', id: 'demo-ribao_2023-05-04_ed-1_seq-1' });

    const report = await segmentIssue({ records: world.records, search: world.search }, issue);
    expect(report).toMatchObject({ pagesSegmented: 4, pagesSkipped: 0 });
    const created = await documentIds(world.search, 'articles', 'issueId = "demo-ribao_2023-05-04_ed-1"');
    expect(created).toHaveLength(report.articlesCreated);
    const first = (await world.records.getArticle({ ...issue, article: 1 }))!.record;
    expect(first).toMatchObject({ status: 'draft', segmentation: 'machine' });
    const headlines = (await Promise.all(created.map((_, i) => world.records.getArticle({ ...issue, article: i + 1 })))).map((a) => a!.record.title);
    for (const truth of truthFor('demo', '2023-05-04', 1).articles) expect(headlines).toContain(truth.headline);

    // The page is segmented now: the same words are found as an article, marked not yet reviewed.
    const after = (await (await appOver(world, 'http://difang.test').request(`/api/search?q=${encodeURIComponent('擦亮清图品牌')}`)).json()) as SearchResponse;
    expect(after.hits[0]).toMatchObject({ kind: 'article', title: expect.stringContaining('擦亮清图品牌'), reviewed: false });
    expect(after.hits[0]!.boxes.length).toBeGreaterThan(0);
  });

  it('does nothing the second time, nor on pages that carry the vendor\'s articles', async () => {
    expect(await segmentIssue({ records: world.records, search: world.search }, issue)).toMatchObject({ pagesSegmented: 0, pagesSkipped: 4, articlesCreated: 0 });
    expect(await segmentIssue({ records: world.records, search: world.search }, { ...issue, date: '2023-05-06' })).toMatchObject({ pagesSegmented: 0, articlesCreated: 0 });
    expect(await segmentIssue({ records: world.records, search: world.search }, { ...issue, date: '1999-01-01' })).toMatchObject({ issues: 0 });
  });
});

describe('difang segment on a generated daily, with its page images', () => {
  let world: IngestWorld;
  let folder: string;
  let articles: Article[];
  let report: Awaited<ReturnType<typeof segmentIssue>>;
  const issue = { title: 'seg-daily', date: '2023-06-01', edition: 1 } as const;

  beforeAll(async () => {
    world = await fsWorld();
    folder = await mkdtemp(join(tmpdir(), 'difang-seg-daily-'));
    await mkdir(join(folder, 'seg-daily', '2023-06-01'), { recursive: true });
    for (const seq of ['01', '02', '03']) {
      await copyFile(fixture('segmentation', `2023-06-01-${seq}.jpg`), join(folder, 'seg-daily', '2023-06-01', `${seq}.jpg`));
      await copyFile(fixture('segmentation', `2023-06-01-${seq}.json`), join(folder, 'seg-daily', '2023-06-01', `${seq}.json`));
    }
    expect((await world.ingest({ source: folder })).pages.stored).toBe(3);
    report = await segmentIssue({ records: world.records, search: world.search, inkOf: storedPageInk(world.store) }, issue);
    articles = await articlesOfIssue(world.records, issue);
  });
  afterAll(async () => {
    await world?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('drafts the articles and adverts, no masthead or running head, typed, as machine drafts', () => {
    expect(report).toMatchObject({ pagesSegmented: 3, pagesUncertain: 0, continuationsLinked: 1 });
    expect(articles.every((a) => a.segmentation === 'machine' && a.status === 'draft' && a.language === 'chi')).toBe(true);
    expect(articles.some((a) => a.title.includes('地方示例日报'))).toBe(false);
    // The three boxed adverts of the issue; the boxed story is no advert.
    const adverts = articles.filter((a) => a.genre === 'advertisement');
    expect(adverts.map((a) => a.title).sort()).toEqual(['新华书店清城店', '新华书店清城店', '清远市文化馆招生'].sort());
    expect(adverts.some((a) => a.text.ocr.includes('0763-3368821'))).toBe(true);
    const lead = articles.find((a) => a.title === '深入融合服务，擦亮清图品牌');
    expect(lead).toMatchObject({ kicker: '发挥宣传优势，提高社会影响力' });
    expect(articles.filter((a) => a.genre !== 'advertisement').map((a) => a.title)).toEqual(expect.arrayContaining(['加强特色资源建设，启动智慧化服务项目', '完善图书采编方式，优化馆内藏书体系', '开展阅读指导，激发读者阅读兴趣']));
  });

  it('joins the story continued from page 1 to page 3 (下转第3版 / 上接第1版) into one article', () => {
    const lead = articles.find((a) => a.title === '深入融合服务，擦亮清图品牌')!;
    expect([...new Set(lead.regions.map((r) => r.seq))]).toEqual([1, 3]);
    expect(lead.text.ocr).toContain('（下转第3版）');
    expect(lead.text.ocr).toContain('（上接第1版）');
  });

  it('never lets two articles claim the same area of a page', () => {
    const overlap = (a: Region, b: Region): number => (a.seq !== b.seq ? 0 : Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y)));
    for (let i = 0; i < articles.length; i++) {
      for (let j = i + 1; j < articles.length; j++) {
        for (const a of articles[i]!.regions) for (const b of articles[j]!.regions) expect(overlap(a, b), `${articles[i]!.title} / ${articles[j]!.title}`).toBe(0);
      }
    }
  });
});

describe('a page layout analysis cannot draft well', () => {
  it('is left to a person: no drafts, the page record says why, and the 待切分 queue shows it', async () => {
    const world = await fsWorld();
    const folder = await mkdtemp(join(tmpdir(), 'difang-seg-unsure-'));
    try {
      // Three columns of text between rules, and not one headline.
      const lines = [0, 1, 2].flatMap((c) => Array.from({ length: 20 }, (_, i) => ({ text: '图书馆阅读推广服务体系建设全民', box: [60 + c * 340, 80 + i * 34, 60 + c * 340 + 300, 80 + i * 34 + 20] })));
      const json = { rec_texts: lines.map((l) => l.text), rec_boxes: lines.map((l) => l.box) };
      const image = await sharp({ create: { width: 1100, height: 800, channels: 3, background: '#ffffff' } })
        .composite([380, 720].map((x) => ({ input: { create: { width: 3, height: 700, channels: 3 as const, background: '#000000' } }, left: x, top: 70 })))
        .png()
        .toBuffer();
      await mkdir(join(folder, 'seg-unsure', '2023-07-01'), { recursive: true });
      await writeFile(join(folder, 'seg-unsure', '2023-07-01', '01.png'), image);
      await writeFile(join(folder, 'seg-unsure', '2023-07-01', '01.json'), JSON.stringify(json));
      expect((await world.ingest({ source: folder })).pages.stored).toBe(1);
      const key = { title: 'seg-unsure', date: '2023-07-01', edition: 1 };
      const report = await segmentIssue({ records: world.records, search: world.search, inkOf: storedPageInk(world.store) }, key);
      expect(report).toMatchObject({ pagesSegmented: 0, pagesUncertain: 1, articlesCreated: 0 });
      expect((await world.records.getPage({ ...key, seq: 1 }))!.record.layout).toMatchObject({ uncertain: 'no_headlines' });
      const queue = await pagesToSegment(world.search, { page: 1, per: 10, title: 'seg-unsure' });
      expect(queue.items).toEqual([expect.objectContaining({ seq: 1, layoutUncertain: 'no_headlines' })]);
    } finally {
      await world.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
