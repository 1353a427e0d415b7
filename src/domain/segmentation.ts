/**
 * Article segmentation by layout, for pages whose delivery says nothing about articles: what a
 * person sees when cutting a page — rules and pictures in the image (when there is one), columns
 * and gutters, headlines by their size against the body text of their column, page furniture,
 * the reading order (columns left to right; right to left on vertical 竖排 pages) — from the image
 * and the OCR together. Articles never overlap: each is its share of column pieces. Measured
 * against people's cuts by scripts/measure-segmentation.ts (docs/SEGMENTATION.md).
 */
import type { Genre } from './article.ts';
import { atomsOf, isVerticalPage, type Atom } from './layout/atoms.ts';
import { assembleArticles, findFurniture, type Furniture, type UnitKind } from './layout/articles.ts';
import { continuationCues, type ContinuationCues } from './layout/continuations.ts';
import { frameFor, type Frame } from './layout/frame.ts';
import { findFrames, findPictures, findRules, type InkBitmap } from './layout/ink.ts';
import { xyCut, type FrameRule } from './layout/xy-cut.ts';
import type { PageOcr } from './page-ocr.ts';
import { unionBox, type Box } from './region.ts';

export type { InkBitmap } from './layout/ink.ts';

/** One unit layout analysis found on a page: an article, an advert, a picture, or page furniture. */
export interface SegmentedUnit {
  kind: UnitKind;
  /** The headline (主题) as the OCR read it ('' when the unit has none). */
  headline: string;
  /** 引题: smaller lines over the headline. */
  kicker?: string;
  /** 副题: smaller lines under it. */
  subtitle?: string;
  /** Page boxes in reading order, none overlapping another unit's. */
  regions: Box[];
  genre?: Genre;
  /** What the text says of where the article goes on or comes from (转第3版, continued from page 2). */
  cues: ContinuationCues;
}

/** Why drafting articles from a page would mislead a cataloguer more than help. */
export type Uncertainty = 'no_headlines' | 'mostly_untitled';

export interface PageSegmentation {
  units: SegmentedUnit[];
  vertical: boolean;
  /** Set when the drafts would be a worse start than a blank page: leave the page to a person. */
  uncertain?: Uncertainty;
}

export interface SegmentOptions {
  /** The page image as ink, for rules and pictures; without it the OCR alone is used. */
  bitmap?: InkBitmap;
  /** The first page of its issue: the one that may carry the paper's masthead. */
  firstPage?: boolean;
  /** Told how the page was cut, step by step (scripts/measure-segmentation.ts --trace). */
  trace?: (message: string) => void;
}

const genreOfKind: Partial<Record<UnitKind, Genre>> = { advertisement: 'advertisement', picture: 'photo', table: 'other' };

