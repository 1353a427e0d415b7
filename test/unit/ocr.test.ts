/**
 * The pure parts of OCR: look-alike code points, what the detector's lines become (gutters cut,
 * broken lines joined, pieces dropped), how a reading is scored, and the readers' new shapes.
 */
import { describe, expect, it } from 'vitest';
import { parsePaddleOcr } from '../../indexer/readers/parse-paddle-ocr.ts';
import { parseHocr } from '../../indexer/readers/parse-hocr.ts';
import { looksTraditional } from '../../src/domain/chinese-script.ts';
import { fold } from '../../src/domain/fold.ts';
import { countLookAlikes, normalizeIdeographs, normalizeOcrText } from '../../src/domain/ideographs.ts';
import { characterErrors } from '../../src/domain/ocr/character-errors.ts';
import { joinBrokenLines, splitAtGutters, withoutNested } from '../../src/domain/ocr/gutters.ts';
import { corners, type TextRegion } from '../../src/domain/ocr/text-regions.ts';
import { scaleOcrTo } from '../../src/domain/ocr-geometry.ts';
import { ocrText } from '../../src/domain/ocr-text.ts';
import type { PageOcr } from '../../src/domain/page-ocr.ts';

describe('look-alike code points', () => {
  it('radicals, strokes, compatibility ideographs and vertical punctuation become what they stand for, one for one', () => {
    expect(normalizeIdeographs('⺠族地⽅⽂献')).toBe('民族地方文献');
    expect(normalizeIdeographs('⻓期')).toBe('长期');
    expect(normalizeIdeographs('豈')).toBe('豈');
    expect(normalizeIdeographs('︐︒︑﹁﹂')).toBe('，。、「」');
    expect(normalizeIdeographs('民族地方文献，plain text')).toBe('民族地方文献，plain text');
    const mixed = '⺠族⽂化︐';
    expect([...normalizeIdeographs(mixed)]).toHaveLength([...mixed].length);
    expect(countLookAlikes(mixed)).toBe(3);
  });

  it('search folding treats them as the characters too (text people typed is not normalized when stored)', () => {
    expect(fold('⺠族地⽅⽂献')).toBe(fold('民族地方文献'));
    expect(fold('⻓')).toBe('长');
  });

  it('OCR comes back as the same object when nothing needed it, and with character boxes still aligned when it did', () => {
    const box = { x: 0, y: 0, w: 40, h: 10 };
    const ocr: PageOcr = { width: 100, height: 100, source: { format: 'pdf' }, script: 'cjk', blocks: [{ box, lines: [{ box, words: [{ text: '⺠族', box, chars: [box, box] }] }] }] };
    const normalized = normalizeOcrText(ocr);
    expect(ocrText(normalized).text).toBe('民族');
    expect(normalized.blocks[0]!.lines[0]!.words[0]!.chars).toHaveLength(2);
    const clean = normalizeOcrText(normalized);
    expect(clean).toBe(normalized);
  });
});

describe('traditional or simplified', () => {
  it('tells a traditional page by the share of characters that fold', () => {
    expect(looksTraditional('清远市图书馆积极拓展和宣传推广公共数字文化服务平台的应用')).toBe(false);
    expect(looksTraditional('清遠市圖書館積極拓展和宣傳推廣公共數字文化服務平台的應用')).toBe(true);
    expect(looksTraditional('abc 123')).toBe(false);
  });
});

/** A level line region from x0 to x1 at height y (text 20 px tall). */
function lineRegion(x0: number, x1: number, y: number, thickness = 20): TextRegion {
  const centre: [number, number] = [(x0 + x1) / 2, y];
  return { polygon: corners(centre, 0, x1 - x0, thickness), angle: 0, length: x1 - x0, thickness, centre, score: 0.9 };
}

/** A page with columns of 'text' (black bars standing for lines) and a gutter between them. */
function columnsPage(gutters: [number, number][], lineYs: number[]): { width: number; height: number; data: Uint8Array } {
  const width = 400;
  const height = 200;
  const data = new Uint8Array(width * height).fill(250);
  for (const y of lineYs) {
    for (let row = y - 8; row < y + 8; row++) {
      for (let x = 10; x < 390; x++) if (!gutters.some(([a, b]) => x >= a && x < b) && x % 20 !== 0) data[row * width + x] = 20;
    }
  }
  return { width, height, data };
}

describe('detected lines', () => {
  it('a line the detector ran across a gutter is cut at it; gaps between characters are not gutters', () => {
    const page = columnsPage([[195, 210]], [40, 70, 100, 130]);
    const pieces = splitAtGutters([lineRegion(5, 395, 70)], page, { inkBelow: 128 });
    expect(pieces).toHaveLength(2);
    expect(pieces[0]!.centre[0] + pieces[0]!.length / 2).toBeLessThan(205);
    expect(pieces[1]!.centre[0] - pieces[1]!.length / 2).toBeGreaterThan(198);
    // A line whose neighbours are printed across the gap: no gutter there.
    const crossed = columnsPage([], [40, 100, 130]);
    for (let row = 62; row < 78; row++) for (let x = 195; x < 210; x++) crossed.data[row * 400 + x] = 250;
    expect(splitAtGutters([lineRegion(5, 395, 70)], crossed, { inkBelow: 128 })).toHaveLength(1);
  });

  it('the first line of a column, under a headline across both columns, is cut too', () => {
    const page = columnsPage([[195, 210]], [70, 100, 130]);
    for (let row = 32; row < 48; row++) for (let x = 10; x < 390; x++) page.data[row * 400 + x] = 20;
    expect(splitAtGutters([lineRegion(5, 395, 70)], page, { inkBelow: 128 })).toHaveLength(2);
  });

  it('two overlapping pieces of one line are joined; a piece inside a whole line is dropped', () => {
    const joined = joinBrokenLines([lineRegion(0, 120, 50), lineRegion(110, 300, 51), lineRegion(0, 300, 90)]);
    expect(joined).toHaveLength(2);
    expect(joined[0]!.length).toBeCloseTo(300, 0);
    expect(withoutNested([lineRegion(0, 300, 50), lineRegion(100, 140, 50)])).toHaveLength(1);
  });
});

