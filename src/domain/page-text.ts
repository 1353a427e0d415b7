/**
 * A page's running text with the box of every word, stored beside its OCR as a compact binary
 * derivative (pages/…/text.bin) for the one hot reader of OCR: placing search hits on the page.
 * Every hit of a results page may fall on a different page, so reading one must cost next to
 * nothing: the numbers are read as they lie (typed arrays over the file's bytes), the text and its
 * folded form are stored ready, and word objects are made only for those who ask for them.
 *
 * Layout, little-endian, every section starting on a 4-byte boundary:
 *   header  6 × u32   magic "DFPT", version, words, character boxes, UTF-16 units of text,
 *                     bytes per character-box number (2, or 4 when one lies outside 0–65535)
 *   spans   words × 10 i32   start, end, block, line, x, y, w, h, first character box, count
 *   chars   boxes × 4 u16    x, y, w, h of one character (i32 when they do not fit)
 *   text    UTF-16LE         the running text
 *   folded  UTF-16LE         foldAligned(text), offset for offset
 * Character boxes are most of a Chinese page (one per printed character): at 16 bits its text.bin
 * is ~35 % smaller (bench:page-text), so the same PAGE_TEXT_CACHE keeps more pages.
 */
import type { Box } from './region.ts';
import { foldAligned } from './fold.ts';
import { mergeAdjacentBoxes, type OcrText, type WordSpan } from './ocr-text.ts';

export const pageTextVersion = 3;
const magic = 0x54504644; // "DFPT"
const headerWords = 6;
const spanWidth = 10;
const utf16 = new TextDecoder('utf-16le');

/** A page text as read back: flat numbers, words made on demand. */
export interface PackedPageText {
  text: string;
  /** The text folded (domain/fold.ts), offset for offset: what search terms are found in. */
  folded: string;
  spans: Int32Array;
  chars: Int32Array | Uint16Array;
}

export function encodePageText(page: OcrText): Uint8Array<ArrayBuffer> {
  const boxes = page.words.reduce((n, word) => n + (word.chars?.length ?? 0), 0);
  const units = page.text.length;
  const fitsIn16Bits = (n: number) => n >= 0 && n <= 0xffff;
  const charWidth = page.words.every((word) => (word.chars ?? []).every((c) => fitsIn16Bits(c.x) && fitsIn16Bits(c.y) && fitsIn16Bits(c.w) && fitsIn16Bits(c.h))) ? 2 : 4;
  const ints = headerWords + page.words.length * spanWidth;
  const numbersBytes = ints * 4 + boxes * 4 * charWidth;
  const bytes = new Uint8Array(numbersBytes + units * 4);
  const numbers = new Int32Array(bytes.buffer, 0, ints);
  numbers.set([magic, pageTextVersion, page.words.length, boxes, units, charWidth]);
  const chars = charWidth === 2 ? new Uint16Array(bytes.buffer, ints * 4, boxes * 4) : new Int32Array(bytes.buffer, ints * 4, boxes * 4);
  let at = headerWords;
  let box = 0;
  for (const word of page.words) {
    const count = word.chars?.length ?? 0;
    numbers.set([word.start, word.end, word.block, word.line, word.box.x, word.box.y, word.box.w, word.box.h, box, count], at);
    at += spanWidth;
    for (const char of word.chars ?? []) {
      chars.set([char.x, char.y, char.w, char.h], box * 4);
      box++;
    }
  }
  writeUtf16(bytes, numbersBytes, page.text);
  writeUtf16(bytes, numbersBytes + units * 2, foldAligned(page.text));
  return bytes;
}

/** The page text back, or null when the bytes are not a page text this version wrote. */
export function decodePageText(bytes: Uint8Array): PackedPageText | null {
  if (bytes.byteLength < headerWords * 4 || bytes.byteOffset % 4 !== 0) return null;
  const header = new Int32Array(bytes.buffer, bytes.byteOffset, headerWords);
  const [mark, version, words, boxes, units, charWidth] = header as unknown as number[];
  if (mark !== magic || version !== pageTextVersion || words! < 0 || boxes! < 0 || units! < 0 || (charWidth !== 2 && charWidth !== 4)) return null;
  const ints = headerWords + words! * spanWidth;
  const numbersBytes = ints * 4 + boxes! * 4 * charWidth;
  if (bytes.byteLength !== numbersBytes + units! * 4) return null;
  const spans = new Int32Array(bytes.buffer, bytes.byteOffset + headerWords * 4, words! * spanWidth);
  const charsAt = bytes.byteOffset + ints * 4;
  const chars = charWidth === 2 ? new Uint16Array(bytes.buffer, charsAt, boxes! * 4) : new Int32Array(bytes.buffer, charsAt, boxes! * 4);
  const text = utf16.decode(bytes.subarray(numbersBytes, numbersBytes + units! * 2));
  const folded = utf16.decode(bytes.subarray(numbersBytes + units! * 2));
  for (let i = 0; i < words!; i++) {
    const first = spans[i * spanWidth + 8]!;
    const count = spans[i * spanWidth + 9]!;
    if (first < 0 || count < 0 || first + count > boxes!) return null;
  }
  return { text, folded, spans, chars };
}

