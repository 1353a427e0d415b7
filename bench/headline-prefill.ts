/**
 * The title a hand-cut article starts with (issue 21): the headline printed largest inside its
 * region, else its first line (titleFromCut), against what people gave the same articles — on real packages (the Topaz
 * Times 1944 unit, 29 articles clipped by people, iArchives; Le Gaulois 1882, METS with ALTO, its
 * articles' titles) and on the generated pages of fixtures/segmentation (PaddleOCR lines, the
 * headlines they were set with) — beside the simple baseline of the region's first printed line.
 * Each article's region is the one people drew (its first page); the OCR is the page's own.
 * Right = equal after dropping case, spaces and punctuation; similarity = 1 − edit distance / length.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { FsObjectStore } from '../src/adapters/fs/fs-object-store.ts';
import { EmbeddedMeilisearch } from '../src/adapters/meilisearch/embedded-meilisearch.ts';
import { MeilisearchIndex } from '../src/adapters/meilisearch/meilisearch-index.ts';
import type { Article } from '../src/domain/article.ts';
import { fold } from '../src/domain/fold.ts';
import type { IssueKey } from '../src/domain/natural-keys.ts';
import { ocrText, ocrWithin, titleFromCut } from '../src/domain/ocr-text.ts';
import type { PageOcr } from '../src/domain/page-ocr.ts';
import { silentLogger } from '../src/logger.ts';
import { membersOf } from '../src/services/issue-members.ts';
import { RecordStore } from '../src/services/record-store.ts';
import { ingestBatch } from '../indexer/pipeline/ingest-session.ts';
import { parseOcr } from '../indexer/readers/parse-ocr.ts';
import { fmt, machine } from './lib.ts';

const root = join(import.meta.dirname, '..');
const samples = join(root, '..', 'shared', 'samples');

interface Case {
  given: string;
  ocr: PageOcr;
  regions: { x: number; y: number; w: number; h: number }[];
}

const normal = (text: string) => fold(text).toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');

function similarity(a: string, b: string): number {
  const [x, y] = [[...normal(a)], [...normal(b)]];
  if (x.length === 0 && y.length === 0) return 1;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1)));
    previous = row;
  }
  return 1 - previous[y.length]! / Math.max(x.length, y.length);
}

/** The region's first printed line: what a cataloguer would get by taking the top of the cut. */
function firstLine(ocr: PageOcr): string {
  const line = ocr.blocks[0]?.lines[0];
  return line ? ocrText({ ...ocr, blocks: [{ box: line.box, lines: [line] }] }).text : '';
}

function score(cases: Case[]): { n: number; headline: { right: number; sim: number; none: number }; first: { right: number; sim: number } } {
  const out = { n: cases.length, headline: { right: 0, sim: 0, none: 0 }, first: { right: 0, sim: 0 } };
  for (const c of cases) {
    const inside = ocrWithin(c.ocr, c.regions);
    const found = titleFromCut(inside);
    if (found?.how !== 'headline') out.headline.none++;
    const proposed = found?.text ?? '';
    if (normal(proposed) === normal(c.given)) out.headline.right++;
    out.headline.sim += similarity(proposed, c.given);
    const top = firstLine(inside);
    if (normal(top) === normal(c.given)) out.first.right++;
    out.first.sim += similarity(top, c.given);
  }
  return out;
}

/** Articles people titled, ingested from a real package, each with its first page's OCR. */
async function packageCases(records: RecordStore, issue: IssueKey): Promise<Case[]> {
  const { articles } = await membersOf(records.objects, issue);
  const cases: Case[] = [];
  for (const number of articles) {
    const article = (await records.getArticle({ ...issue, article: number }))?.record as Article | undefined;
    if (!article?.title || article.regions.length === 0) continue;
    const seq = article.regions[0]!.seq;
    const ocr = await records.getPageOcr({ ...issue, seq });
    if (ocr) cases.push({ given: article.title, ocr, regions: article.regions.filter((region) => region.seq === seq) });
  }
  return cases;
}