/** Units of one page, furniture included (callers that make articles leave it out). */
export function segmentLayout(ocr: PageOcr, options: SegmentOptions = {}): PageSegmentation {
  const vertical = isVerticalPage(ocr);
  const frame = frameFor(ocr.width, ocr.height, vertical);
  // A vertical page's running head or masthead is set across the top: no part of the turned frame's columns.
  const across = vertical ? topLinesAcross(ocr) : null;
  const { atoms, bodySize } = atomsOf(across ? across.rest : ocr, frame);
  if (atoms.every((atom) => atom.speck)) return { units: [], vertical };
  const pageRules = [
    ...(options.bitmap ? findRules(options.bitmap, { minLength: bodySize * 5, maxThickness: Math.max(3, bodySize * 0.35) }) : []),
    ...(ocr.zones ?? []).filter((zone) => zone.kind === 'separator' && Math.min(zone.box.w, zone.box.h) <= Math.max(3, bodySize * 0.35)).map((zone) => ({ orientation: zone.box.w >= zone.box.h ? ('horizontal' as const) : ('vertical' as const), box: zone.box })),
  ];
  // A stroke through a line of text is a crossing-out, not a separator.
  const lineBoxes = atoms.filter((atom) => atom.kind === 'line' && !atom.speck).map((atom) => frame.toPage(atom.box));
  const separators = pageRules.filter((rule) => !lineBoxes.some((box) => overlapsMiddle(rule.box, box)));
  const rules: FrameRule[] = separators.map((rule) => ({ orientation: vertical ? (rule.orientation === 'horizontal' ? 'vertical' : 'horizontal') : rule.orientation, box: frame.toFrame(rule.box) }));
  const pictures: Atom[] = options.bitmap
    ? findPictures(options.bitmap, ocr.blocks.flatMap((block) => block.lines.map((line) => line.box)), separators, { cell: Math.max(4, bodySize / 2), minSize: bodySize * 4 }).map((box, i) => ({
        id: atoms.length + i,
        kind: 'picture',
        box: frame.toFrame(box),
        size: 0,
        text: '',
        letters: 0,
        capitals: 0,
        parts: [],
        join: ' ',
        speck: false,
      }))
    : [];
  const all = [...atoms, ...pictures];
  const frames = findFrames(separators, Math.max(6, bodySize * 0.6)).map((box) => frame.toFrame(box));
  const layout = { bodySize, frameWidth: frame.frameWidth, frameHeight: frame.frameHeight, rules, latin: ocr.script === 'latin', firstPage: options.firstPage ?? false, frames };
  // Furniture first: a masthead's letters are no column's text, and no gutter runs through it.
  // It goes into the cut as one block, so that what stands beside it (an advert in the ear) keeps its place.
  // (In a vertical page's turned frame, the first line read is a headline at the right edge: never a running head.)
  const found: Furniture = across ? (across.lines.length > 0 ? furnitureAcross(across, atoms.length + pictures.length, frame, bodySize) : { kind: 'running-head', atoms: [], bottom: 0 }) : findFurniture(all, layout);
  const block: Atom[] =
    found.atoms.length === 0
      ? []
      : [{ id: all.length, kind: 'furniture', box: furnitureBox(found.atoms, all, frame), size: 0, text: found.atoms.map((a) => a.text).join(' '), letters: 0, capitals: 0, parts: [], join: ' ', speck: false }];
  const furniture = { ...found, atoms: block };
  const rest = all.filter((atom) => !found.atoms.includes(atom));
  const root = xyCut([...block, ...rest], { x: 0, y: 0, w: frame.frameWidth, h: frame.frameHeight }, { bodySize, rules, ids: { next: all.length + 1 }, ...(options.trace ? { trace: options.trace } : {}) });
  const { units } = assembleArticles(root, furniture, layout);
  const join = ocr.script === 'latin' ? ' ' : '';
  const uncertain = uncertaintyOf(units.filter((unit) => unit.kind === 'article').map((unit) => unit.headline.length > 0));
  return {
    vertical,
    ...(uncertain ? { uncertain } : {}),
    units: units.map((unit) => {
      const parts = headlineParts(unit.headline, join);
      const text = [...unit.headline, ...unit.body].map((atom) => atom.text).join(join);
      const genre = genreOfKind[unit.kind];
      return { kind: unit.kind, ...parts, regions: unit.regions.map((box) => frame.toPage(box)), ...(genre ? { genre } : {}), cues: continuationCues(text) };
    }),
  };
}

/** A vertical page's lines set across it near its top (title, date, page), apart from the rest of its OCR. */
function topLinesAcross(ocr: PageOcr): { lines: { box: Box; text: string }[]; rest: PageOcr } {
  const lines: { box: Box; text: string }[] = [];
  const limit = ocr.height * 0.12;
  const blocks = ocr.blocks.map((block) => ({
    ...block,
    lines: block.lines.filter((line) => {
      const top = !line.vertical && line.box.y + line.box.h <= limit && line.box.w > line.box.h;
      if (top) lines.push({ box: line.box, text: line.words.map((word) => word.text).join('') });
      return !top;
    }),
  }));
  return { lines, rest: { ...ocr, blocks: blocks.filter((block) => block.lines.length > 0) } };
}

/** Those lines as the page's furniture block, in the frame: a masthead when set large, else a running head. */
function furnitureAcross(across: { lines: { box: Box; text: string }[] }, id: number, frame: Frame, bodySize: number): Furniture {
  const box = unionBox(across.lines.map((line) => line.box))!;
  const large = across.lines.some((line) => line.box.h >= bodySize * 2);
  const block: Atom = { id, kind: 'furniture', box: frame.toFrame(box), size: 0, text: across.lines.map((line) => line.text).join(' '), letters: 0, capitals: 0, parts: [], join: '', speck: false };
  return { kind: large ? 'masthead' : 'running-head', atoms: [block], bottom: block.box.y + block.box.h };
}

