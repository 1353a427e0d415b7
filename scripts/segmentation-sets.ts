/**
 * The pages layout analysis is measured on, with people's units as truth, and the scoring:
 * shared by scripts/measure-segmentation.ts (the tables in docs/SEGMENTATION.md) and the tests
 * that keep the figures from sliding back. See the script for what each set is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { linkContinuations } from '../src/domain/layout/continuations.ts';
import type { PageOcr } from '../src/domain/page-ocr.ts';
import type { Box } from '../src/domain/region.ts';
import { oneArticlePerBlock, regionIoU, scoreSegmentation, segmentLayout, type SegmentedUnit } from '../src/domain/segmentation.ts';
import { inkBitmapOf } from '../indexer/images/page-bitmap.ts';
import { areasOn, parseIarchivesArticle, parseIarchivesPage, parseIarchivesUnit } from '../indexer/readers/parse-iarchives.ts';
import { parseMets } from '../indexer/readers/parse-mets.ts';
import { parseOcr } from '../indexer/readers/parse-ocr.ts';
import { descendantsNamed, parseXmlTree, type XmlElement } from '../indexer/readers/safe-xml.ts';

const root = join(import.meta.dirname, '..');
export const samples = join(root, '..', 'shared', 'samples');

/** One unit people cut: its regions on one page, its headline, and which article it is a piece of. */
export interface TruthUnit {
  regions: Box[];
  headline: string;
  article: string;
}

export interface MeasuredPage {
  set: string;
  name: string;
  seq: number;
  label: string;
  ocr: PageOcr;
  image?: string;
  truth: TruthUnit[];
}

// ── the sets ─────────────────────────────────────────────────────────────────────────────────

