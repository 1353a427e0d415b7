/**
 * The compact page text (pages/…/text.json) reads back exactly as the OCR laid out: every fixture
 * page's text and every word's and character's box, so hits land where they did from the OCR.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ocrText } from '../../src/domain/ocr-text.ts';
import { decodePageText, encodePageText } from '../../src/domain/page-text.ts';
import { parseOcr } from '../../indexer/readers/parse-ocr.ts';

const root = join(import.meta.dirname, '..', '..');

describe('compact page text', () => {
  it('reads back every fixture page as ocrText lays it out (ALTO with glyphs, hOCR, PaddleOCR lines, vertical text)', async () => {
    const truth = JSON.parse(await readFile(join(root, 'fixtures', 'ground-truth', 'pages.json'), 'utf8')) as { batch: string; width: number; height: number; ocr?: { file: string; format: string } }[];
    const pages = truth.filter((page) => page.ocr && page.ocr.format !== 'pdf');
    expect(pages.length).toBeGreaterThanOrEqual(6);
    let withChars = 0;
    for (const page of pages) {
      const ocr = parseOcr(page.ocr!.format as 'alto' | 'hocr' | 'paddle', new Uint8Array(await readFile(join(root, 'fixtures', page.batch, page.ocr!.file))), { imageWidth: page.width, imageHeight: page.height });
      const laidOut = ocrText(ocr);
      const stored = JSON.stringify(encodePageText(laidOut));
      expect(decodePageText(JSON.parse(stored)), page.ocr!.file).toEqual(laidOut);
      if (laidOut.words.some((word) => word.chars)) withChars++;
      expect(stored.length).toBeLessThan(JSON.stringify(ocr).length);
    }
    expect(withChars).toBeGreaterThan(0);
  });

  it('refuses what it did not write, so the OCR is read instead', () => {
    expect(decodePageText(null)).toBeNull();
    expect(decodePageText({ v: 2, text: '', spans: [], chars: [] })).toBeNull();
    expect(decodePageText({ v: 1, text: 'x', spans: [0, 1, 0, 0, 1, 1, 1], chars: [] })).toBeNull();
    expect(decodePageText({ v: 1, text: 'x', spans: ['0'], chars: [] })).toBeNull();
    expect(decodePageText({ v: 1, text: '', spans: [], chars: [] })).toEqual({ text: '', words: [] });
  });
});