/**
 * The furniture's band across the top of the page (the left edge of a vertical page's frame), or
 * only what its own text covers where an advert stands in the ear beside it.
 */
function furnitureBox(furniture: readonly Atom[], all: readonly Atom[], frame: Frame): Box {
  const own = unionBox(furniture.map((a) => a.box))!;
  if (frame.vertical) return { x: own.x, y: 0, w: own.w, h: frame.frameHeight };
  const ears = all.some((a) => a.kind === 'zone' && a.box.y < own.y + own.h && a.box.y + a.box.h > own.y);
  return ears ? own : { x: 0, y: own.y, w: frame.frameWidth, h: own.h };
}

/** The headline lines split by type size: the largest are the headline, smaller ones before it the kicker, after it the subtitle. */
function headlineParts(lines: readonly Atom[], join: string): { headline: string; kicker?: string; subtitle?: string } {
  const tidy = (atoms: readonly Atom[]): string => atoms.map((atom) => atom.text).join(join).replace(/\s+/g, ' ').trim();
  if (lines.length === 0) return { headline: '' };
  const largest = Math.max(...lines.map((atom) => atom.size));
  const main = lines.map((atom, i) => ({ atom, i })).filter(({ atom }) => atom.size >= largest * 0.85);
  const first = main[0]!.i;
  const last = main.at(-1)!.i;
  const kicker = tidy(lines.slice(0, first));
  const subtitle = tidy(lines.slice(last + 1));
  return { headline: tidy(lines.slice(first, last + 1)), ...(kicker ? { kicker } : {}), ...(subtitle ? { subtitle } : {}) };
}

/**
 * A page is left to a person when layout analysis found articles but no headline at all (columns
 * of text it could only cut by their white space), or when most of what it found has none.
 */
export function uncertaintyOf(articlesHaveHeadlines: readonly boolean[]): Uncertainty | undefined {
  const titled = articlesHaveHeadlines.filter(Boolean).length;
  const untitled = articlesHaveHeadlines.length - titled;
  if (articlesHaveHeadlines.length >= 2 && titled === 0) return 'no_headlines';
  if (untitled >= 4 && untitled > articlesHaveHeadlines.length * 0.6) return 'mostly_untitled';
  return undefined;
}

/** Whether a thin rule runs through the middle third of a text line's box (rather than above or below it). */
function overlapsMiddle(rule: Box, line: Box): boolean {
  const horizontal = rule.w >= rule.h;
  const [ruleFrom, ruleTo, lineFrom, lineTo] = horizontal ? [rule.x, rule.x + rule.w, line.x, line.x + line.w] : [rule.y, rule.y + rule.h, line.y, line.y + line.h];
  const along = Math.min(ruleTo, lineTo) - Math.max(ruleFrom, lineFrom);
  if (along < Math.min(ruleTo - ruleFrom, lineTo - lineFrom) * 0.3) return false;
  const [centre, from, size] = horizontal ? [rule.y + rule.h / 2, line.y, line.h] : [rule.x + rule.w / 2, line.x, line.w];
  return centre > from + size / 3 && centre < from + (size * 2) / 3;
}

/** @deprecated the shape the first heuristic returned; kept for the measurement's baselines. */
export interface ArticleCandidate {
  headline: string;
  regions: Box[];
}

/** Articles of a page (furniture left out), for callers that only want regions and headlines. */
export function segmentPage(ocr: PageOcr, options: SegmentOptions = {}): ArticleCandidate[] {
  return segmentLayout(ocr, options)
    .units.filter((unit) => unit.kind !== 'masthead' && unit.kind !== 'running-head')
    .map((unit) => ({ headline: unit.headline, regions: unit.regions }));
}

/** The "one article per OCR block" baseline: each block with some text is an article (specks dropped). */
export function oneArticlePerBlock(ocr: PageOcr): ArticleCandidate[] {
  return ocr.blocks
    .filter((block) => {
      const letters = block.lines.reduce((n, line) => n + line.words.reduce((m, word) => m + [...word.text.replace(/[^\p{L}\p{N}]/gu, '')].length, 0), 0);
      return block.lines.length >= 2 || letters >= 12;
    })
    .map((block) => ({ headline: '', regions: [unionBox(block.lines.map((line) => line.box)) ?? block.box] }));
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