export async function topaz(): Promise<MeasuredPage[]> {
  const dir = join(samples, 'topaz-times-1944-batch');
  const unit = parseIarchivesUnit(readFileSync(join(dir, 'unit.xml'), 'utf8'));
  const articles = unit.articles.map((href) => ({ href, article: parseIarchivesArticle(readFileSync(join(dir, href), 'utf8')) }));
  const pages: MeasuredPage[] = [];
  for (const [index, href] of unit.pages.entries()) {
    const name = href.replace(/^pages\//, '').replace(/\.xml$/, '');
    const image = join(dir, 'pages', 'images', `${name}.tif`);
    const { default: sharp } = await import('sharp');
    const { width = 0, height = 0 } = await sharp(image).metadata();
    const ocr = parseIarchivesPage(readFileSync(join(dir, href), 'utf8'), { imageWidth: width, imageHeight: height });
    const truth = articles.flatMap(({ href: articleHref, article }) =>
      article.pages.filter((page) => page.href.endsWith(`${name}.xml`)).map((page) => ({ regions: areasOn(page), headline: article.headline, article: articleHref })),
    );
    pages.push({ set: 'Topaz Times 1944-12-13 (iArchives unit; image + word OCR)', name: `Topaz p.${index + 1}`, seq: index + 1, label: String(index + 1), ocr, image, truth });
  }
  return pages;
}

export function gaulois(): MeasuredPage[] {
  const dir = join(samples, 'le-gaulois-1882-mets');
  const metsXml = readFileSync(join(dir, '18820208_1-METS.xml'), 'utf8');
  const mets = parseMets(metsXml);
  const ocrs = [1, 2, 3, 4].map((p) => {
    const xml = readFileSync(join(dir, 'ALTO', `18820208_1-000${p}.xml`), 'utf8');
    const width = Number(/<Page [^>]*WIDTH="(\d+)"/.exec(xml)![1]);
    const height = Number(/<Page [^>]*HEIGHT="(\d+)"/.exec(xml)![1]);
    return parseOcr('alto', new TextEncoder().encode(xml), { imageWidth: width, imageHeight: height });
  });
  const boxesOf = (ocr: PageOcr, id: string): Box[] => {
    const block = ocr.blocks.find((b) => b.sourceId === id);
    if (block) return [block.box];
    const zone = ocr.zones?.find((z) => z.sourceId === id);
    return zone ? [zone.box] : [];
  };
  const pageOf = (href: string): number => Number(/000(\d)\.xml$/.exec(href)?.[1] ?? 0);
  // The title section (masthead) is a unit people delineated too, though not an article.
  const titleSections = descendantsNamed(parseXmlTree(metsXml), 'div').filter((div) => div.attributes.TYPE === 'TITLE_SECTION');
  const sectionAreas = titleSections.map((div) => descendantsNamed(div, 'area').map((area: XmlElement) => ({ file: area.attributes.FILEID ?? '', begin: area.attributes.BEGIN ?? '' })));
  return ocrs.map((ocr, i) => {
    const seq = i + 1;
    const truth: TruthUnit[] = [];
    for (const [n, article] of mets.articles.entries()) {
      const regions = article.areas.filter((area) => pageOf(area.file.href) === seq && area.begin).flatMap((area) => boxesOf(ocr, area.begin!));
      if (regions.length === 0) continue;
      const headline = article.headline.filter((area) => pageOf(area.file.href) === seq).flatMap((area) => ocr.blocks.filter((b) => b.sourceId === area.begin)).map((b) => b.lines.map((l) => l.words.map((w) => w.text).join(' ')).join(' ')).join(' ');
      truth.push({ regions, headline: headline || article.label || '', article: `article-${n}` });
    }
    for (const [n, areas] of sectionAreas.entries()) {
      const regions = areas.filter((area) => area.file === `ALTO0000${seq}`).flatMap((area) => boxesOf(ocr, area.begin));
      if (regions.length > 0) truth.push({ regions, headline: '', article: `title-section-${n}` });
    }
    return { set: 'Le Gaulois 1882-02-08 (BnF METS/ALTO; OCR only)', name: `Gaulois p.${seq}`, seq, label: String(seq), ocr, truth };
  });
}

interface GeneratedTruth {
  issue: string;
  seq: number;
  label: string;
  vertical: boolean;
  script: string;
  image: string;
  ocr: { file: string; format: 'alto' | 'hocr' | 'paddle' };
  width: number;
  height: number;
  units: { kind: string; headline: string; regions: Box[]; article: string }[];
}

export function generated(): MeasuredPage[] {
  const dir = join(root, 'fixtures', 'segmentation');
  if (!existsSync(join(dir, 'truth.json'))) return [];
  const truths = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as GeneratedTruth[];
  return truths.map((t) => ({
    set: 'generated Chinese pages (fixtures/segmentation: image + PaddleOCR-style lines)',
    name: `${t.issue} p.${t.seq} (${t.vertical ? 'vertical' : 'horizontal'}, ${t.script})`,
    seq: t.seq,
    label: t.label,
    ocr: parseOcr(t.ocr.format, new Uint8Array(readFileSync(join(dir, t.ocr.file))), { imageWidth: t.width, imageHeight: t.height }),
    image: join(dir, t.image),
    truth: t.units.map((u) => ({ regions: u.regions, headline: u.headline, article: `${t.issue}/${u.article}` })),
  }));
}

// ── scoring ──────────────────────────────────────────────────────────────────────────────────

export interface PageResult {
  page: MeasuredPage;
  units: SegmentedUnit[];
  matched: number;
  predicted: number;
  iou: number;
  headlines: { truth: number; found: number };
  twice: number;
  wholePage: ReturnType<typeof scoreSegmentation>;
  perBlock: ReturnType<typeof scoreSegmentation>;
  seconds: number;
}

/** Character bigrams shared (Dice), case and spacing ignored: OCR'd headlines against typed ones. */
function similar(a: string, b: string): number {
  const grams = (s: string): string[] => {
    const t = s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
    return Array.from({ length: Math.max(0, t.length - 1) }, (_, i) => t.slice(i, i + 2));
  };
  const x = grams(a);
  const y = grams(b);
  if (x.length === 0 || y.length === 0) return 0;
  const pool = new Map<string, number>();
  for (const g of y) pool.set(g, (pool.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of x) {
    const n = pool.get(g) ?? 0;
    if (n > 0) {
      shared++;
      pool.set(g, n - 1);
    }
  }
  return (2 * shared) / (x.length + y.length);
}

/** Area of a page claimed by two or more units, as a share of all the area claimed. */
function claimedTwice(units: readonly { regions: Box[] }[], width: number, height: number): number {
  const cell = 4;
  const w = Math.ceil(width / cell);
  const h = Math.ceil(height / cell);
  const grid = new Uint8Array(w * h);
  for (const unit of units) {
    const mine = new Uint8Array(w * h);
    // A grid cell belongs to a region when its centre does: regions that only touch share none.
    for (const r of unit.regions) {
      for (let y = Math.ceil(r.y / cell - 0.5); y < Math.min(h, Math.ceil((r.y + r.h) / cell - 0.5)); y++) for (let x = Math.ceil(r.x / cell - 0.5); x < Math.min(w, Math.ceil((r.x + r.w) / cell - 0.5)); x++) mine[y * w + x] = 1;
    }
    for (let i = 0; i < grid.length; i++) if (mine[i]) grid[i] = Math.min(2, grid[i]! + 1);
  }
  let any = 0;
  let twice = 0;
  for (const v of grid) {
    if (v > 0) any++;
    if (v > 1) twice++;
  }
  return any === 0 ? 0 : twice / any;
}

export async function measure(page: MeasuredPage): Promise<PageResult> {
  const started = performance.now();
  const bitmap = page.image ? await inkBitmapOf(page.image, { pageWidth: page.ocr.width }) : undefined;
  const { units, uncertain } = segmentLayout(page.ocr, { ...(bitmap ? { bitmap } : {}), firstPage: page.seq === 1 });
  if (uncertain) process.stderr.write(`${page.name}: would be left to a person (${uncertain})\n`);
  const seconds = (performance.now() - started) / 1000;
  const predicted = units.map((u) => u.regions);
  const truth = page.truth.map((t) => t.regions);
  const score = scoreSegmentation(predicted, truth);
  // Headlines: a person's headline counts as found when the unit matched to it reads like it.
  const pairs = matchPairs(predicted, truth);
  const withHeadline = page.truth.filter((t) => t.headline.trim());
  const found = pairs.filter(([p, t]) => page.truth[t]!.headline.trim() && similar(units[p]!.headline, page.truth[t]!.headline) >= 0.3).length;
  const whole = [[{ x: 0, y: 0, w: page.ocr.width, h: page.ocr.height }]];
  return {
    page,
    units,
    matched: score.matched,
    predicted: score.predicted,
    iou: score.meanIoU,
    headlines: { truth: withHeadline.length, found },
    twice: claimedTwice(units, page.ocr.width, page.ocr.height),
    wholePage: scoreSegmentation(whole, truth),
    perBlock: scoreSegmentation(oneArticlePerBlock(page.ocr).map((a) => a.regions), truth),
    seconds,
  };
}

export function matchPairs(predicted: Box[][], truth: Box[][]): [number, number][] {
  const pairs: { p: number; t: number; iou: number }[] = [];
  predicted.forEach((p, i) => truth.forEach((t, j) => pairs.push({ p: i, t: j, iou: regionIoU(p, t) })));
  pairs.sort((a, b) => b.iou - a.iou);
  const usedP = new Set<number>();
  const usedT = new Set<number>();
  const out: [number, number][] = [];
  for (const pair of pairs) {
    if (pair.iou < 0.5 || usedP.has(pair.p) || usedT.has(pair.t)) continue;
    usedP.add(pair.p);
    usedT.add(pair.t);
    out.push([pair.p, pair.t]);
  }
  return out;
}

/** Articles people continued across pages, and how many of them difang joined (both pieces matched, and linked). */
export function continuations(results: PageResult[]): { truth: number; linked: number } {
  const byArticle = new Map<string, { result: PageResult; index: number }[]>();
  for (const result of results) result.page.truth.forEach((unit, index) => byArticle.set(unit.article, [...(byArticle.get(unit.article) ?? []), { result, index }]));
  const continued = [...byArticle.values()].filter((pieces) => new Set(pieces.map((p) => p.result.page.seq)).size > 1);
  const pieces = results.flatMap((result) => result.units.map((unit, index) => ({ result, index, seq: result.page.seq, label: result.page.label, cues: unit.cues })));
  const links = linkContinuations(pieces);
  let linked = 0;
  for (const parts of continued) {
    // Which predicted unit each true piece was matched to.
    const matchedUnits = parts.map(({ result, index }) => {
      const pair = matchPairs(result.units.map((u) => u.regions), result.page.truth.map((t) => t.regions)).find(([, t]) => t === index);
      return pair ? pieces.findIndex((p) => p.result === result && p.index === pair[0]) : -1;
    });
    if (matchedUnits.includes(-1)) continue;
    const joined = matchedUnits.every((u, i) => i === 0 || links.some(([a, b]) => (a === matchedUnits[i - 1] && b === u) || (a === u && b === matchedUnits[i - 1])));
    if (joined) linked++;
  }
  return { truth: continued.length, linked };
}

/** Totals of a set of pages: units matched, found and cut, and F1 (also for the two baselines). */
export function summarize(results: readonly PageResult[]): { truth: number; predicted: number; matched: number; f1: number; wholePageF1: number; perBlockF1: number; claimedTwice: number } {
  const sum = (pick: (r: PageResult) => number): number => results.reduce((s, r) => s + pick(r), 0);
  const truth = sum((r) => r.page.truth.length);
  const f1 = (matched: number, predicted: number): number => (matched === 0 ? 0 : (2 * matched) / (predicted + truth));
  return {
    truth,
    predicted: sum((r) => r.predicted),
    matched: sum((r) => r.matched),
    f1: f1(sum((r) => r.matched), sum((r) => r.predicted)),
    wholePageF1: f1(sum((r) => r.wholePage.matched), sum((r) => r.wholePage.predicted)),
    perBlockF1: f1(sum((r) => r.perBlock.matched), sum((r) => r.perBlock.predicted)),
    claimedTwice: Math.max(0, ...results.map((r) => r.twice)),
  };
}
