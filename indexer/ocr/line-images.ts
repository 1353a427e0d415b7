/**
 * Cutting a detected line out of the page as a recognizer wants it: level, reading left to right,
 * with where each part of it is on the page. Vertical lines (竖排) either turn a quarter or have
 * their characters cut out and set upright side by side, small vertical punctuation moved where
 * horizontal punctuation sits.
 */
import { envelope, type TextRegion } from '../../src/domain/ocr/text-regions.ts';
import type { Box } from '../../src/domain/region.ts';
import type { GreyImage } from '../../src/ports.ts';
import { crop, rotate, turnLeft } from './raster.ts';

export interface LineImage {
  /** Grey pixels of the line, level, reading left to right, at the page's own scale. */
  data: Uint8Array;
  width: number;
  height: number;
  /** Where the line is on the page and how the read image maps back onto it. */
  vertical: boolean;
  /** Page box of the line (its envelope). */
  box: Box;
  /** For stitched vertical lines: the page y range of each character cell, in reading order. */
  cells?: [number, number][];
}

/**
 * The line's pixels, level and reading left to right: a slanted line turned level; a vertical
 * line turned a quarter ('rotate', as PaddleOCR's recognizer was trained) or cut into its
 * character cells set upright side by side ('stitch', for recognizers that read only upright characters).
 */
export function lineImage(image: GreyImage, region: TextRegion, verticalMode: 'stitch' | 'rotate'): LineImage {
  const vertical = Math.abs(Math.abs(region.angle) - 90) < 20;
  const box = envelope(region.polygon, image.width, image.height);
  const slant = vertical ? region.angle - Math.sign(region.angle) * 90 : region.angle;
  let level = crop(image, box);
  if (Math.abs(slant) >= 1) {
    // A slanted line: its envelope turned level, then its own rectangle cut from the middle.
    const turned = rotate(level, -slant);
    const along = Math.min(turned.width, Math.round(vertical ? region.thickness : region.length));
    const across = Math.min(turned.height, Math.round(vertical ? region.length : region.thickness));
    level = crop(turned, { x: Math.max(0, Math.round((turned.width - along) / 2)), y: Math.max(0, Math.round((turned.height - across) / 2)), w: Math.max(1, along), h: Math.max(1, across) });
  }
  if (!vertical) return { ...level, vertical, box };
  if (verticalMode === 'rotate') return { ...turnLeft(level), vertical, box };
  // Stitched: the column cut into character cells, set side by side as a level line (the edges of
  // neighbouring columns the crop took in left out).
  const column = inkColumn(level);
  const cells = characterCells(level, column.right - column.left);
  const left = Math.max(0, column.left - 3);
  const side = Math.min(level.width, column.right + 3) - left;
  const stripWidth = side * cells.length;
  const paper = Math.min(255, paperLevel(level) + 24);
  const strip = new Uint8Array(side * stripWidth).fill(paper);
  cells.forEach(([from, to], k) => {
    const cell = crop(level, { x: left, y: from, w: side, h: Math.min(to - from, side) });
    const mark = smallMark(cell, paper);
    // Vertical punctuation (︐ ︒ ︑) sits in the top right of its square; the recognizer knows it at the bottom left.
    const [dx, dy] = mark ? [Math.round(side * 0.1) - mark.x, Math.round(side * 0.9) - (mark.y + mark.h)] : [0, Math.max(0, Math.round((side - cell.height) / 2))];
    for (let y = 0; y < cell.height; y++) {
      const row = y + dy;
      if (row < 0 || row >= side) continue;
      for (let x = 0; x < side; x++) {
        const column = x + dx;
        if (column < 0 || column >= side) continue;
        strip[row * stripWidth + k * side + column] = cell.data[y * side + x]!;
      }
    }
  });
  return { data: strip, width: stripWidth, height: side, vertical, box, cells: cells.map(([from, to]) => [box.y + from, box.y + to]) };
}

/**
 * Where a vertical line's own ink is across its crop: the run of inked pixel columns around the
 * middle, small gaps bridged, so the edges of the columns beside it are left out.
 */
