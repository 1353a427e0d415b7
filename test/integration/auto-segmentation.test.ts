/**
 * Machine segmentation of unsegmented pages, on real storage and the real Meilisearch: draft
 * articles marked `machine`, the pages' search documents told they are segmented, nothing done
 * twice, and pages with the vendor's articles left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse } from '../../src/domain/api-schemas.ts';
import { segmentIssue } from '../../src/services/auto-segmentation.ts';
import { truthFor } from '../helpers/fixtures.ts';
import { appOver, documentIds, fixtureWorld, type IngestWorld } from '../helpers/ingest.ts';

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

    const report = await segmentIssue(world.records, world.search, issue);
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
    expect(await segmentIssue(world.records, world.search, issue)).toMatchObject({ pagesSegmented: 0, pagesSkipped: 4, articlesCreated: 0 });
    expect(await segmentIssue(world.records, world.search, { ...issue, date: '2023-05-06' })).toMatchObject({ pagesSegmented: 0, articlesCreated: 0 });
    expect(await segmentIssue(world.records, world.search, { ...issue, date: '1999-01-01' })).toMatchObject({ issues: 0 });
  });
});
