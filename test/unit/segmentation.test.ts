/** Layout segmentation against the fixtures' article boxes and, where present, people's Topaz Times clippings. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regionIoU, scoreSegmentation, segmentPage } from '../../src/domain/segmentation.ts';
import { areasOn, parseIarchivesArticle, parseIarchivesPage } from '../../indexer/readers/parse-iarchives.ts';
import { parseOcr } from '../../indexer/readers/parse-ocr.ts';
import { fixture, groundTruth, sample, sharedSkipReason } from '../helpers/fixtures.ts';

describe('regionIoU and scoring', () => {
  it('measures overlap of box sets by area and matches one to one', () => {
    const a = [{ x: 0, y: 0, w: 100, h: 100 }];
    expect(regionIoU(a, a)).toBe(1);
    expect(regionIoU(a, [{ x: 50, y: 0, w: 100, h: 100 }])).toBeCloseTo(1 / 3, 1);
    expect(regionIoU(a, [{ x: 200, y: 0, w: 10, h: 10 }])).toBe(0);
    expect(regionIoU([{ x: 0, y: 0, w: 50, h: 100 }, { x: 50, y: 0, w: 50, h: 100 }], a)).toBe(1);
    const score = scoreSegmentation([a, a], [a]);
    expect(score).toMatchObject({ predicted: 2, truth: 1, matched: 1, precision: 0.5, recall: 1 });
  });
});

describe('segmentPage on the Chinese fixture pages', () => {
  const pages = groundTruth.filter((page) => page.ocr && page.ocr.format !== 'pdf' && page.articles.length > 0);
  const run = (page: (typeof pages)[number]) => {
    const ocr = parseOcr(page.ocr!.format as 'alto', new Uint8Array(readFileSync(fixture(page.batch, page.ocr!.file))), { imageWidth: page.width, imageHeight: page.height });
    return segmentPage(ocr);
  };

  it('cuts a four-column front page into its three articles, headlines included', () => {
    const page = pages.find((p) => p.batch === 'demo' && p.issue === '2023-05-04' && p.seq === 1)!;
    const found = run(page);
    expect(found.map((a) => a.headline).sort()).toEqual(page.articles.map((a) => a.headline).sort());
    const score = scoreSegmentation(found.map((a) => a.regions), page.articles.map((a) => [a.box]));
    expect(score.matched).toBe(3);
  });

  it('finds most articles of all the pages (recall ≥ 70%, precision ≥ 50% at IoU 0.5; see docs/SEGMENTATION.md)', () => {
    let predicted = 0;
    let truth = 0;
    let matched = 0;
    for (const page of pages) {
      const score = scoreSegmentation(run(page).map((a) => a.regions), page.articles.map((a) => [a.box]));
      predicted += score.predicted;
      truth += score.truth;
      matched += score.matched;
    }
    expect(matched / truth).toBeGreaterThanOrEqual(0.7);
    expect(matched / predicted).toBeGreaterThanOrEqual(0.5);
  });
});

const topaz = sample('topaz-times-1944-articles');
describe.skipIf(!existsSync(topaz))(`segmentPage on the Topaz Times page (${existsSync(topaz) ? 'people’s clippings' : sharedSkipReason})`, () => {
  it('reads the iArchives export and finds some of the articles people clipped', () => {
    const pageFile = readdirSync(join(topaz, 'pages')).find((name) => name.endsWith('.xml'))!;
    const ocr = parseIarchivesPage(readFileSync(join(topaz, 'pages', pageFile), 'utf8'), { imageWidth: 1162, imageHeight: 1941 });
    expect(ocr.blocks.reduce((n, b) => n + b.lines.reduce((m, l) => m + l.words.length, 0), 0)).toBeGreaterThan(700);
    const articles = readdirSync(join(topaz, 'articles')).filter((name) => name.endsWith('.xml')).map((name) => parseIarchivesArticle(readFileSync(join(topaz, 'articles', name), 'utf8')));
    expect(articles.filter((a) => a.classification === 'article')).toHaveLength(7);
    expect(articles.find((a) => a.headline === 'Sharecrop Offers')?.pages.map(areasOn)).toEqual([[{ x: 0, y: 1473, w: 406, h: 467 }]]);
    const truth = articles.filter((a) => a.classification !== 'masthead').map((a) => a.pages.flatMap(areasOn));
    const score = scoreSegmentation(segmentPage(ocr).map((a) => a.regions), truth);
    expect(score.matched).toBeGreaterThanOrEqual(3);
  });
});
