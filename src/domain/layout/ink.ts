/**
 * What the page image shows beyond the OCR: separator rules (long thin strokes, across or down the
 * page) and pictures (ink where no text is). The image comes in as one byte of grey per pixel at a
 * working size (`scale` bitmap pixels per page pixel); everything found is given in page pixels.
 * Pure functions over typed arrays: the adapter that decodes the image lives at the edge.
 */
import type { Box } from '../region.ts';

/** A page as ink (1) and paper (0). */
export interface InkBitmap {
  width: number;
  height: number;
  /** Bitmap pixels per page pixel (0.4 for a 5,000-px page worked at 2,000 px). */
  scale: number;
  ink: Uint8Array;
}

export interface Rule {
  orientation: 'horizontal' | 'vertical';
  /** The rule's box in page pixels. */
  box: Box;
}

/** Otsu's threshold over a grey histogram: the level that best splits ink from paper. */
export function otsuThreshold(grey: Uint8Array): number {
  const histogram = new Float64Array(256);
  for (const value of grey) histogram[value]!++;
  const total = grey.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * histogram[i]!;
  let sumBackground = 0;
  let weightBackground = 0;
  let best = 0;
  let threshold = 127;
  for (let i = 0; i < 256; i++) {
    weightBackground += histogram[i]!;
    if (weightBackground === 0) continue;
    const weightForeground = total - weightBackground;
    if (weightForeground === 0) break;
    sumBackground += i * histogram[i]!;
    const meanBackground = sumBackground / weightBackground;
    const meanForeground = (sum - sumBackground) / weightForeground;
    const between = weightBackground * weightForeground * (meanBackground - meanForeground) ** 2;
    if (between > best) {
      best = between;
      threshold = i;
    }
  }
  return threshold;
}

/** Grey pixels (0 black … 255 white) as ink at Otsu's threshold; a page with next to no contrast is all paper. */
export function inkFromGrey(grey: Uint8Array, width: number, height: number, scale: number): InkBitmap {
  const threshold = Math.min(otsuThreshold(grey), 200);
  const ink = new Uint8Array(width * height);
  let dark = 0;
  for (let i = 0; i < grey.length; i++) {
    if (grey[i]! <= threshold) {
      ink[i] = 1;
      dark++;
    }
  }
  // A blank stand-in or an all-grey scan: Otsu splits noise, which is no ink at all.
  if (dark > grey.length * 0.6) ink.fill(0);
  return { width, height, scale, ink };
}

interface Run {
  start: number;
  end: number;
  line: number;
}

/**
 * Rules: runs of ink at least `minLength` page pixels long (gaps of a pixel or two bridged, as
 * scans break thin lines), stacked no thicker than `maxThickness`. Letters never make runs that
 * long; a picture does, but it is thick, so it is no rule.
 */
export function findRules(bitmap: InkBitmap, options: { minLength: number; maxThickness: number }): Rule[] {
  // Pieces half as long are kept at first: a slightly slanted or broken rule comes out of the scan in pieces.
  const minLength = Math.max(8, Math.round(options.minLength * bitmap.scale * 0.5));
  const maxThickness = Math.max(2, Math.round(options.maxThickness * bitmap.scale));
  const horizontal = stackRuns(longRuns(bitmap, 'horizontal', minLength), maxThickness);
  const vertical = stackRuns(longRuns(bitmap, 'vertical', minLength), maxThickness);
  const toPage = (value: number): number => Math.round(value / bitmap.scale);
  const pieces = [
    ...horizontal.map((r): Rule => ({ orientation: 'horizontal', box: { x: toPage(r.start), y: toPage(r.first), w: Math.max(1, toPage(r.end - r.start)), h: Math.max(1, toPage(r.last - r.first + 1)) } })),
    ...vertical.map((r): Rule => ({ orientation: 'vertical', box: { x: toPage(r.first), y: toPage(r.start), w: Math.max(1, toPage(r.last - r.first + 1)), h: Math.max(1, toPage(r.end - r.start)) } })),
  ];
  return joinCollinear(pieces, { offset: Math.max(3, options.maxThickness), gap: options.minLength * 0.6 }).filter((rule) => (rule.orientation === 'horizontal' ? rule.box.w : rule.box.h) >= options.minLength);
}