function inkColumn(level: GreyImage): { left: number; right: number } {
  const { data, width, height } = level;
  const columns = new Float64Array(width);
  const paper = paperLevel(level);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) columns[x] = columns[x]! + Math.max(0, paper - data[y * width + x]!);
  const strongest = Math.max(...columns);
  const inked = (x: number) => columns[x]! > strongest * 0.05;
  let middle = Math.floor(width / 2);
  // The middle may fall in a stroke-free column of the glyphs: start from the nearest inked one.
  for (let d = 0; d < width / 2 && !inked(middle); d++) middle = inked(Math.floor(width / 2) + d) ? Math.floor(width / 2) + d : Math.floor(width / 2) - d;
  const bridged = (x: number, step: number) => inked(x) || inked(x + step) || inked(x + 2 * step);
  let left = middle;
  while (left > 0 && bridged(left - 1, -1)) left--;
  let right = middle + 1;
  while (right < width && bridged(right, 1)) right++;
  return { left, right };
}

/**
 * A vertical line's character cells (top, bottom) in line pixels. Characters are set in square
 * cells about as tall as the printed characters are wide: from the top of the ink, each cut goes
 * at the emptiest row between 0.7 and 1.3 character heights below the last, nearest one height
 * where several rows are as empty — so a cell holds one character, not halves of two.
 */
function characterCells(level: GreyImage, em: number): [number, number][] {
  const { data, width, height } = level;
  const rows = new Float64Array(height);
  const paper = paperLevel(level);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rows[y] = rows[y]! + Math.max(0, paper - data[y * width + x]!);
  em = Math.max(4, em);
  const rowInk = Math.max(...rows);
  const faint = rowInk * 0.02;
  let top = 0;
  while (top < height - 1 && rows[top]! <= faint) top++;
  let bottom = height - 1;
  while (bottom > top && rows[bottom]! <= faint) bottom--;
  const cuts = [Math.max(0, top - 2)];
  while (bottom - cuts.at(-1)! > 1.3 * em) {
    const previous = cuts.at(-1)!;
    const expected = previous + em;
    let least = Infinity;
    for (let y = Math.round(previous + 0.7 * em); y <= Math.min(height - 1, Math.round(previous + 1.3 * em)); y++) least = Math.min(least, rows[y]!);
    let best = -1;
    for (let y = Math.round(previous + 0.7 * em); y <= Math.min(height - 1, Math.round(previous + 1.3 * em)); y++) {
      if (rows[y]! <= least + rowInk * 0.02 && (best < 0 || Math.abs(y - expected) < Math.abs(best - expected))) best = y;
    }
    cuts.push(best < 0 ? Math.round(expected) : best);
  }
  cuts.push(Math.min(height, bottom + 3));
  return cuts.slice(0, -1).map((from, k) => [from, cuts[k + 1]!] as [number, number]).filter(([from, to]) => to - from >= 2);
}

/** The box of the ink in a character cell when it is a small mark (a comma, a full stop), not a character. */
function smallMark(cell: GreyImage, paper: number): { x: number; y: number; w: number; h: number } | null {
  const dark = paper - 60;
  let [x0, y0, x1, y1] = [cell.width, cell.height, -1, -1];
  for (let y = 0; y < cell.height; y++) {
    for (let x = 0; x < cell.width; x++) {
      if (cell.data[y * cell.width + x]! >= dark) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  if (x1 < 0) return null;
  const limit = cell.width * 0.4;
  return x1 - x0 + 1 <= limit && y1 - y0 + 1 <= limit ? { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 } : null;
}

/** The grey of the paper (and what shows through it) in a crop: a little darker than its lightest tenth. */
function paperLevel(level: GreyImage): number {
  const histogram = new Uint32Array(256);
  for (const value of level.data) histogram[value]!++;
  let seen = 0;
  let value = 255;
  while (value > 0 && seen + histogram[value]! < level.data.length * 0.1) seen += histogram[value--]!;
  return value - 24;
}
