import { describe, expect, it } from 'vitest';
import { characterWidth, deriveCharBoxes } from '../../../src/domain/ocr-geometry.ts';
import { headlineOf, ocrText, titleFromCut, type OcrText } from '../../../src/domain/ocr-text.ts';
import { boxesInRange, decodePageText, encodePageText } from '../../../src/domain/page-text.ts';
import type { PageOcr } from '../../../src/domain/page-ocr.ts';

/** Boxes as search finds them: through the compact page text stored beside the OCR. */
const boxesForRange = (text: OcrText, start: number, end: number) => boxesInRange(decodePageText(encodePageText(text))!, start, end);

const page = (script: PageOcr['script'], lines: { text: string; x: number; y: number }[][]): PageOcr => ({
  width: 1000,
  height: 1000,
  source: { format: 'alto' },
  script,
  blocks: lines.map((block) => ({
    box: { x: 0, y: 0, w: 500, h: 500 },
    lines: [
      {
        box: { x: 0, y: block[0]!.y, w: 500, h: 20 },
        words: block.map((w) => ({ text: w.text, box: { x: w.x, y: w.y, w: [...w.text].length * 20, h: 20 }, chars: deriveCharBoxes(w.text, { x: w.x, y: w.y, w: [...w.text].length * 20, h: 20 }) })),
      },
    ],
  })),
});

describe('ocrText', () => {
  it('runs Chinese on without spaces and separates blocks by a blank line', () => {
    const ocr = page('cjk', [[{ text: '清远市', x: 0, y: 0 }, { text: '图书馆', x: 60, y: 0 }], [{ text: '北江', x: 0, y: 100 }]]);
    expect(ocrText(ocr).text).toBe('清远市图书馆\n\n北江');
  });

  it('joins a Chinese word broken across lines in flow, keeps the break for display', () => {
    const ocr: PageOcr = {
      ...page('cjk', []),
      blocks: [
        {
          box: { x: 0, y: 0, w: 100, h: 50 },
          lines: [
            { box: { x: 0, y: 0, w: 100, h: 20 }, words: [{ text: '清远日报1', box: { x: 0, y: 0, w: 90, h: 20 } }] },
            { box: { x: 0, y: 25, w: 100, h: 20 }, words: [{ text: '990年', box: { x: 0, y: 25, w: 50, h: 20 } }] },
          ],
        },
      ],
    };
    expect(ocrText(ocr).text).toBe('清远日报1990年');
    expect(ocrText(ocr, { layout: 'lines' }).text).toBe('清远日报1\n990年');
  });

  it('spaces Latin words and mends a word hyphenated at a line end', () => {
    const ocr: PageOcr = {
      ...page('latin', []),
      blocks: [
        {
          box: { x: 0, y: 0, w: 100, h: 50 },
          lines: [
            { box: { x: 0, y: 0, w: 100, h: 20 }, words: [{ text: 'an', box: { x: 0, y: 0, w: 20, h: 20 } }, { text: 'im-', box: { x: 30, y: 0, w: 30, h: 20 } }] },
            { box: { x: 0, y: 25, w: 100, h: 20 }, words: [{ text: 'portant', box: { x: 0, y: 25, w: 70, h: 20 } }, { text: 'day', box: { x: 80, y: 25, w: 30, h: 20 } }] },
          ],
        },
      ],
    };
    const flowed = ocrText(ocr);
    expect(flowed.text).toBe('an important day');
    // "important" is found on both pieces of the word, on both lines.
    const start = flowed.text.indexOf('important');
    expect(boxesForRange(flowed, start, start + 'important'.length)).toEqual([
      { x: 30, y: 0, w: 30, h: 20 },
      { x: 0, y: 25, w: 70, h: 20 },
    ]);
  });

  it('maps a hit inside a word to the boxes of just those characters, merged into one', () => {
    const ocr = page('cjk', [[{ text: '清远市图书馆开放', x: 100, y: 40 }]]);
    const text = ocrText(ocr);
    const start = text.text.indexOf('图书馆');
    expect(boxesForRange(text, start, start + 3)).toEqual([{ x: 160, y: 40, w: 60, h: 20 }]);
  });

  it('counts characters outside the Basic Multilingual Plane (𠀀) as one character box each', () => {
    const ocr = page('cjk', [[{ text: '甲𠀀乙', x: 0, y: 0 }]]);
    const text = ocrText(ocr);
    const start = text.text.indexOf('乙');
    expect(boxesForRange(text, start, start + 1)).toEqual([{ x: 40, y: 0, w: 20, h: 20 }]);
  });
});

describe('deriveCharBoxes', () => {
  it('gives Latin letters and digits half the width of Chinese characters', () => {
    expect(characterWidth('图')).toBe(1);
    expect(characterWidth('8')).toBe(0.5);
    expect(deriveCharBoxes('2023年', { x: 0, y: 0, w: 60, h: 20 }).map((b) => b.w)).toEqual([10, 10, 10, 10, 20]);
  });

  it('runs top to bottom for vertical text', () => {
    expect(deriveCharBoxes('北江', { x: 5, y: 10, w: 20, h: 40 }, true)).toEqual([
      { x: 5, y: 10, w: 20, h: 20 },
      { x: 5, y: 30, w: 20, h: 20 },
    ]);
  });
});

describe('headlineOf', () => {
  const line = (text: string, y: number, h: number) => ({ box: { x: 0, y, w: [...text].length * h, h }, words: [{ text, box: { x: 0, y, w: [...text].length * h, h } }] });
  const cut = (lines: ReturnType<typeof line>[]): PageOcr => ({ ...page('cjk', []), blocks: [{ box: { x: 0, y: 0, w: 800, h: 800 }, lines }] });

  it('takes the first lines printed larger than the body', () => {
    const ocr = cut([line('清远市图书馆', 0, 60), line('新馆今日开放', 70, 60), line('本报讯 记者林晓红报道：', 150, 24), line('清远市图书馆新馆', 180, 24), line('今天上午开馆。', 210, 24)]);
    expect(headlineOf(ocr)).toBe('清远市图书馆新馆今日开放');
  });

  it('is null for a cut of body text', () => {
    expect(headlineOf(cut([line('本报讯 记者林晓红报道：', 0, 24), line('清远市图书馆新馆', 30, 24), line('今天上午开馆。', 60, 24)]))).toBeNull();
  });
});

describe('titleFromCut', () => {
  const line = (text: string, y: number, h: number) => ({ box: { x: 0, y, w: [...text].length * h, h }, words: text.split(' ').map((word, i) => ({ text: word, box: { x: i * 100, y, w: 90, h } })) });
  const cut = (lines: ReturnType<typeof line>[]): PageOcr => ({ ...page('latin', []), blocks: [{ box: { x: 0, y: 0, w: 800, h: 800 }, lines }] });

  it('passes over specks at the top, takes a headline set in capitals, with a short capital line before it', () => {
    const ocr = cut([line('j 1', 0, 9), line('LES', 12, 33), line('DEUX GENDARMES', 50, 70), line('Deux gendarmes, un beau lundi,', 130, 33), line('Cheminaient au pas', 170, 33)]);
    expect(titleFromCut(ocr)).toEqual({ text: 'LES DEUX GENDARMES', how: 'headline' });
  });

  it('offers the first line when no headline stands out', () => {
    expect(titleFromCut(cut([line('Programme du diner', 0, 30), line('vrier 1882 :', 40, 30), line('Ouverture du', 80, 30)]))).toEqual({ text: 'Programme du diner', how: 'first-line' });
  });
});