describe('character error rate', () => {
  const box = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });
  const truth = [
    { text: '通过大数据分析', polygon: [[0, 0], [140, 0], [140, 20], [0, 20]] as [number, number][] },
    { text: '并安排资金', polygon: [[160, 0], [260, 0], [260, 20], [160, 20]] as [number, number][] },
  ];
  const read = (text: string, x: number, w: number): PageOcr['blocks'][number] => {
    const b = box(x, 0, w, 20);
    return { box: b, lines: [{ box: b, words: [{ text, box: b }] }] };
  };

  it('gives each character read to the line it sits in, so two columns read as one line still count right', () => {
    const whole = read('通过大数据分析并安排资金', 0, 260);
    const chars = [...Array.from({ length: 7 }, (_, i) => box(i * 20, 0, 20, 20)), ...Array.from({ length: 5 }, (_, i) => box(160 + i * 20, 0, 20, 20))];
    whole.lines[0]!.words[0]!.chars = chars;
    const ocr: PageOcr = { width: 300, height: 40, source: { format: 'paddle' }, script: 'cjk', blocks: [whole] };
    expect(characterErrors(truth, ocr)).toMatchObject({ characters: 12, errors: 0 });
  });

  it('counts substitutions, losses and characters read where nothing is printed', () => {
    const ocr: PageOcr = { width: 300, height: 40, source: { format: 'paddle' }, script: 'cjk', blocks: [read('通过大数据分', 0, 120), read('并安俳资金', 160, 100), { ...read('噪', 280, 10), box: box(280, 30, 10, 10) }] };
    const blocks = ocr.blocks.map((b, i) => (i === 2 ? { box: box(280, 30, 10, 10), lines: [{ box: box(280, 30, 10, 10), words: [{ text: '噪', box: box(280, 30, 10, 10) }] }] } : b));
    expect(characterErrors(truth, { ...ocr, blocks })).toMatchObject({ characters: 12, errors: 3 });
  });
});

describe('readers', () => {
  it('reads the ocr_results wrapper, scaling its coordinates from its dimensions onto the image', () => {
    const json = JSON.stringify({ ocr_results: [{ text: '北江日报', box: [[10, 10], [90, 10], [90, 30], [10, 30]], confidence: 0.97 }, { text: '第一版', box: [10, 40, 70, 60] }], dimensions: [200, 100] });
    const ocr = parsePaddleOcr(json, { imageWidth: 400, imageHeight: 200 });
    const lines = ocr.blocks.flatMap((b) => b.lines);
    expect(lines.map((l) => l.words[0]!.text).sort()).toEqual(['北江日报', '第一版']);
    const first = lines.find((l) => l.words[0]!.text === '北江日报')!;
    expect(first.box).toMatchObject({ x: 20, y: 20, w: 160, h: 40 });
    expect(first.words[0]!.confidence).toBe(0.97);
    expect(first.polygon).toHaveLength(4);
  });

  it('reads hOCR with character boxes without the markup between them', () => {
    const hocr = `<html><body><div class="ocr_page" title="bbox 0 0 200 50"><span class="ocr_line" title="bbox 0 0 200 30"><span class="ocrx_word" title="bbox 0 0 40 30; x_wconf 90">
      <span class="ocrx_cinfo" title="x_bboxes 0 0 20 30">完</span>
      <span class="ocrx_cinfo" title="x_bboxes 20 0 40 30">善</span>
    </span></span></div></body></html>`;
    const word = parseHocr(hocr, { imageWidth: 200, imageHeight: 50 }).blocks[0]!.lines[0]!.words[0]!;
    expect(word.text).toBe('完善');
    expect(word.chars).toEqual([{ x: 0, y: 0, w: 20, h: 30 }, { x: 20, y: 0, w: 20, h: 30 }]);
  });

  it('scales OCR read from a smaller image onto the page', () => {
    const b = { x: 10, y: 10, w: 20, h: 10 };
    const ocr: PageOcr = { width: 100, height: 50, source: { format: 'paddle' }, script: 'cjk', blocks: [{ box: b, lines: [{ box: b, polygon: [[10, 10], [30, 10], [30, 20], [10, 20]], words: [{ text: '北江', box: b, chars: [b, b] }] }] }] };
    const scaled = scaleOcrTo(ocr, 200, 100);
    expect(scaled.blocks[0]!.lines[0]!.box).toEqual({ x: 20, y: 20, w: 40, h: 20 });
    expect(scaled.blocks[0]!.lines[0]!.polygon![2]).toEqual([60, 40]);
  });
});