/** Le Gaulois's METS and ALTO in a scratch folder with blank stand-ins for its page images (the sample has none). */
async function gaulois(work: string): Promise<string> {
  const folder = join(work, 'gaulois');
  const source = join(samples, 'le-gaulois-1882-mets');
  await mkdir(join(folder, 'OCRmaster'), { recursive: true });
  await cp(join(source, '18820208_1-METS.xml'), join(folder, '18820208_1-METS.xml'));
  await cp(join(source, 'ALTO'), join(folder, 'ALTO'), { recursive: true });
  for (const [index, [width, height]] of [
    [5316, 7345],
    [5305, 7386],
    [5290, 7327],
    [5302, 7363],
  ].entries()) {
    const blank = await sharp({ create: { width: width!, height: height!, channels: 3, background: '#ffffff' } }).greyscale().png({ compressionLevel: 9 }).toBuffer();
    await writeFile(join(folder, 'OCRmaster', `18820208_1-000${index + 1}.jp2`), blank);
  }
  return folder;
}

async function generatedCases(): Promise<Case[]> {
  const dir = join(root, 'fixtures', 'segmentation');
  const truth = JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8')) as { vertical: boolean; width: number; height: number; ocr: { file: string; format: 'paddle' }; units: { kind: string; headline: string; regions: { x: number; y: number; w: number; h: number }[] }[] }[];
  const cases: Case[] = [];
  for (const page of truth) {
    const ocr = parseOcr(page.ocr.format, await readFile(join(dir, page.ocr.file)), { imageWidth: page.width, imageHeight: page.height });
    for (const unit of page.units) if (unit.kind === 'article' && unit.headline) cases.push({ given: unit.headline, ocr, regions: unit.regions });
  }
  return cases;
}

export async function run(): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'difang-bench-headline-'));
  const meili = await EmbeddedMeilisearch.start({ dataDir: join(work, 'meili'), logger: silentLogger, supervise: false, maxIndexingMemory: '512 MiB' });
  const rows: string[] = [];
  try {
    const store = await FsObjectStore.open(join(work, 'objects'));
    const search = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey, indexPrefix: 'h_' });
    const deps = { store, search, logger: silentLogger, publicBaseUrl: 'http://difang.bench', config: { s3Connection: { region: 'us-east-1', forcePathStyle: true } } };
    await ingestBatch(deps, { source: join(samples, 'topaz-times-1944-batch'), title: 'topaz-times', titleName: 'Topaz Times', concurrency: 2 });
    await ingestBatch(deps, { source: await gaulois(work), concurrency: 2 });
    const records = new RecordStore(store);
    const sets: [string, Case[]][] = [
      ['Topaz Times 1944 (real, iArchives, people’s clippings)', await packageCases(records, { title: 'topaz-times', date: '1944-12-13', edition: 1 })],
      ['Le Gaulois 1882 (real, METS / ALTO)', await packageCases(records, { title: 'le-gaulois', date: '1882-02-08', edition: 1 })],
      ['generated dailies (fixtures/segmentation, PaddleOCR lines)', await generatedCases()],
    ];
    for (const [name, cases] of sets) {
      const s = score(cases);
      rows.push(`| ${name} | ${s.n} | ${fmt(s.headline.right / s.n)} | ${fmt(s.headline.sim / s.n)} | ${s.headline.none} | ${fmt(s.first.right / s.n)} | ${fmt(s.first.sim / s.n)} |`);
    }
  } finally {
    await meili.stop();
    await rm(work, { recursive: true, force: true });
  }
  return [
    `The title prefilled for a cut article (largest first lines inside the region) against the title people gave it, beside the region's first printed line; ${machine()}.`,
    '',
    '| pages | articles | prefill right | prefill similarity | no headline stood out (first line offered) | first line right | first line similarity |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
