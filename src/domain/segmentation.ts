/**
 * Article segmentation by layout, for pages whose delivery says nothing about articles: a
 * headline is a block set larger than the body text; it takes the blocks below it in its columns
 * until the next headline, with a kicker just above it; a masthead across the top is no article;
 * body text no headline claims becomes an untitled article per column run. Each article's regions
 * are the union boxes of its blocks, column by column, in reading order. A first heuristic, to be
 * measured against people (scripts/measure-segmentation.ts, docs/SEGMENTATION.md).
 */
import type { OcrBlock, PageOcr } from './page-ocr.ts';
import { unionBox, type Box } from './region.ts';

export interface ArticleCandidate {
  /** The headline's text, or '' for text no headline claims. */
  headline: string;
  regions: Box[];
  /** Indexes of the OCR blocks it is made of. */
  blocks: number[];
}

interface BlockFacts {
  index: number;
  box: Box;
  lineHeight: number;
  lines: number;
  text: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
};
const overlapX = (a: Box, b: Box) => Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
const centerX = (b: Box) => b.x + b.w / 2;

function facts(block: OcrBlock, index: number, script: PageOcr['script']): BlockFacts {
  const heights = block.lines.map((line) => (line.vertical ? line.box.w : line.box.h));
  const text = block.lines.map((line) => line.words.map((w) => w.text).join(script === 'latin' ? ' ' : '')).join(script === 'latin' ? ' ' : '');
  return { index, box: block.box, lineHeight: median(heights), lines: block.lines.length, text };
}

export function segmentPage(ocr: PageOcr, options: { headlineRatio?: number } = {}): ArticleCandidate[] {
  const blocks = ocr.blocks.map((block, i) => facts(block, i, ocr.script)).filter((b) => b.lines > 0 && b.text.trim() !== '');
  if (blocks.length === 0) return [];
  const bodyHeight = median(blocks.flatMap((b) => Array.from({ length: b.lines }, () => b.lineHeight)));
  const ratio = options.headlineRatio ?? 1.4;

  // Masthead: a large block across most of the page's width near the top. Running heads: one
  // small line above everything else. Neither is an article.
  const isMasthead = (b: BlockFacts) => b.box.y < ocr.height * 0.15 && b.box.w > ocr.width * 0.25 && b.lineHeight >= bodyHeight * 3;
  const mastheads = blocks.filter(isMasthead);
  const top = mastheads.length > 0 ? Math.max(...mastheads.map((m) => m.box.y + m.box.h)) : 0;
  const content = blocks.filter((b) => !isMasthead(b) && !(b.lines === 1 && b.box.y + b.box.h <= top + bodyHeight * 3 && b.lineHeight <= bodyHeight * 1.1 && b.box.w > ocr.width * 0.3));

  const headlines = content.filter((b) => b.lineHeight >= ratio * bodyHeight).sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  const owner = new Map<number, BlockFacts>();
  for (const headline of headlines) owner.set(headline.index, headline);

  // A kicker: a smaller block just above a headline, over it.
  for (const block of content) {
    if (owner.has(block.index)) continue;
    const below = headlines.find((h) => h.box.y >= block.box.y + block.box.h - 2 && h.box.y - (block.box.y + block.box.h) < bodyHeight * 1.5 && overlapX(block.box, h.box) > block.box.w * 0.5 && block.lines <= 2);
    if (below) owner.set(block.index, below);
  }
  // Body: the nearest headline above whose columns it lies in, with no other headline between.
  for (const block of content) {
    if (owner.has(block.index)) continue;
    const above = headlines
      .filter((h) => h.box.y + h.box.h <= block.box.y + bodyHeight && (overlapX(block.box, h.box) > Math.min(block.box.w, h.box.w) * 0.5 || (centerX(block.box) >= h.box.x && centerX(block.box) <= h.box.x + h.box.w)))
      .sort((a, b) => b.box.y - a.box.y)[0];
    if (above) owner.set(block.index, above);
  }
  // A headline set over some of its columns also heads the columns beside it down to the next
  // headline: text with no headline over it belongs to the nearest headline above it.
  for (const block of content) {
    if (owner.has(block.index) || headlines.length === 0) continue;
    const above = headlines
      .filter((h) => h.box.y + h.box.h <= block.box.y + bodyHeight)
      .sort((a, b) => b.box.y + b.box.h - (a.box.y + a.box.h) || Math.abs(centerX(a.box) - centerX(block.box)) - Math.abs(centerX(b.box) - centerX(block.box)))[0];
    if (above) owner.set(block.index, above);
  }

  const articles = new Map<number, BlockFacts[]>();
  for (const headline of headlines) articles.set(headline.index, []);
  const orphans: BlockFacts[] = [];
  for (const block of content) {
    const headline = owner.get(block.index);
    if (headline) articles.get(headline.index)!.push(block);
    else orphans.push(block);
  }
  const candidates: ArticleCandidate[] = headlines.map((headline) => toCandidate(headline.text, articles.get(headline.index)!));
  // Unclaimed text: one untitled article per run of blocks stacked in one column.
  const runs: BlockFacts[][] = [];
  for (const block of orphans.sort((a, b) => a.box.x - b.box.x || a.box.y - b.box.y)) {
    const run = runs.find((r) => {
      const last = r[r.length - 1]!;
      return overlapX(last.box, block.box) > Math.min(last.box.w, block.box.w) * 0.5 && block.box.y - (last.box.y + last.box.h) < bodyHeight * 2.5;
    });
    if (run) run.push(block);
    else runs.push([block]);
  }
  // Specks and stray words (noise in old OCR, folios, captions of a line) are not articles.
  for (const run of runs) {
    const lines = run.reduce((n, b) => n + b.lines, 0);
    const characters = run.reduce((n, b) => n + [...b.text.replace(/\s+/g, '')].length, 0);
    if (lines >= 3 || characters >= 40) candidates.push(toCandidate('', run));
  }
  return candidates.filter((c) => c.regions.length > 0);
}

