import { describe, expect, it } from 'vitest';
import { ocrText } from '../../../src/domain/ocr-text.ts';
import { InputError } from '../../../indexer/readers/input-error.ts';
import { parseHocr } from '../../../indexer/readers/parse-hocr.ts';
import { parsePaddleOcr } from '../../../indexer/readers/parse-paddle-ocr.ts';
import { decodeXml } from '../../../indexer/readers/safe-xml.ts';
import { readFixture, truthFor } from '../../helpers/fixtures.ts';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('parseHocr', () => {
  const truth = truthFor('demo', '2023-05-04', 2);
  const ocr = parseHocr(decodeXml(readFixture('demo', 'demo-ribao', '2023-05-04', '02.hocr')), { imageWidth: truth.width, imageHeight: truth.height });

  it('reads content areas as blocks, ocr_line as lines, ocrx_word as words, with confidences', () => {
    expect(ocr.source.format).toBe('hocr');
    expect(ocr.script).toBe('cjk');
    expect(ocr.blocks).toHaveLength(truth.blocks.length);
    ocr.blocks.forEach((block, i) => expect(block.box).toEqual(truth.blocks[i]!.box));
    expect(ocr.blocks[1]!.lines[0]!.words[0]!.confidence).toBe(0.95);
  });

  it('gives every multi-character Chinese word derived character boxes', () => {
    const words = ocr.blocks.flatMap((b) => b.lines.flatMap((l) => l.words)).filter((w) => [...w.text].length > 1 && /\p{Script=Han}/u.test(w.text));
    expect(words.every((w) => w.chars?.length === [...w.text].length)).toBe(true);
  });

  it('yields the printed text of every block', () => {
    const flowed = ocrText(ocr).text;
    for (const block of truth.blocks) expect(flowed).toContain(block.text.replace(/\n/g, ''));
  });

  it('scales an hOCR made from a smaller copy of the image, and refuses one of another shape', () => {
    const half = `<div class='ocr_page' title='bbox 0 0 700 1000'><span class='ocr_line' title='bbox 10 10 110 30'><span class='ocrx_word' title='bbox 10 10 110 30; x_wconf 90'>图书馆</span></span></div>`;
    const scaled = parseHocr(half, { imageWidth: 1400, imageHeight: 2000 });
    expect(scaled.blocks[0]!.lines[0]!.words[0]!.box).toEqual({ x: 20, y: 20, w: 200, h: 40 });
    expect(() => parseHocr(half, { imageWidth: 1400, imageHeight: 1400 })).toThrow(InputError);
  });

  it('reads hOCR that is not well-formed XML (unclosed tags), and refuses entity declarations', () => {
    const sloppy = `<html><body><div class='ocr_page' title='bbox 0 0 100 100'><p class='ocr_par'><span class='ocr_line' title='bbox 1 1 50 10'><span class='ocrx_word' title='bbox 1 1 50 10'>北江<br></span></span></div>`;
    expect(ocrText(parseHocr(sloppy, { imageWidth: 100, imageHeight: 100 })).text).toBe('北江');
    expect(() => parseHocr(`<!DOCTYPE html [<!ENTITY x "y">]><html></html>`, { imageWidth: 1, imageHeight: 1 })).toThrow(/entities/);
  });
});

describe('parsePaddleOcr', () => {
  const truth = truthFor('demo', '2023-05-04', 3);
  const image = { imageWidth: truth.width, imageHeight: truth.height };

  it('reads PaddleOCR 3.x JSON lines, groups them into blocks, and derives character boxes', () => {
    const ocr = parsePaddleOcr(text(readFixture('demo', 'demo-ribao', '2023-05-04', '03.json')), image);
    expect(ocr.source.format).toBe('paddle');
    const lines = ocr.blocks.flatMap((b) => b.lines);
    expect(lines).toHaveLength(truth.blocks.reduce((n, b) => n + b.text.split('\n').length, 0));
    expect(lines.every((line) => line.words[0]!.chars!.length === [...line.words[0]!.text].length)).toBe(true);
    // Lines of one column of one article end up in one block, as the layout printed them.
    const body = truth.blocks.find((b) => b.kind === 'body' && b.text.split('\n').length > 5)!;
    const block = ocr.blocks.find((b) => b.lines[0]!.words[0]!.text === body.text.split('\n')[0]);
    expect(block?.lines.length).toBe(body.text.split('\n').length);
  });

  it('reads the PaddleOCR 2.x shape and PPOCRLabel files as well', () => {
    const quad = [
      [10, 10],
      [110, 10],
      [110, 40],
      [10, 40],
    ];
    const v2 = parsePaddleOcr(JSON.stringify([[[quad, ['清远市图书馆', 0.99]]]]), { imageWidth: 200, imageHeight: 100 });
    expect(v2.blocks[0]!.lines[0]!.words[0]).toMatchObject({ text: '清远市图书馆', box: { x: 10, y: 10, w: 100, h: 30 }, confidence: 0.99 });
    const label = parsePaddleOcr(JSON.stringify([{ transcription: '北江', points: quad }]), { imageWidth: 200, imageHeight: 100 });
    expect(ocrText(label).text).toBe('北江');
  });

  it('refuses lines outside the image, JSON of another shape, and broken JSON', () => {
    const far = JSON.stringify({ rec_texts: ['远'], rec_polys: [[[900, 10], [990, 10], [990, 40], [900, 40]]] });
    expect(() => parsePaddleOcr(far, { imageWidth: 200, imageHeight: 100 })).toThrow(/outside/);
    expect(() => parsePaddleOcr('{"pages": []}', image)).toThrow(/PaddleOCR/);
    expect(() => parsePaddleOcr('{"rec_texts": ["a"', image)).toThrow(/not valid JSON/);
  });
});
