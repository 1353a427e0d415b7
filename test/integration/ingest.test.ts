/**
 * Ingest end to end on real components: the fixture batches (every image and OCR format, a PDF
 * volume, a METS issue with articles) into folder storage and the real Meilisearch, checked
 * against the ground truth the fixtures were generated with.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllBytes } from '../../src/adapters/body.ts';
import { pageId, storageKeys, type PageKey } from '../../src/domain/natural-keys.ts';
import { ocrText } from '../../src/domain/ocr-text.ts';
import type { Page } from '../../src/domain/page.ts';
import type { PageOcr } from '../../src/domain/page-ocr.ts';
import type { IngestReport } from '../../indexer/pipeline/run-ingest.ts';
import { fixture, groundTruth, truthFor, type PageTruth } from '../helpers/fixtures.ts';
import { documentIds, fsWorld, readJson, snapshot, testBaseUrl, type IngestWorld } from '../helpers/ingest.ts';

function keyOf(truth: PageTruth): PageKey {
  return truth.issue.startsWith('vol-') ? { title: truth.title, volume: Number(truth.issue.slice(4)), seq: truth.seq } : { title: truth.title, date: truth.issue, edition: 1, seq: truth.seq };
}

/** Words as the fixture's OCR file gives them (one ALTO String / hOCR word / Paddle line each). */
function wordsInSource(truth: PageTruth): number {
  if (!truth.ocr || truth.ocr.format === 'pdf') return -1;
  const source = readFileSync(fixture(truth.batch, truth.ocr.file), 'utf8');
  if (truth.ocr.format === 'alto') return source.match(/<String /g)?.length ?? 0;
  if (truth.ocr.format === 'hocr') return source.match(/class='ocrx_word'/g)?.length ?? 0;
  return (JSON.parse(source) as { rec_texts: string[] }).rec_texts.length;
}

