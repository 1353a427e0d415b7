/**
 * Tesseract as the second OCR engine: Debian's `tesseract-ocr` with its Chinese models (chi_sim,
 * chi_tra and their _vert forms), run as a process, its hOCR read by difang's own hOCR reader.
 * Tesseract's own page layout runs narrow newspaper columns together, so when a line finder is
 * given (PaddleOCR's detector) the lines it finds are cut out, set one under another — vertical
 * lines with their characters upright side by side — and Tesseract reads that stack as a single
 * column; each line read goes back where it was cut from. PP-OCRv4's alphabet lacks most
 * traditional characters (閱 採 項 議 …): Tesseract's chi_tra reads them.
 * @see https://tesseract-ocr.github.io/tessdoc/
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { TextRegion } from '../../src/domain/ocr/text-regions.ts';
import type { OcrLine, PageOcr } from '../../src/domain/page-ocr.ts';
import type { Box } from '../../src/domain/region.ts';
import type { GreyImage, OcrEngine, OcrOptions } from '../../src/ports.ts';
import { groupLinesIntoBlocks } from '../readers/group-lines.ts';
import { parseHocr } from '../readers/parse-hocr.ts';
import { detectScript } from '../readers/script.ts';
import { lineImage, type LineImage } from './line-images.ts';
import { scale } from './raster.ts';

export interface TesseractSettings {
  /** Tesseract languages, e.g. chi_sim, chi_tra, chi_sim+eng. */
  languages?: string;
  /** Page segmentation mode when Tesseract lays the page out itself: 3 automatic, 5 one vertical block. */
  pageSegmentation?: number;
  /** Finds the page's lines; Tesseract then reads them stacked instead of laying out the page. */
  lines?: { findLines(image: GreyImage): Promise<TextRegion[]> };
  command?: string;
}

/** The Tesseract languages this machine has, or null when Tesseract is not installed. */
export async function tesseractLanguages(command = 'tesseract'): Promise<string[] | null> {
  try {
    const { stdout } = await run(command, ['--list-langs'], 10_000);
    return stdout.split('\n').slice(1).map((line) => line.trim()).filter(Boolean);
  } catch {
    return null;
  }
}

/** Lines per stack image: a page's few hundred lines go in a few runs. */
const linesPerStack = 120;
/** Height lines are read at (measured on the bench pages: 36 px 6.6 %, 44 px 6.0 %, 56 px 5.4 %, 64 px 6.0 %, 80 px 7.9 % CER). */
const stackLineHeight = 56;
const stackGap = 20;

export class TesseractEngine implements OcrEngine {
  readonly name = 'tesseract' as const;
  constructor(private readonly settings: TesseractSettings = {}) {}

  private get languages(): string {
    return this.settings.languages ?? 'chi_sim+chi_tra';
  }

  async recognize(image: GreyImage, options: OcrOptions = {}): Promise<PageOcr> {
    const version = `tesseract ${this.languages}`;
    if (!this.settings.lines) {
      const ocr = await this.readImage(image, this.settings.pageSegmentation ?? 3);
      options.progress?.({ step: 'recognize', done: 1, total: 1 });
      return { ...ocr, source: { format: 'hocr', version } };
    }
    const regions = await this.settings.lines.findLines(image);
    options.progress?.({ step: 'detect', done: 1, total: 1 });
    const lines: OcrLine[] = [];
    for (let start = 0; start < regions.length; start += linesPerStack) {
      const part = regions.slice(start, start + linesPerStack);
      lines.push(...(await this.readStack(image, part)));
      options.progress?.({ step: 'recognize', done: Math.min(regions.length, start + linesPerStack), total: regions.length });
    }
    lines.sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
    const text = lines.map((line) => line.words.map((w) => w.text).join('')).join('');
    return { width: image.width, height: image.height, source: { format: 'hocr', version: `${version} (lines found by PP-OCRv4)` }, script: detectScript(text), blocks: groupLinesIntoBlocks(lines) };
  }

