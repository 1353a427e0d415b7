/**
 * The OCR engines difang can run, and the choice between them per page. PaddleOCR (PP-OCRv4,
 * ONNX Runtime) ships with the npm install and reads simplified Chinese, horizontal and
 * vertical, best; its alphabet lacks most traditional characters, which Tesseract's chi_tra
 * reads (over the lines PaddleOCR's detector found) when Debian's tesseract-ocr-chi-tra is
 * installed. `auto` reads every page with PaddleOCR and reads it again with Tesseract when the
 * text is traditional and set horizontally — the choice measured in bench/ocr.ts, not assumed:
 * there Tesseract halved PaddleOCR's errors on horizontal traditional pages (9.6 → 5.2 %) but
 * made vertical traditional ones worse (11.9 → 12.0 %, 12.8 → 13.7 % worn).
 */
import { looksTraditional } from '../../src/domain/chinese-script.ts';
import { ocrText } from '../../src/domain/ocr-text.ts';
import type { PageOcr } from '../../src/domain/page-ocr.ts';
import type { GreyImage, OcrEngine, OcrOptions } from '../../src/ports.ts';
import { PaddleEngine } from './paddle-engine.ts';
import { TesseractEngine, tesseractLanguages } from './tesseract-engine.ts';

export const ocrEngineChoices = ['auto', 'paddle', 'tesseract'] as const;
export type OcrEngineChoice = (typeof ocrEngineChoices)[number];

export class OcrUnavailable extends Error {}

/** The engine asked for; Tesseract only when it and its Chinese models are installed. */
export async function openOcrEngine(choice: OcrEngineChoice, settings: { threads?: number } = {}): Promise<OcrEngine> {
  const languages = choice === 'paddle' ? null : await tesseractLanguages();
  const paddle = new PaddleEngine({ ...(settings.threads ? { threads: settings.threads } : {}) });
  if (choice === 'paddle') return paddle;
  const chinese = (languages ?? []).filter((language) => /^chi_(sim|tra)$/.test(language));
  if (choice === 'tesseract') {
    if (chinese.length === 0) throw new OcrUnavailable('tesseract');
    return new TesseractEngine({ languages: chinese.join('+'), lines: paddle });
  }
  return new AutoEngine(paddle, languages?.includes('chi_tra') ? new TesseractEngine({ languages: 'chi_tra', lines: paddle }) : null);
}

/** Whether most of a page's characters are in vertical lines. */
function mostlyVertical(ocr: PageOcr): boolean {
  let vertical = 0;
  let all = 0;
  for (const block of ocr.blocks) {
    for (const line of block.lines) {
      const count = line.words.reduce((sum, word) => sum + [...word.text].length, 0);
      all += count;
      if (line.vertical) vertical += count;
    }
  }
  return vertical * 2 > all;
}

class AutoEngine implements OcrEngine {
  readonly name = 'auto' as const;
  constructor(
    private readonly paddle: PaddleEngine,
    private readonly traditional: TesseractEngine | null,
  ) {}

  async recognize(image: GreyImage, options: OcrOptions = {}): Promise<PageOcr> {
    const first = await this.paddle.recognize(image, options);
    if (!this.traditional || !looksTraditional(ocrText(first).text) || mostlyVertical(first)) return first;
    // The same lines (PaddleOCR keeps those it found last), read again by the engine that knows traditional characters.
    return this.traditional.recognize(image, options);
  }
}