/** Pieces of one rule — in line with each other give or take a slant, with short breaks — become one. */
export function joinCollinear(rules: readonly Rule[], tolerance: { offset: number; gap: number }): Rule[] {
  const joined: Rule[] = [];
  for (const orientation of ['horizontal', 'vertical'] as const) {
    const along = (box: Rule['box']) => (orientation === 'horizontal' ? { start: box.x, end: box.x + box.w, middle: box.y + box.h / 2 } : { start: box.y, end: box.y + box.h, middle: box.x + box.w / 2 });
    const pieces = rules.filter((r) => r.orientation === orientation).sort((a, b) => along(a.box).start - along(b.box).start);
    const open: Rule[] = [];
    for (const piece of pieces) {
      const p = along(piece.box);
      const target = open.find((rule) => {
        const r = along(rule.box);
        return Math.abs(r.middle - p.middle) <= tolerance.offset + 0.02 * Math.max(0, p.start - r.end) && p.start - r.end <= tolerance.gap;
      });
      if (!target) {
        open.push({ orientation, box: { ...piece.box } });
        continue;
      }
      const left = Math.min(target.box.x, piece.box.x);
      const top = Math.min(target.box.y, piece.box.y);
      const rightEdge = Math.max(target.box.x + target.box.w, piece.box.x + piece.box.w);
      const bottomEdge = Math.max(target.box.y + target.box.h, piece.box.y + piece.box.h);
      target.box = { x: left, y: top, w: rightEdge - left, h: bottomEdge - top };
    }
    joined.push(...open);
  }
  return joined;
}

function longRuns(bitmap: InkBitmap, direction: 'horizontal' | 'vertical', minLength: number): Run[] {
  const { width, height, ink } = bitmap;
  const lines = direction === 'horizontal' ? height : width;
  const length = direction === 'horizontal' ? width : height;
  const at = direction === 'horizontal' ? (line: number, i: number) => ink[line * width + i]! : (line: number, i: number) => ink[i * width + line]!;
  const runs: Run[] = [];
  for (let line = 0; line < lines; line++) {
    let start = -1;
    let gap = 0;
    for (let i = 0; i <= length; i++) {
      const on = i < length && at(line, i) === 1;
      if (on) {
        if (start < 0) start = i;
        gap = 0;
      } else if (start >= 0) {
        gap++;
        if (gap > 2 || i === length) {
          const end = i - gap + 1;
          if (end - start >= minLength) runs.push({ start, end, line });
          start = -1;
          gap = 0;
        }
      }
    }
  }
  return runs;
}

/** Runs on neighbouring lines that cover each other become one stroke; strokes thicker than `maxThickness` are not rules. */
function stackRuns(runs: Run[], maxThickness: number): { start: number; end: number; first: number; last: number }[] {
  const open: { start: number; end: number; first: number; last: number }[] = [];
  const done: typeof open = [];
  for (const run of runs) {
    const stroke = open.find((s) => s.last >= run.line - 1 && Math.min(s.end, run.end) - Math.max(s.start, run.start) >= 0.6 * Math.min(s.end - s.start, run.end - run.start));
    if (stroke) {
      stroke.start = Math.min(stroke.start, run.start);
      stroke.end = Math.max(stroke.end, run.end);
      stroke.last = run.line;
    } else {
      open.push({ start: run.start, end: run.end, first: run.line, last: run.line });
    }
    // Strokes no longer growing are finished.
    for (let i = open.length - 1; i >= 0; i--) {
      if (open[i]!.last < run.line - 1) done.push(...open.splice(i, 1));
    }
  }
  done.push(...open);
  return done.filter((s) => s.last - s.first + 1 <= maxThickness);
}

/**
 * Pictures: connected areas of ink that no text box covers, on a grid of `cell` page pixels, at
 * least `minSize` page pixels both ways. Rules and text are masked out first.
 */
export function findPictures(bitmap: InkBitmap, text: readonly Box[], rules: readonly Rule[], options: { cell: number; minSize: number }): Box[] {
  const cell = Math.max(2, Math.round(options.cell * bitmap.scale));
  const columns = Math.ceil(bitmap.width / cell);
  const rows = Math.ceil(bitmap.height / cell);
  const counts = new Uint32Array(columns * rows);
  for (let y = 0; y < bitmap.height; y++) {
    const row = Math.floor(y / cell) * columns;
    for (let x = 0; x < bitmap.width; x++) if (bitmap.ink[y * bitmap.width + x]) counts[row + Math.floor(x / cell)]!++;
  }
  const inky = new Uint8Array(columns * rows);
  for (let i = 0; i < inky.length; i++) if (counts[i]! >= cell * cell * 0.15) inky[i] = 1;
  const mask = (box: Box, margin: number): void => {
    const x0 = Math.max(0, Math.floor(((box.x - margin) * bitmap.scale) / cell));
    const y0 = Math.max(0, Math.floor(((box.y - margin) * bitmap.scale) / cell));
    const x1 = Math.min(columns, Math.ceil(((box.x + box.w + margin) * bitmap.scale) / cell));
    const y1 = Math.min(rows, Math.ceil(((box.y + box.h + margin) * bitmap.scale) / cell));
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) inky[y * columns + x] = 0;
  };
  for (const box of text) mask(box, options.cell / 2);
  for (const rule of rules) mask(rule.box, options.cell / 2);
  const seen = new Uint8Array(columns * rows);
  const pictures: Box[] = [];
  const stack: number[] = [];
  for (let start = 0; start < inky.length; start++) {
    if (!inky[start] || seen[start]) continue;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const index = stack.pop()!;
      const x = index % columns;
      const y = Math.floor(index / columns);
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
      for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= columns || ny >= rows) continue;
        const next = ny * columns + nx;
        if (inky[next] && !seen[next]) {
          seen[next] = 1;
          stack.push(next);
        }
      }
    }
    // The grid is coarse: the picture's box is the ink inside the cells found (a border cell is mostly paper).
    const tight = inkExtent(bitmap, x0 * cell, y0 * cell, Math.min(bitmap.width, (x1 + 1) * cell), Math.min(bitmap.height, (y1 + 1) * cell));
    if (!tight) continue;
    const box = { x: Math.round(tight.x0 / bitmap.scale), y: Math.round(tight.y0 / bitmap.scale), w: Math.round((tight.x1 - tight.x0) / bitmap.scale), h: Math.round((tight.y1 - tight.y0) / bitmap.scale) };
    if (box.w >= options.minSize && box.h >= options.minSize) pictures.push(box);
  }
  return pictures;
}

