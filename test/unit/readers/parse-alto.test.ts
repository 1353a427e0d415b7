import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { countWords } from '../../../src/domain/page-ocr.ts';
import { ocrText } from '../../../src/domain/ocr-text.ts';
import { InputError } from '../../../indexer/readers/input-error.ts';
import { parseAlto } from '../../../indexer/readers/parse-alto.ts';
import { decodeXml } from '../../../indexer/readers/safe-xml.ts';
import { hasSharedSamples, readFixture, sample, sharedSkipReason, truthFor } from '../../helpers/fixtures.ts';

const near = (a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }, tolerance: number): boolean =>
  Math.abs(a.x - b.x) <= tolerance && Math.abs(a.y - b.y) <= tolerance && Math.abs(a.w - b.w) <= tolerance && Math.abs(a.h - b.h) <= tolerance;

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problem;
  }
  return 'none';
}

describe('parseAlto', () => {
  it.skipIf(!hasSharedSamples)(`reads the NDNP Park Record page (ALTO v2, inch1200) in pixels of its 4588 × 7158 JP2 [${hasSharedSamples ? 'real sample' : sharedSkipReason}]`, () => {
    const ocr = parseAlto(decodeXml(new Uint8Array(readFileSync(sample('ndnp-park-record-1935', '1292.xml')))), { imageWidth: 4588, imageHeight: 7158 });
    expect(ocr.source).toEqual({ format: 'alto', version: 'v2' });
    expect(ocr.script).toBe('latin');
    expect(countWords(ocr)).toBe(5865);
    // The masthead word "Park": HPOS 5520 VPOS 1040 WIDTH 3648 HEIGHT 1136 in 1/1200 inch = ÷4 at 300 dpi.
    expect(ocr.blocks[0]).toMatchObject({ sourceId: 'TB.0657b.1', lines: [{ words: [{ text: 'Park', box: { x: 1380, y: 260, w: 912, h: 284 }, confidence: 1 }] }] });
    expect(ocrText(ocr).text).toContain('At the corner, day by day,');
  });

  it('reads ALTO v4 in pixels with a Glyph box per character, exactly where the characters were printed', () => {
    const truth = truthFor('demo', '2023-05-04', 1);
    const ocr = parseAlto(decodeXml(readFixture('demo', 'demo-ribao', '2023-05-04', '01.xml')), { imageWidth: truth.width, imageHeight: truth.height });
    expect(ocr.script).toBe('cjk');
    expect(ocr.source.version).toBe('v4');
    const headline = truth.blocks.find((b) => b.kind === 'headline')!;
    const block = ocr.blocks.find((b) => b.sourceId === headline.id)!;
    expect(block.box).toEqual(headline.box);
    const word = block.lines[0]!.words[0]!;
    expect(word.chars).toHaveLength([...word.text].length);
    expect(word.chars![0]!.x).toBe(headline.box.x);
    const characters = ocr.blocks.reduce((n, b) => n + b.lines.reduce((m, l) => m + l.words.reduce((k, w) => k + [...w.text].length, 0), 0), 0);
    expect(characters).toBe(truth.characters);
  });

  it('scales ALTO v3 in mm10 and ALTO v2 in inch1200 to pixels, within a pixel of the truth', () => {
    for (const [issue, seq] of [['2023-05-04', 4], ['2023-05-05', 1]] as const) {
      const truth = truthFor('demo', issue, seq);
      const ocr = parseAlto(decodeXml(readFixture('demo', 'demo-ribao', issue, `0${seq}.xml`)), { imageWidth: truth.width, imageHeight: truth.height });
      expect(ocr.source.version).toBe(truth.ocr!.version);
      for (const block of truth.blocks) {
        const parsed = ocr.blocks.find((b) => b.sourceId === block.id)!;
        expect(near(parsed.box, block.box, 1), `${issue}/${seq} ${block.id}`).toBe(true);
      }
    }
  });

  it('derives a box per character for Chinese words without glyphs, splitting the word box evenly', () => {
    const truth = truthFor('demo', '2023-05-04', 4);
    const ocr = parseAlto(decodeXml(readFixture('demo', 'demo-ribao', '2023-05-04', '04.xml')), { imageWidth: truth.width, imageHeight: truth.height });
    const word = ocr.blocks.flatMap((b) => b.lines.flatMap((l) => l.words)).find((w) => [...w.text].length >= 4)!;
    expect(word.chars).toHaveLength([...word.text].length);
    expect(word.chars!.at(-1)!.x + word.chars!.at(-1)!.w).toBe(word.box.x + word.box.w);
  });

  it('marks vertical (竖排) lines', () => {
    const truth = truthFor('demo', '2023-05-05', 3);
    const ocr = parseAlto(decodeXml(readFixture('demo', 'demo-ribao', '2023-05-05', '03.xml')), { imageWidth: truth.width, imageHeight: truth.height });
    const body = ocr.blocks.find((b) => b.sourceId === truth.blocks.find((t) => t.kind === 'body')!.id)!;
    expect(body.lines.every((line) => line.vertical)).toBe(true);
  });

  it('refuses an ALTO whose page is not the size of the image', () => {
    const xml = decodeXml(readFixture('demo', 'demo-ribao', '2023-05-04', '01.xml'));
    expect(problemOf(() => parseAlto(xml, { imageWidth: 1000, imageHeight: 2000 }))).toBe('ocr_mismatch');
    const mm10 = decodeXml(readFixture('demo', 'demo-ribao', '2023-05-04', '04.xml'));
    expect(problemOf(() => parseAlto(mm10, { imageWidth: 2000, imageHeight: 2000 }))).toBe('ocr_mismatch');
  });

  it('refuses entity declarations (billion laughs, XXE) and broken XML, with a reason', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><alto><Layout><Page WIDTH="10" HEIGHT="10"><PrintSpace><TextBlock><TextLine><String CONTENT="&c;"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>`;
    expect(problemOf(() => parseAlto(laughs, { imageWidth: 10, imageHeight: 10 }))).toBe('unsafe_xml');
    const xxe = `<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY secret SYSTEM "file:///etc/passwd">]><alto><Layout><Page><PrintSpace><TextBlock><TextLine><String CONTENT="&secret;"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>`;
    expect(problemOf(() => parseAlto(xxe, { imageWidth: 10, imageHeight: 10 }))).toBe('unsafe_xml');
    const full = decodeXml(readFixture('demo', 'demo-ribao', '2023-05-04', '01.xml'));
    expect(problemOf(() => parseAlto(full.slice(0, Math.floor(full.length / 2)), { imageWidth: 1400, imageHeight: 2000 }))).toBe('broken_xml');
    expect(problemOf(() => parseAlto('<alto><Layout><Page></Layout></alto>', { imageWidth: 10, imageHeight: 10 }))).toBe('broken_xml');
  });

  it('accepts a DOCTYPE that only names an external DTD, without fetching it', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE alto SYSTEM "http://example.invalid/alto.dtd"><alto><Description><MeasurementUnit>pixel</MeasurementUnit></Description><Layout><Page WIDTH="100" HEIGHT="100"><PrintSpace><TextBlock ID="B1" HPOS="1" VPOS="1" WIDTH="50" HEIGHT="10"><TextLine HPOS="1" VPOS="1" WIDTH="50" HEIGHT="10"><String CONTENT="北江" HPOS="1" VPOS="1" WIDTH="20" HEIGHT="10"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>';
    expect(countWords(parseAlto(xml, { imageWidth: 100, imageHeight: 100 }))).toBe(1);
  });

  it('reads ALTO saved in GBK, as its XML declaration says', () => {
    const utf8 = decodeXml(readFixture('demo', 'demo-ribao', '2023-05-04', '01.xml')).replace('encoding="UTF-8"', 'encoding="GBK"');
    const gbk = new Uint8Array(iconv.encode(utf8, 'gbk'));
    const ocr = parseAlto(decodeXml(gbk), { imageWidth: 1400, imageHeight: 2000 });
    expect(ocrText(ocr).text).toContain('深入融合服务');
    expect(() => decodeXml(new Uint8Array([0x3c, 0x3f, ...new TextEncoder().encode('xml version="1.0" encoding="klingon"?><a/>')]))).toThrow(/klingon/);
  });
});
