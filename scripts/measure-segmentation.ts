/**
 * How close difang's layout segmentation (src/domain/segmentation.ts) comes to people's: the
 * Topaz Times page in ../shared/samples (iArchives export: word boxes and the articles' clipping
 * rectangles drawn by people), and difang's own Chinese fixture pages (their generator's article
 * boxes). Article-level precision and recall at IoU ≥ 0.5, and the mean IoU of matched articles.
 *   npx tsx scripts/measure-segmentation.ts            prints the table
 *   npx tsx scripts/measure-segmentation.ts --record   also writes it into docs/SEGMENTATION.md
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { segmentPage, scoreSegmentation, type SegmentationScore } from '../src/domain/segmentation.ts';
import type { Box } from '../src/domain/region.ts';
import { areasOn, parseIarchivesArticle, parseIarchivesPage } from '../indexer/readers/parse-iarchives.ts';
import { parseOcr } from '../indexer/readers/parse-ocr.ts';

const root = join(import.meta.dirname, '..');
const topaz = join(root, '..', 'shared', 'samples', 'topaz-times-1944-articles');

interface Row {
  page: string;
  score: SegmentationScore;
}

function measureTopaz(): Row | null {
  if (!existsSync(topaz)) return null;
  const pageFile = readdirSync(join(topaz, 'pages')).find((name) => name.endsWith('.xml'))!;
  const ocr = parseIarchivesPage(readFileSync(join(topaz, 'pages', pageFile), 'utf8'), { imageWidth: 1162, imageHeight: 1941 });
  const truth = readdirSync(join(topaz, 'articles'))
    .filter((name) => name.endsWith('.xml'))
    .map((name) => parseIarchivesArticle(readFileSync(join(topaz, 'articles', name), 'utf8')))
    .filter((article) => article.classification !== 'masthead')
    .map((article) => article.pages.flatMap(areasOn));
  const predicted = segmentPage(ocr).map((candidate) => candidate.regions);
  return { page: 'Topaz Times 1944-12-13 p.1 (English, 1940s OCR; people’s clippings)', score: scoreSegmentation(predicted, truth) };
}

interface TruthPage {
  batch: string;
  file: string;
  issue: string;
  seq: number;
  width: number;
  height: number;
  ocr: { file: string; format: string } | null;
  vertical: boolean;
  articles: { box: Box }[];
}

function measureFixtures(): Row[] {
  const pages = JSON.parse(readFileSync(join(root, 'fixtures', 'ground-truth', 'pages.json'), 'utf8')) as TruthPage[];
  return pages
    .filter((page) => page.ocr && page.ocr.format !== 'pdf' && page.articles.length > 0)
    .map((page) => {
      const bytes = new Uint8Array(readFileSync(join(root, 'fixtures', page.batch, page.ocr!.file)));
      const ocr = parseOcr(page.ocr!.format as 'alto' | 'hocr' | 'paddle', bytes, { imageWidth: page.width, imageHeight: page.height });
      const predicted = segmentPage(ocr).map((candidate) => candidate.regions);
      return { page: `${page.batch} ${page.issue} p.${page.seq} (${page.ocr!.format}${page.vertical ? ', vertical' : ''})`, score: scoreSegmentation(predicted, page.articles.map((a) => [a.box])) };
    });
}

const pct = (n: number) => `${Math.round(n * 100)}%`;

export function table(rows: Row[]): string {
  const total = rows.reduce((sum, row) => ({ predicted: sum.predicted + row.score.predicted, truth: sum.truth + row.score.truth, matched: sum.matched + row.score.matched, iou: sum.iou + row.score.meanIoU * row.score.matched }), { predicted: 0, truth: 0, matched: 0, iou: 0 });
  return [
    '| page | articles (people) | found | matched (IoU ≥ 0.5) | precision | recall | mean IoU of matches |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((row) => `| ${row.page} | ${row.score.truth} | ${row.score.predicted} | ${row.score.matched} | ${pct(row.score.precision)} | ${pct(row.score.recall)} | ${row.score.matched ? row.score.meanIoU.toFixed(2) : '—'} |`),
    `| **all** | ${total.truth} | ${total.predicted} | ${total.matched} | ${pct(total.matched / Math.max(1, total.predicted))} | ${pct(total.matched / Math.max(1, total.truth))} | ${total.matched ? (total.iou / total.matched).toFixed(2) : '—'} |`,
  ].join('\n');
}

const rows = [...(measureTopaz() ? [measureTopaz()!] : []), ...measureFixtures()];
const markdown = `Measured ${new Date().toISOString().slice(0, 10)} by \`npx tsx scripts/measure-segmentation.ts --record\`${existsSync(topaz) ? '' : ' (../shared/samples absent: Topaz Times not measured)'}.\n\n${table(rows)}`;
process.stdout.write(`${markdown}\n`);
if (process.argv.includes('--record')) {
  const file = join(root, 'docs', 'SEGMENTATION.md');
  const current = await readFile(file, 'utf8');
  const start = '<!-- measure:segmentation -->';
  const end = '<!-- /measure:segmentation -->';
  await writeFile(file, `${current.slice(0, current.indexOf(start) + start.length)}\n${markdown}\n${current.slice(current.indexOf(end))}`);
}
