/**
 * The compact page text (pages/…/text.bin) reads back exactly as the OCR laid out: every fixture
 * page's text and every word's and character's box, so hits land where they did from the OCR.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldAligned } from '../../src/domain/fold.ts';
import { mergeAdjacentBoxes, ocrText, type OcrText } from '../../src/domain/ocr-text.ts';
import type { Box } from '../../src/domain/region.ts';
import { boxesInRange, decodePageText, encodePageText, wordsOf } from '../../src/domain/page-text.ts';
import { parseOcr } from '../../indexer/readers/parse-ocr.ts';

const root = join(import.meta.dirname, '..', '..');

/** The boxes of text[start, end) worked out word by word from the laid-out words: what the packed form must agree with. */
function boxesFromWords(page: OcrText, start: number, end: number): Box[] {
  const found: { box: Box; line: string }[] = [];
  for (const word of page.words) {
    if (word.end <= start || word.start >= end) continue;
    const line = `${word.block}:${word.line}`;
    if ((word.start >= start && word.end <= end) || !word.chars) {
      found.push({ box: word.box, line });
      continue;
    }
    let offset = word.start;
    [...page.text.slice(word.start, word.end)].forEach((char, index) => {
      if (word.chars![index] && offset >= start && offset < end) found.push({ box: word.chars![index]!, line });
      offset += char.length;
    });
  }
  return mergeAdjacentBoxes(found);
}

describe('compact page text', () => {
  it('reads back every fixture page as ocrText lays it out (ALTO with glyphs, hOCR, PaddleOCR lines, vertical text), and finds the same boxes', async () => {
    const truth = JSON.parse(await readFile(join(root, 'fixtures', 'ground-truth', 'pages.json'), 'utf8')) as { batch: string; width: number; height: number; ocr?: { file: string; format: string } }[];
    const pages = truth.filter((page) => page.ocr && page.ocr.format !== 'pdf');
    expect(pages.length).toBeGreaterThanOrEqual(6);
    let withChars = 0;
    let partWords = 0;
    for (const page of pages) {
      const ocr = parseOcr(page.ocr!.format as 'alto' | 'hocr' | 'paddle', new Uint8Array(await readFile(join(root, 'fixtures', page.batch, page.ocr!.file))), { imageWidth: page.width, imageHeight: page.height });
      const laidOut = ocrText(ocr);
      const stored = encodePageText(laidOut);
      const packed = decodePageText(stored)!;
      expect(packed.text, page.ocr!.file).toBe(laidOut.text);
      expect(packed.folded).toBe(foldAligned(laidOut.text));
      expect(wordsOf(packed)).toEqual(laidOut.words);
      expect(stored.byteLength).toBeLessThan(JSON.stringify(ocr).length);
      if (laidOut.words.some((word) => word.chars)) withChars++;
      // Every range that starts or ends inside a word, and whole runs of words, give the boxes the OCR gives.
      for (let start = 0; start < laidOut.text.length; start += 7) {
        for (const length of [1, 2, 5, 40]) {
          const end = Math.min(laidOut.text.length, start + length);
          expect(boxesInRange(packed, start, end), `${page.ocr!.file} ${start}-${end}`).toEqual(boxesFromWords(laidOut, start, end));
          if (length < 3 && laidOut.words.some((word) => word.chars && word.start < start && word.end > end)) partWords++;
        }
      }
    }
    expect(withChars).toBeGreaterThan(0);
    expect(partWords).toBeGreaterThan(0);
  });

  it('reads the numbers where they lie in a file read back from storage, at any 4-byte boundary', () => {
    const page = { text: '清远图书馆 𠀀報', words: [{ start: 0, end: 5, block: 0, line: 0, box: { x: 10, y: 20, w: 100, h: 20 }, chars: [0, 1, 2, 3, 4].map((i) => ({ x: 10 + i * 20, y: 20, w: 20, h: 20 })) }, { start: 6, end: 9, block: 0, line: 1, box: { x: 10, y: 50, w: 40, h: 20 } }] };
    const bytes = encodePageText(page);
    const shifted = new Uint8Array(bytes.byteLength + 8);
    shifted.set(bytes, 8);
    const packed = decodePageText(shifted.subarray(8))!;
    expect(packed.folded).toBe('清远图书馆 𠀀报');
    expect(boxesInRange(packed, 2, 4)).toEqual([{ x: 50, y: 20, w: 40, h: 20 }]);
    expect(boxesInRange(packed, 6, 9)).toEqual([{ x: 10, y: 50, w: 40, h: 20 }]);
  });

  it('refuses what it did not write, so the OCR is read instead', () => {
    const good = encodePageText({ text: 'x', words: [{ start: 0, end: 1, block: 0, line: 0, box: { x: 1, y: 1, w: 1, h: 1 } }] });
    expect(decodePageText(good)).not.toBeNull();
    expect(decodePageText(new Uint8Array(0))).toBeNull();
    expect(decodePageText(new TextEncoder().encode('{"v":1,"text":"x","spans":[],"chars":[]}'))).toBeNull();
    expect(decodePageText(good.subarray(0, good.byteLength - 2))).toBeNull();
    const otherVersion = good.slice();
    new DataView(otherVersion.buffer).setInt32(4, 1, true);
    expect(decodePageText(otherVersion)).toBeNull();
    const badCharacters = good.slice();
    new DataView(badCharacters.buffer).setInt32((6 + 9) * 4, 3, true); // the word claims 3 character boxes of none
    expect(decodePageText(badCharacters)).toBeNull();
    expect(decodePageText(encodePageText({ text: '', words: [] }))).toEqual({ text: '', folded: '', spans: new Int32Array(0), chars: new Uint16Array(0) });
    const otherWidth = good.slice();
    new DataView(otherWidth.buffer).setInt32(5 * 4, 3, true);
    expect(decodePageText(otherWidth)).toBeNull();
  });

  it('keeps character boxes in 16 bits, and in 32 where one does not fit (a map scanned wider than 65,535 pixels, a box off the page)', () => {
    const word = (chars: Box[]) => ({ text: '清远', words: [{ start: 0, end: 2, block: 0, line: 0, box: { x: 10, y: 20, w: 40, h: 20 }, chars }] });
    const small = word([{ x: 10, y: 20, w: 20, h: 20 }, { x: 30, y: 20, w: 20, h: 20 }]);
    for (const chars of [
      [{ x: 70_000, y: 20, w: 20, h: 20 }, { x: 70_020, y: 20, w: 20, h: 20 }],
      [{ x: -4, y: 20, w: 20, h: 20 }, { x: 16, y: 20, w: 20, h: 20 }],
    ]) {
      const wide = encodePageText(word(chars));
      expect(wide.byteLength).toBe(encodePageText(small).byteLength + 2 * 4 * 2);
      const packed = decodePageText(wide)!;
      expect(packed.chars).toBeInstanceOf(Int32Array);
      expect(boxesInRange(packed, 1, 2)).toEqual([chars[1]]);
      expect(wordsOf(packed)[0]!.chars).toEqual(chars);
    }
    const packed = decodePageText(encodePageText(small))!;
    expect(packed.chars).toBeInstanceOf(Uint16Array);
    expect(boxesInRange(packed, 1, 2)).toEqual([{ x: 30, y: 20, w: 20, h: 20 }]);
  });
});
