/**
 * A page's running text with the box of every word, stored beside its OCR as a compact
 * derivative (pages/…/text.json) for the one hot reader of OCR: placing search hits on the page.
 * The normalized OCR nests blocks, lines and words as objects; reading it back and laying it out
 * took ~15 ms for a 33,000-character page, once per hit page. Here the text is one string and the
 * spans are flat number arrays, so a page is read back in a fraction of that.
 *
 * spans: 8 numbers a word — start, end, block, line, x, y, w, h (offsets into the text, UTF-16).
 * chars: for the words that carry character boxes, 2 + 4n numbers each — the word's index, n,
 *        then x, y, w, h of each of its n characters in order; one run after another.
 */
import type { OcrText, WordSpan } from './ocr-text.ts';

export const pageTextVersion = 1;

export interface StoredPageText {
  v: typeof pageTextVersion;
  text: string;
  spans: number[];
  chars: number[];
}

export function encodePageText(page: OcrText): StoredPageText {
  const spans: number[] = [];
  const chars: number[] = [];
  page.words.forEach((word, index) => {
    spans.push(word.start, word.end, word.block, word.line, word.box.x, word.box.y, word.box.w, word.box.h);
    if (word.chars) {
      chars.push(index, word.chars.length);
      for (const box of word.chars) chars.push(box.x, box.y, box.w, box.h);
    }
  });
  return { v: pageTextVersion, text: page.text, spans, chars };
}

/** The page text back, or null when the data is not a page text this version wrote. */
export function decodePageText(data: unknown): OcrText | null {
  if (!isStoredPageText(data)) return null;
  const { text, spans, chars } = data;
  const words: WordSpan[] = [];
  for (let i = 0; i + 8 <= spans.length; i += 8) {
    words.push({ start: spans[i]!, end: spans[i + 1]!, block: spans[i + 2]!, line: spans[i + 3]!, box: { x: spans[i + 4]!, y: spans[i + 5]!, w: spans[i + 6]!, h: spans[i + 7]! } });
  }
  for (let i = 0; i + 2 <= chars.length; ) {
    const word = words[chars[i]!];
    const count = chars[i + 1]!;
    const boxes = [];
    for (let c = 0; c < count; c++) {
      const at = i + 2 + c * 4;
      boxes.push({ x: chars[at]!, y: chars[at + 1]!, w: chars[at + 2]!, h: chars[at + 3]! });
    }
    if (word) word.chars = boxes;
    i += 2 + count * 4;
  }
  return { text, words };
}

function isStoredPageText(data: unknown): data is StoredPageText {
  if (typeof data !== 'object' || data === null) return false;
  const candidate = data as Partial<StoredPageText>;
  return (
    candidate.v === pageTextVersion &&
    typeof candidate.text === 'string' &&
    Array.isArray(candidate.spans) &&
    candidate.spans.length % 8 === 0 &&
    Array.isArray(candidate.chars) &&
    candidate.spans.every((n) => typeof n === 'number') &&
    candidate.chars.every((n) => typeof n === 'number')
  );
}