/** The words as objects (the page viewer's OCR pane, IIIF annotations), made from the numbers. */
export function wordsOf(page: PackedPageText): WordSpan[] {
  const words: WordSpan[] = [];
  for (let at = 0; at < page.spans.length; at += spanWidth) {
    const s = page.spans;
    const word: WordSpan = { start: s[at]!, end: s[at + 1]!, block: s[at + 2]!, line: s[at + 3]!, box: { x: s[at + 4]!, y: s[at + 5]!, w: s[at + 6]!, h: s[at + 7]! } };
    const count = s[at + 9]!;
    if (count > 0) word.chars = Array.from({ length: count }, (_, c) => charBox(page, s[at + 8]! + c));
    words.push(word);
  }
  return words;
}

/**
 * The boxes of text[start, end): whole words where the range covers them, single characters
 * where it covers part of a word that has character boxes; adjacent boxes on a line merged.
 * Spans are in text order: a binary search finds the first, so only the words in range are read.
 */
export function boxesInRange(page: PackedPageText, start: number, end: number): Box[] {
  const { spans } = page;
  const count = spans.length / spanWidth;
  const found: { box: Box; line: number }[] = [];
  for (let i = firstWordEndingAfter(spans, start); i < count; i++) {
    const at = i * spanWidth;
    const wordStart = spans[at]!;
    const wordEnd = spans[at + 1]!;
    if (wordStart >= end) break;
    // Block and line as one number (a page has far fewer than 2^20 lines in a block).
    const line = spans[at + 2]! * 0x100000 + spans[at + 3]!;
    const characters = spans[at + 9]!;
    if ((wordStart >= start && wordEnd <= end) || characters === 0) {
      found.push({ box: { x: spans[at + 4]!, y: spans[at + 5]!, w: spans[at + 6]!, h: spans[at + 7]! }, line });
      continue;
    }
    // Part of a word: its characters (code points, as their boxes are) inside the range.
    let offset = wordStart;
    for (let c = 0; c < characters && offset < wordEnd; c++) {
      const width = page.text.codePointAt(offset)! > 0xffff ? 2 : 1;
      if (offset >= start && offset < end) found.push({ box: charBox(page, spans[at + 8]! + c), line });
      offset += width;
    }
  }
  return mergeAdjacentBoxes(found);
}

/**
 * Whether any word of text[start, end) overlaps one of the regions: the quick test that leaves
 * out, before their boxes are made, the matches printed outside an article.
 */
export function rangeMeetsRegions(page: PackedPageText, start: number, end: number, regions: readonly Box[]): boolean {
  const { spans } = page;
  const count = spans.length / spanWidth;
  for (let i = firstWordEndingAfter(spans, start); i < count && spans[i * spanWidth]! < end; i++) {
    const at = i * spanWidth;
    if (overlapsAny(regions, spans[at + 4]!, spans[at + 5]!, spans[at + 6]!, spans[at + 7]!)) return true;
  }
  return false;
}

/** Whether the box x, y, w, h overlaps one of the regions (called for every word a match touches: no allocation). */
function overlapsAny(regions: readonly Box[], x: number, y: number, w: number, h: number): boolean {
  for (const region of regions) {
    if (x < region.x + region.w && region.x < x + w && y < region.y + region.h && region.y < y + h) return true;
  }
  return false;
}

/** The first word that ends after `offset` (binary search over the spans, which are in text order). */
function firstWordEndingAfter(spans: Int32Array, offset: number): number {
  let low = 0;
  let high = spans.length / spanWidth;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (spans[mid * spanWidth + 1]! <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

function charBox(page: PackedPageText, index: number): Box {
  const at = index * 4;
  return { x: page.chars[at]!, y: page.chars[at + 1]!, w: page.chars[at + 2]!, h: page.chars[at + 3]! };
}

function writeUtf16(bytes: Uint8Array, offset: number, text: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, text.length * 2);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), true);
}