describe('ingest of the fixture batches', () => {
  let world: IngestWorld;
  let demo: IngestReport;
  let mets: IngestReport;

  beforeAll(async () => {
    world = await fsWorld();
    demo = await world.ingest({ source: fixture('demo') });
    mets = await world.ingest({ source: fixture('mets-enmap'), title: 'demo-ribao' });
  });
  afterAll(() => world?.close());

  it('stores every page of every format and rejects none', () => {
    expect(demo.rejected).toEqual([]);
    expect(demo.pages).toEqual({ stored: 10, unchanged: 0, rejected: 0 });
    expect(demo.issues).toBe(3);
    expect(mets.pages).toEqual({ stored: 2, unchanged: 0, rejected: 0 });
    expect(demo.indexErrors).toEqual([]);
  });

  it.each(groundTruth.map((t) => [`${t.batch}/${t.file}${t.file.endsWith('.pdf') ? `#${t.seq}` : ''}`, t] as const))('%s: size, format, OCR word count, and headline where it was printed', async (_name, truth) => {
    const key = keyOf(truth);
    const page = (await world.records.getPage(key))!.record;
    expect([page.width, page.height]).toEqual([truth.width, truth.height]);
    expect(page.image.format).toBe({ 'tiff-lzw': 'tiff', 'tiff-g4': 'tiff', 'tiff-16': 'tiff', 'jpeg-grey': 'jpeg' }[truth.imageFormat] ?? truth.imageFormat);
    if (!truth.ocr) {
      expect(page.ocr).toEqual({ status: 'none', words: 0 });
      expect(await world.store.head(storageKeys.pageOcr(key))).toBeNull();
      return;
    }
    expect(page.ocr.status).toBe('vendor');
    if (wordsInSource(truth) >= 0) expect(page.ocr.words).toBe(wordsInSource(truth));
    const ocr = (await world.records.getPageOcr(key))!;
    const headline = truth.blocks.find((b) => b.kind === 'headline')!;
    const text = ocrText(ocr);
    const start = text.text.indexOf(headline.text.split('\n')[0]!);
    expect(start, 'the headline is in the OCR text').toBeGreaterThanOrEqual(0);
    const word = text.words.find((w) => w.end > start)!;
    const firstChar = word.chars?.[0] ?? word.box;
    expect(Math.abs(firstChar.x - headline.box.x)).toBeLessThanOrEqual(3);
    expect(Math.abs(firstChar.y - headline.box.y)).toBeLessThanOrEqual(6);
  });

  it('keeps each original byte for byte', async () => {
    const key: PageKey = { title: 'demo-ribao', date: '2023-05-04', edition: 1, seq: 4 };
    const stored = await readAllBytes((await world.store.get(storageKeys.pageOriginal(key, 'jp2')))!.body);
    const original = readFileSync(fixture('demo', 'demo-ribao', '2023-05-04', '04.jp2'));
    expect(createHash('sha256').update(stored).digest('hex')).toBe(createHash('sha256').update(original).digest('hex'));
    const page = (await world.records.getPage(key))!.record;
    expect(page.image.sha256).toBe(createHash('sha256').update(original).digest('hex'));
    expect(await world.store.head(storageKeys.issueOriginal({ title: 'library-reports', volume: 1 }, 'pdf'))).toMatchObject({ size: readFileSync(fixture('demo', 'library-reports', 'vol-1.pdf')).length });
  });

  it('writes IIIF level-0 tiles whose info.json id is the URL it is served from, greyscale kept one channel', async () => {
    for (const [key, channels] of [
      [{ title: 'demo-ribao', date: '2023-05-04', edition: 1, seq: 1 }, 3],
      [{ title: 'demo-ribao', date: '2023-05-05', edition: 1, seq: 1 }, 1],
      [{ title: 'demo-ribao', date: '2023-05-05', edition: 1, seq: 2 }, 1],
      [{ title: 'library-reports', volume: 1, seq: 2 }, 1],
    ] as [PageKey, number][]) {
      const page = (await world.records.getPage(key))!.record;
      const info = await readJson<{ id: string; width: number; height: number; tiles: { width: number; scaleFactors: number[] }[]; sizes: { width: number }[]; profile: string }>(
        world.store,
        `${storageKeys.iiifImage(key)}/info.json`,
      );
      expect(info).toMatchObject({ id: `${testBaseUrl}/iiif/3/${pageId(key)}`, width: page.width, height: page.height, profile: 'level0', tiles: [{ width: 512 }] });
      expect(info.sizes.length).toBeGreaterThan(0);
      const tile = await readAllBytes((await world.store.get(`${storageKeys.iiifImage(key)}/0,0,512,512/512,512/0/default.jpg`))!.body);
      expect((await sharp(tile).metadata()).channels).toBe(channels);
      const thumbnail = await sharp(await readAllBytes((await world.store.get(storageKeys.pageThumbnail(key)))!.body)).metadata();
      expect(thumbnail.width).toBe(info.sizes.at(-1)!.width);
      expect(Math.max(thumbnail.width, thumbnail.height)).toBeGreaterThan(256);
      expect(Math.max(thumbnail.width, thumbnail.height)).toBeLessThanOrEqual(512);
    }
  });

  it('makes the vendor-segmented articles of the METS issue, outlined where they were printed', async () => {
    expect(mets.articlesCreated).toBe(7);
    const truths = groundTruth.filter((t) => t.batch === 'mets-enmap');
    let number = 0;
    for (const truth of truths) {
      for (const expected of truth.articles) {
        number++;
        const article = (await world.records.getArticle({ title: 'demo-ribao', date: '2023-05-06', edition: 1, article: number }))!.record;
        expect(article).toMatchObject({ title: expected.headline, status: 'draft', segmentation: 'vendor' });
        expect(article.regions.every((r) => r.seq === truth.seq)).toBe(true);
        // Every block printed for the article lies inside one of its regions, and no region strays
        // outside the space the article was given.
        // (Two characters of slack: closing punctuation may hang past the column, as 禁则 allows.)
        const inside = (inner: { x: number; y: number; w: number; h: number }, outer: typeof inner, slack = 2): boolean =>
          inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.x + inner.w <= outer.x + outer.w + slack && inner.y + inner.h <= outer.y + outer.h + slack;
        for (const id of expected.blocks) {
          const block = truth.blocks.find((b) => b.id === id)!;
          expect(article.regions.some((region) => inside(block.box, region)), `${expected.headline}: block ${id}`).toBe(true);
        }
        for (const region of article.regions) expect(inside(region, expected.box, 48), `${expected.headline}: region ${JSON.stringify(region)} in ${JSON.stringify(expected.box)}`).toBe(true);
        expect(article.text.ocr.replace(/\s/g, '')).toContain(expected.text.replace(/\s/g, '').slice(0, 40));
        expect(article.text.ocr).not.toContain(expected.headline);
      }
    }
  });

  it('indexes every page and article, and search finds Chinese text on the right page', async () => {
    expect(await documentIds(world.search, 'pages')).toHaveLength(12);
    expect(await documentIds(world.search, 'articles')).toHaveLength(7);
    const headline = truthFor('demo', '2023-05-04', 2).blocks.find((b) => b.kind === 'headline')!.text.replace(/\n/g, '');
    const result = await world.search.search<{ id: string }>(world.search.indexUid('pages'), { q: `"${headline}"` });
    expect(result.hits[0]?.id).toBe('demo-ribao_2023-05-04_ed-1_seq-2');
    const article = await world.search.search<{ id: string; title: string }>(world.search.indexUid('articles'), { q: '加强馆务规范管理' });
    expect(article.hits[0]).toMatchObject({ id: 'demo-ribao_2023-05-06_ed-1_art-1', title: '加强馆务规范管理' });
  });

  it('records the title from the manifest and issues with their printed dates and numbers', async () => {
    expect((await world.records.getTitle('demo-ribao'))!.record).toMatchObject({ name: '地方示例日报', cn: 'CN 44-9999', kind: 'newspaper' });
    expect((await world.records.getIssue({ title: 'demo-ribao', date: '2023-05-05', edition: 1 }))!.record).toMatchObject({ issueNo: '1002', printedDate: '2023年5月5日 星期五' });
    expect((await world.records.getIssue({ title: 'library-reports', volume: 1 }))!.record.source).toMatchObject({ name: 'library-reports/vol-1.pdf', pages: 3 });
    expect((await world.records.getTitle('library-reports'))!.record).toMatchObject({ kind: 'document', name: '公共图书馆年度报告选编' });
  });

  it('does nothing the second time: every page unchanged, no record rewritten, no document added', async () => {
    const before = await snapshot(world.store, 'records/');
    const pagesBefore = await documentIds(world.search, 'pages');
    const again = await world.ingest({ source: fixture('demo') });
    const metsAgain = await world.ingest({ source: fixture('mets-enmap'), title: 'demo-ribao' });
    expect(again.pages).toEqual({ stored: 0, unchanged: 10, rejected: 0 });
    expect(metsAgain.pages).toEqual({ stored: 0, unchanged: 2, rejected: 0 });
    expect(metsAgain.articlesCreated).toBe(0);
    expect(await snapshot(world.store, 'records/')).toEqual(before);
    expect(await documentIds(world.search, 'pages')).toEqual(pagesBefore);
  });

  it('indexes on the next run a page that was stored but never indexed', async () => {
    const id = 'demo-ribao_2023-05-04_ed-1_seq-3';
    await world.search.waitForTask(await world.search.deleteDocuments(world.search.indexUid('pages'), [id]));
    expect(await documentIds(world.search, 'pages')).not.toContain(id);
    const run = await world.ingest({ source: fixture('demo') });
    expect(run.pages.unchanged).toBe(10);
    expect(await documentIds(world.search, 'pages')).toContain(id);
  });

  it('re-stores a page whose OCR was redelivered, keeping its image and bumping its version', async () => {
    const key: PageKey = { title: 'demo-ribao', date: '2023-05-04', edition: 1, seq: 1 };
    const before = (await world.records.getPage(key))!.record as Page;
    const { cp, mkdtemp, readFile, rm, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const copy = await mkdtemp(join(tmpdir(), 'difang-redelivery-'));
    await cp(fixture('demo'), copy, { recursive: true });
    const alto = join(copy, 'demo-ribao', '2023-05-04', '01.xml');
    await writeFile(alto, (await readFile(alto, 'utf8')).replace('深入融合服务', '深入融合服務'));
    const run = await world.ingest({ source: copy }).finally(() => rm(copy, { recursive: true, force: true }));
    expect(run.pages).toEqual({ stored: 1, unchanged: 9, rejected: 0 });
    const after = (await world.records.getPage(key))!.record;
    expect(after.version).toBe(before.version + 1);
    expect(after.image.sha256).toBe(before.image.sha256);
    expect(after.ocr.sourceSha256).not.toBe(before.ocr.sourceSha256);
    const ocr = (await world.records.getPageOcr(key)) as PageOcr;
    expect(ocrText(ocr).text).toContain('深入融合服務');
  });
});
