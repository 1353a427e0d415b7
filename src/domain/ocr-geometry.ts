/**
 * Geometry helpers for OCR: character boxes derived from a line or word box (Chinese OCR often
 * gives only line boxes), and boxes from quadrilaterals (PaddleOCR). Pure functions.
 */
import type { PageOcr } from './page-ocr.ts';
import type { Box } from './region.ts';

/** Full-width characters (汉字, 全角 punctuation) take one em; Latin letters and digits about half. */
export function characterWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x1100) return 0.5;
  if (code >= 0xff61 && code <= 0xffdc) return 0.5; // half-width katakana and hangul forms
  return 1;
}

/**
 * One box per character of `text` inside `box`, in proportion to each character's width: left to
 * right for horizontal text, top to bottom for vertical (竖排) text.
 */
export function deriveCharBoxes(text: string, box: Box, vertical = false): Box[] {
  const chars = [...text];
  if (chars.length === 0) return [];
  const weights = chars.map(characterWidth);
  const total = weights.reduce((a, b) => a + b, 0);
  const length = vertical ? box.h : box.w;
  const boxes: Box[] = [];
  let used = 0;
  let position = 0;
  chars.forEach((_, index) => {
    used += weights[index] ?? 1;
    const next = index === chars.length - 1 ? length : Math.round((used / total) * length);
    const size = Math.max(1, next - position);
    boxes.push(vertical ? { x: box.x, y: box.y + position, w: box.w, h: size } : { x: box.x + position, y: box.y, w: size, h: box.h });
    position = next;
  });
  return boxes;
}

/** The axis-aligned box around a polygon of [x, y] points, clamped to the image. */
export function boxOfPolygon(points: readonly (readonly [number, number])[], width: number, height: number): Box {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const left = Math.max(0, Math.floor(Math.min(...xs)));
  const top = Math.max(0, Math.floor(Math.min(...ys)));
  const right = Math.min(width, Math.ceil(Math.max(...xs)));
  const bottom = Math.min(height, Math.ceil(Math.max(...ys)));
  return { x: left, y: top, w: Math.max(1, right - left), h: Math.max(1, bottom - top) };
}

/** Whether a line of text runs top to bottom: a tall, narrow box holding more than one character. */
export function looksVertical(box: Box, text: string): boolean {
  return [...text].length > 1 && box.h > box.w * 1.5;
}

/** OCR read from an image of another size, its boxes and outlines scaled onto a `width` × `height` page. */
export function scaleOcrTo(ocr: PageOcr, width: number, height: number): PageOcr {
  if (ocr.width === width && ocr.height === height) return ocr;
  const sx = width / ocr.width;
  const sy = height / ocr.height;
  const box = (b: Box): Box => {
    const x = Math.min(width - 1, Math.round(b.x * sx));
    const y = Math.min(height - 1, Math.round(b.y * sy));
    return { x, y, w: Math.max(1, Math.min(width - x, Math.round(b.w * sx))), h: Math.max(1, Math.min(height - y, Math.round(b.h * sy))) };
  };
  return {
    ...ocr,
    width,
    height,
    blocks: ocr.blocks.map((block) => ({
      ...block,
      box: box(block.box),
      lines: block.lines.map((line) => ({
        ...line,
        box: box(line.box),
        ...(line.polygon ? { polygon: line.polygon.map(([x, y]): [number, number] => [Math.round(x * sx), Math.round(y * sy)]) } : {}),
        words: line.words.map((word) => ({ ...word, box: box(word.box), ...(word.chars ? { chars: word.chars.map(box) } : {}) })),
      })),
    })),
    ...(ocr.zones ? { zones: ocr.zones.map((zone) => ({ ...zone, box: box(zone.box) })) } : {}),
  };
}