  /** Lines cut out and read as one column; each reading goes back to its line on the page. */
  private async readStack(page: GreyImage, regions: readonly TextRegion[]): Promise<OcrLine[]> {
    const crops = regions.map((region) => {
      const line = lineImage(page, region, 'stitch');
      const factor = stackLineHeight / Math.max(1, line.height);
      const width = Math.max(1, Math.round(line.width * factor));
      return { line, factor, scaled: scale(line, width, stackLineHeight) };
    });
    const width = Math.max(...crops.map((c) => c.scaled.width)) + 2 * stackGap;
    const pitch = stackLineHeight + stackGap;
    const height = crops.length * pitch + stackGap;
    const stack = new Uint8Array(width * height).fill(255);
    crops.forEach(({ scaled }, i) => {
      for (let y = 0; y < scaled.height; y++) stack.set(scaled.data.subarray(y * scaled.width, (y + 1) * scaled.width), (stackGap + i * pitch + y) * width + stackGap);
    });
    const read = await this.readImage({ width, height, data: stack }, 4);
    // Each character read belongs to the row its middle is in, in the order Tesseract read them
    // (its LSTM places characters only roughly: their boxes are spread along the line instead).
    const rows = crops.map(() => [] as { char: string; confidence?: number }[]);
    for (const block of read.blocks) {
      for (const line of block.lines) {
        for (const word of line.words) {
          const row = Math.floor((word.box.y + word.box.h / 2 - stackGap / 2) / pitch);
          if (row < 0 || row >= rows.length) continue;
          for (const char of word.text) if (char.trim() !== '') rows[row]!.push({ char, confidence: word.confidence });
        }
      }
    }
    return rows.flatMap((kept, i): OcrLine[] => {
      if (kept.length === 0) return [];
      const { line } = crops[i]!;
      const boxes = kept.map((_, k) => pageBoxOf(line, k, kept.length, page));
      const scores = kept.map((c) => c.confidence ?? 0.5);
      const text = kept.map((c) => c.char).join('');
      return [
        {
          box: line.box,
          polygon: regions[i]!.polygon.map(([x, y]): [number, number] => [Math.round(x), Math.round(y)]),
          words: [{ text, box: line.box, confidence: Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 1000) / 1000, chars: boxes, charScores: scores }],
          ...(line.vertical ? { vertical: true } : {}),
        },
      ];
    });
  }

  private async readImage(image: GreyImage, psm: number): Promise<PageOcr> {
    const folder = await mkdtemp(join(tmpdir(), 'difang-tesseract-'));
    try {
      const input = join(folder, 'page.png');
      await writeFile(input, await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).png({ compressionLevel: 1 }).toBuffer());
      await run(this.settings.command ?? 'tesseract', [input, join(folder, 'page'), '-l', this.languages, '--psm', String(psm), '-c', 'preserve_interword_spaces=1', '-c', 'hocr_char_boxes=1', 'hocr'], 600_000);
      return parseHocr(await readFile(join(folder, 'page.hocr'), 'utf8'), { imageWidth: image.width, imageHeight: image.height });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
}

/** Where the k-th of `count` characters read from a cut-out line is on the page: its cell, or its share of the line. */
function pageBoxOf(line: LineImage, k: number, count: number, page: GreyImage): Box {
  const { box } = line;
  let result: Box;
  if (line.cells && line.cells.length === count) {
    const cell = line.cells[k]!;
    result = { x: box.x, y: cell[0], w: box.w, h: Math.max(1, cell[1] - cell[0]) };
  } else if (line.vertical) {
    result = { x: box.x, y: box.y + Math.round((box.h * k) / count), w: box.w, h: Math.max(1, Math.round(box.h / count)) };
  } else {
    result = { x: box.x + Math.round((box.w * k) / count), y: box.y, w: Math.max(1, Math.round(box.w / count)), h: box.h };
  }
  const x = Math.max(0, Math.min(page.width - 1, result.x));
  const y = Math.max(0, Math.min(page.height - 1, result.y));
  return { x, y, w: Math.max(1, Math.min(page.width - x, result.w)), h: Math.max(1, Math.min(page.height - y, result.h)) };
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMP_THREAD_LIMIT: process.env.OMP_THREAD_LIMIT ?? '2' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${command} exited with ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}
