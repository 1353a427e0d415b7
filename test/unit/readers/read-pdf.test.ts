import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ocrText } from '../../../src/domain/ocr-text.ts';
import { openPdf, readPdfPages } from '../../../indexer/readers/read-pdf.ts';
import { groundTruth, hasSharedSamples, readFixture, sample, sharedSkipReason } from '../../helpers/fixtures.ts';

/** The engine's own functions, taken before any test here loads pdf.js (it is loaded on first use). */
const engine = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push, toString: Function.prototype.toString };

describe('readPdfPages', () => {
  const pdfTruth = groundTruth.filter((t) => t.file.endsWith('.pdf'));

  it('turns a scanned local-history volume into pages: the embedded scan and its Chinese text layer, in pixels', async () => {
    const pages = [];
    for await (const page of readPdfPages(readFixture('demo', 'library-reports', 'vol-1.pdf'))) pages.push(page);
    expect(pages).toHaveLength(3);
    pages.forEach((page, i) => {
      const truth = pdfTruth[i]!;
      expect(page.imageSource).toBe('embedded');
      expect(page.image).toMatchObject({ width: truth.width, height: truth.height, channels: 1 });
      const text = ocrText(page.ocr!).text;
      const headline = truth.blocks.find((b) => b.kind === 'headline')!;
      expect(text).toContain(headline.text.replace(/\n/g, ''));
      // The headline's first character sits where it was printed (text layer → image pixels).
      const first = page.ocr!.blocks.flatMap((b) => b.lines.flatMap((l) => l.words)).find((w) => w.text.startsWith(headline.text[0]!) && Math.abs(w.box.y - headline.box.y) < 10)!;
      expect(Math.abs(first.box.x - headline.box.x)).toBeLessThanOrEqual(3);
      expect(Math.abs(first.box.y - headline.box.y)).toBeLessThanOrEqual(6);
    });
  });

  it('gets no text out of a non-embedded CJK font without the CMaps — the reason difang ships them', async () => {
    const pdf = await openPdf(readFixture('demo', 'library-reports', 'vol-1.pdf'), { withoutCMaps: true });
    try {
      const page = await pdf.page(1);
      const text = page.ocr ? ocrText(page.ocr).text : '';
      expect(text).not.toMatch(/\p{Script=Han}/u);
    } finally {
      await pdf.close();
    }
  });

  it('leaves the engine\'s own built-ins in place once pdf.js is loaded (its polyfills replace them, at a cost to everything else)', async () => {
    const pdf = await openPdf(readFixture('demo', 'library-reports', 'vol-1.pdf'));
    await pdf.close();
    expect(JSON.stringify).toBe(engine.stringify);
    expect(JSON.parse).toBe(engine.parse);
    expect(Array.prototype.push).toBe(engine.push);
    expect(Function.prototype.toString).toBe(engine.toString);
    // What Node 20 lacks and pdf.js needs stays added.
    expect(typeof (Promise as unknown as Record<string, unknown>).withResolvers).toBe('function');
  });

  it('refuses a truncated or non-PDF file with a reason', async () => {
    const bytes = readFixture('demo', 'library-reports', 'vol-1.pdf');
    await expect(openPdf(new TextEncoder().encode('%PDF-1.7\nnot really'))).rejects.toMatchObject({ problem: 'corrupt_pdf' });
    const truncated = bytes.subarray(0, Math.floor(bytes.length / 3));
    const attempt = (async () => {
      const pdf = await openPdf(truncated);
      try {
        for (let n = 1; n <= pdf.numPages; n++) await pdf.page(n);
      } finally {
        await pdf.close();
      }
    })();
    await expect(attempt).rejects.toMatchObject({ name: 'InputError' });
  });

  it.skipIf(!hasSharedSamples)(`reads the Topaz Times page: its 1-bit scan as 8-bit grey and its text layer [${hasSharedSamples ? 'real sample' : sharedSkipReason}]`, async () => {
    const bytes = new Uint8Array(readFileSync(sample('topaz-times-1944-articles', 'pages', 'pdf', 'ttt_19441101-19450131_0059.pdf')));
    const pages = [];
    for await (const one of readPdfPages(bytes)) pages.push(one);
    const [page] = pages;
    expect(page!.imageSource).toBe('embedded');
    expect(page!.image).toMatchObject({ width: 1162, height: 1941, channels: 1 });
    expect(new Set(page!.image.data)).toEqual(new Set([0, 255]));
    const text = ocrText(page!.ocr!).text;
    expect(text).toContain('ADVISORY');
    expect(page!.ocr!.script).toBe('latin');
  });
});
