/** The hand-written OCR check says yes and no exactly where the schema does. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isWellFormedPageOcr, pageOcrSchema, type PageOcr } from '../../src/domain/page-ocr.ts';
import { parseAlto } from '../../indexer/readers/parse-alto.ts';
import { fixture } from '../helpers/fixtures.ts';

describe('isWellFormedPageOcr', () => {
  it('agrees with pageOcrSchema on a real page and on every way of breaking it', () => {
    const ocr: PageOcr = parseAlto(readFileSync(fixture('demo', 'demo-ribao', '2023-05-04', '01.xml'), 'utf8'), { imageWidth: 1400, imageHeight: 2000 });
    expect(pageOcrSchema.safeParse(ocr).success).toBe(true);
    expect(isWellFormedPageOcr(ocr)).toBe(true);
    const broken: ((o: any) => void)[] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      (o) => (o.width = 0),
      (o) => (o.height = 1.5),
      (o) => (o.source.format = 'pdfx'),
      (o) => (o.script = 'han'),
      (o) => (o.blocks = null),
      (o) => (o.blocks[0].box.w = 0),
      (o) => (o.blocks[0].lines[0].box.x = -1),
      (o) => (o.blocks[0].lines[0].words = []),
      (o) => (o.blocks[0].lines[0].words[0].text = ''),
      (o) => (o.blocks[0].lines[0].words[0].confidence = 1.2),
      (o) => (o.blocks[0].lines[0].words[0].chars = [o.blocks[0].lines[0].words[0].box]),
      (o) => (o.blocks[0].lines[0].words[0].box = { x: 0, y: 0, w: '1', h: 1 }),
      (o) => (o.blocks[0].lines[0].vertical = 'yes'),
    ];
    for (const [i, breakIt] of broken.entries()) {
      const copy = structuredClone(ocr);
      breakIt(copy);
      expect(pageOcrSchema.safeParse(copy).success, `case ${i}`).toBe(false);
      expect(isWellFormedPageOcr(copy), `case ${i}`).toBe(false);
    }
  });
});