/** Regions: the union box of each column's blocks, columns left to right. */
function toCandidate(headline: string, members: BlockFacts[]): ArticleCandidate {
  const columns: BlockFacts[][] = [];
  for (const block of [...members].sort((a, b) => a.box.x - b.box.x || a.box.y - b.box.y)) {
    const column = columns.find((c) => c.some((m) => overlapX(m.box, block.box) > Math.min(m.box.w, block.box.w) * 0.5));
    if (column) column.push(block);
    else columns.push([block]);
  }
  const regions = columns.map((column) => unionBox(column.map((b) => b.box))!).sort((a, b) => a.y - b.y || a.x - b.x);
  return { headline: headline.trim(), regions: mergeOverlapping(regions), blocks: members.map((m) => m.index).sort((a, b) => a - b) };
}

/** Regions that overlap (a headline across two columns over both) become one. */
function mergeOverlapping(regions: Box[]): Box[] {
  const out = [...regions];
  for (let merged = true; merged; ) {
    merged = false;
    outer: for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        const overlap = overlapX(a, b) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
        if (overlap > 0.1 * Math.min(a.w * a.h, b.w * b.h)) {
          out.splice(j, 1);
          out[i] = unionBox([a, b])!;
          merged = true;
          break outer;
        }
      }
    }
  }
  return out;
}

/** Intersection over union of two sets of boxes (each set's union as an area), on a grid of `cell` pixels. */
export function regionIoU(a: readonly Box[], b: readonly Box[], cell = 4): number {
  const all = [...a, ...b];
  if (all.length === 0) return 0;
  const box = unionBox(all)!;
  const width = Math.ceil(box.w / cell);
  const height = Math.ceil(box.h / cell);
  const grid = new Uint8Array(width * height);
  const paint = (boxes: readonly Box[], bit: number) => {
    for (const r of boxes) {
      const x0 = Math.floor((r.x - box.x) / cell);
      const y0 = Math.floor((r.y - box.y) / cell);
      const x1 = Math.ceil((r.x + r.w - box.x) / cell);
      const y1 = Math.ceil((r.y + r.h - box.y) / cell);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) grid[y * width + x]! |= bit;
    }
  };
  paint(a, 1);
  paint(b, 2);
  let both = 0;
  let either = 0;
  for (const value of grid) {
    if (value === 3) both++;
    if (value !== 0) either++;
  }
  return either === 0 ? 0 : both / either;
}

export interface SegmentationScore {
  predicted: number;
  truth: number;
  matched: number;
  precision: number;
  recall: number;
  /** Mean IoU of the matched pairs. */
  meanIoU: number;
}

/** One-to-one matching, best IoU first; a pair counts when its IoU reaches `threshold`. */
export function scoreSegmentation(predicted: readonly Box[][], truth: readonly Box[][], threshold = 0.5): SegmentationScore {
  const pairs: { p: number; t: number; iou: number }[] = [];
  predicted.forEach((p, i) => truth.forEach((t, j) => pairs.push({ p: i, t: j, iou: regionIoU(p, t) })));
  pairs.sort((a, b) => b.iou - a.iou);
  const usedP = new Set<number>();
  const usedT = new Set<number>();
  const matched: number[] = [];
  for (const pair of pairs) {
    if (pair.iou < threshold || usedP.has(pair.p) || usedT.has(pair.t)) continue;
    usedP.add(pair.p);
    usedT.add(pair.t);
    matched.push(pair.iou);
  }
  return {
    predicted: predicted.length,
    truth: truth.length,
    matched: matched.length,
    precision: predicted.length === 0 ? 0 : matched.length / predicted.length,
    recall: truth.length === 0 ? 0 : matched.length / truth.length,
    meanIoU: matched.length === 0 ? 0 : matched.reduce((a, b) => a + b, 0) / matched.length,
  };
}