/** The rows and columns of a bitmap area that hold at least a little ink (2 % of their length): the area trimmed of paper. */
function inkExtent(bitmap: InkBitmap, left: number, top: number, rightEdge: number, bottomEdge: number): { x0: number; y0: number; x1: number; y1: number } | null {
  const rows = new Uint32Array(bottomEdge - top);
  const columns = new Uint32Array(rightEdge - left);
  for (let y = top; y < bottomEdge; y++) {
    for (let x = left; x < rightEdge; x++) {
      if (!bitmap.ink[y * bitmap.width + x]) continue;
      rows[y - top]!++;
      columns[x - left]!++;
    }
  }
  const first = (counts: Uint32Array, need: number): number => counts.findIndex((n) => n > need);
  const last = (counts: Uint32Array, need: number): number => counts.length - 1 - [...counts].reverse().findIndex((n) => n > need);
  const rowNeed = (rightEdge - left) * 0.02;
  const columnNeed = (bottomEdge - top) * 0.02;
  const y0 = first(rows, rowNeed);
  const x0 = first(columns, columnNeed);
  if (y0 < 0 || x0 < 0) return null;
  return { x0: left + x0, y0: top + y0, x1: left + last(columns, columnNeed) + 1, y1: top + last(rows, rowNeed) + 1 };
}

/**
 * Frames: rectangles whose four sides are rules. A side may be part of a longer rule (the left
 * side of a boxed story and of the advert under it are one stroke; a rule across may run on past
 * the frame, where it also divides the articles beside it), so each side need only cover its edge.
 * Articles in a box (文章框) and adverts are drawn so.
 */
export function findFrames(rules: readonly Rule[], slack: number): Rule['box'][] {
  const across = rules.filter((r) => r.orientation === 'horizontal').sort((a, b) => a.box.y - b.box.y);
  const down = rules.filter((r) => r.orientation === 'vertical').sort((a, b) => a.box.x - b.box.x);
  const coversX = (rule: Rule, from: number, to: number): boolean => rule.box.x <= from + slack && rule.box.x + rule.box.w >= to - slack;
  const coversY = (rule: Rule, from: number, to: number): boolean => rule.box.y <= from + slack && rule.box.y + rule.box.h >= to - slack;
  const frames: Rule['box'][] = [];
  for (const top of across) {
    found: for (const base of across) {
      if (base.box.y <= top.box.y + slack * 4) continue;
      const y0 = top.box.y;
      const y1 = base.box.y + base.box.h;
      const sides = down.filter((d) => coversY(d, y0, y1));
      for (let l = 0; l < sides.length; l++) {
        for (let r = sides.length - 1; r > l; r--) {
          const left = sides[l]!;
          const right = sides[r]!;
          const x0 = left.box.x;
          const x1 = right.box.x + right.box.w;
          if (x1 - x0 < slack * 4 || !coversX(top, x0, x1) || !coversX(base, x0, x1)) continue;
          // The narrowest frame between these two rules across: no side rule inside it.
          const inner = sides.filter((d) => d.box.x > x0 + slack && d.box.x + d.box.w < x1 - slack);
          if (inner.length > 0) continue;
          frames.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
          break found;
        }
      }
    }
  }
  // A frame inside another (a double rule) counts once, as the outer one.
  return frames.filter((f) => !frames.some((g) => g !== f && g.x <= f.x && g.y <= f.y && g.x + g.w >= f.x + f.w && g.y + g.h >= f.y + f.h));
}
