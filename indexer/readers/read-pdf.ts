/**
 * PDF pages → page images and OCR, with pdfjs-dist (legacy build, for Node). A scanned page (one
 * image covering the page) yields that image at its own resolution; any other page is rendered
 * (@napi-rs/canvas, pdf.js's Node canvas). The text layer becomes normalized OCR in the image's
 * pixels. pdf.js needs its packed CMaps and standard font data to read CJK text set in fonts that
 * are not embedded (Adobe-GB1, UniGB-UCS2-H…); without them such text comes out empty.
 * @see https://github.com/mozilla/pdf.js
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deriveCharBoxes } from '../../src/domain/ocr-geometry.ts';
import { normalizeOcrText } from '../../src/domain/ideographs.ts';
import type { OcrLine, OcrWord, PageOcr } from '../../src/domain/page-ocr.ts';
import type { Box } from '../../src/domain/region.ts';
import { groupLinesIntoBlocks } from './group-lines.ts';
import { inputError } from './input-error.ts';
import { detectScript, hasHan } from './script.ts';

/** Decoded pixels, 8 bits per channel, rows top to bottom. */
export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array;
}

export interface PdfPage {
  /** 1-based page number in the PDF. */
  number: number;
  image: RawImage;
  /** Whether the image is the page's own scan or a rendering of the page. */
  imageSource: 'embedded' | 'rendered';
  /** The text layer in image pixels; null when the page has no text. */
  ocr: PageOcr | null;
}

export interface PdfOptions {
  /** Resolution for pages that must be rendered. */
  renderDpi?: number;
  /** Refuse images larger than this many pixels. */
  maxPixels?: number;
  /** For tests: leave out the CMaps to show what happens without them. */
  withoutCMaps?: boolean;
}

type Matrix = [number, number, number, number, number, number];

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

export interface PdfFile {
  numPages: number;
  /** Reads one page (1-based): its image and text layer. */
  page(number: number): Promise<PdfPage>;
  close(): Promise<void>;
}

let loadingPdfJs: Promise<PdfJs> | null = null;

/**
 * pdf.js, loaded once. Its legacy build (and the worker it runs in this thread) carries core-js
 * polyfills that replace built-ins for the whole process: JSON.stringify and JSON.parse (measured
 * here 16× slower on Chinese text, for every record, response and index request after the first
 * PDF), Array.prototype.push (every push in every request), Function.prototype.toString. The
 * engine's own functions, which Node 20 already has in full, are put back once pdf.js is in; what
 * core-js adds that Node 20 lacks (Promise.withResolvers, Uint8Array.prototype.toHex, …) stays.
 */
function loadPdfJs(): Promise<PdfJs> {
  loadingPdfJs ??= keepingBuiltins(async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // The same module the fake worker imports (cached by URL), so its polyfills run now, once.
    const workerModule: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    await import(workerModule);
    return pdfjs;
  });
  return loadingPdfJs;
}

const typedArray = Object.getPrototypeOf(Uint8Array) as object;
/** Where polyfills replace functions the engine has. */
const builtins: object[] = [Object, Object.prototype, Array, Array.prototype, String, String.prototype, Number, Number.prototype, Function.prototype, Promise, Promise.prototype, Map, Map.prototype, Set, Set.prototype, JSON, Math, Reflect, RegExp.prototype, Date.prototype, typedArray, (typedArray as { prototype: object }).prototype, Uint8Array, Uint8Array.prototype, ArrayBuffer, ArrayBuffer.prototype];

/** Runs `load`, then puts back every built-in function it replaced (new ones it added stay). */
async function keepingBuiltins<T>(load: () => Promise<T>): Promise<T> {
  const saved = builtins.map((holder) => [holder, Object.getOwnPropertyDescriptors(holder)] as const);
  try {
    return await load();
  } finally {
    for (const [holder, descriptors] of saved) {
      for (const key of Reflect.ownKeys(descriptors)) {
        const before = descriptors[key as keyof typeof descriptors] as PropertyDescriptor;
        const now = Object.getOwnPropertyDescriptor(holder, key);
        if (typeof before.value === 'function' && now && now.value !== before.value) Object.defineProperty(holder, key, before);
      }
    }
  }
}

/** Opens a PDF; pages are read one at a time, so only one page's pixels are held at once. */
export async function openPdf(bytes: Uint8Array, options: PdfOptions = {}): Promise<PdfFile> {
  const pdfjs = await loadPdfJs();
  let document: PdfDocument;
  try {
    document = await pdfjs.getDocument({
      // pdf.js may detach the buffer it is given: hand it a copy.
      data: new Uint8Array(bytes),
      ...(options.withoutCMaps ? {} : { cMapUrl: `${join(pdfjsRoot, 'cmaps')}/`, cMapPacked: true }),
      standardFontDataUrl: `${join(pdfjsRoot, 'standard_fonts')}/`,
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const encrypted = /password/i.test(message);
    throw inputError(
      'corrupt_pdf',
      encrypted ? 'PDF 已加密，无法读取' : `PDF 无法读取：${message}`,
      encrypted ? 'the PDF is encrypted' : `the PDF cannot be read: ${message}`,
      undefined,
      cause,
    );
  }
  return {
    numPages: document.numPages,
    async page(number) {
      const page = await document.getPage(number);
      try {
        return await readPage(pdfjs, document, page, number, options);
      } catch (cause) {
        if (cause instanceof Error && cause.name === 'InputError') throw cause;
        const message = cause instanceof Error ? cause.message : String(cause);
        throw inputError('corrupt_pdf', `PDF 第 ${number} 页无法读取：${message}`, `page ${number} of the PDF cannot be read: ${message}`, undefined, cause);
      } finally {
        page.cleanup();
      }
    },
    close: () => document.destroy(),
  };
}

/** Every page of a PDF in turn. */
export async function* readPdfPages(bytes: Uint8Array, options: PdfOptions = {}): AsyncGenerator<PdfPage> {
  const pdf = await openPdf(bytes, options);
  try {
    for (let number = 1; number <= pdf.numPages; number++) yield await pdf.page(number);
  } finally {
    await pdf.close();
  }
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfJsPage = Awaited<ReturnType<PdfDocument['getPage']>>;

async function readPage(pdfjs: PdfJs, document: PdfDocument, page: PdfJsPage, number: number, options: PdfOptions): Promise<PdfPage> {
  const [x0, y0, x1, y1] = page.view as [number, number, number, number];
  const pageArea = (x1 - x0) * (y1 - y0);
  const operators = await page.getOperatorList();
  const scan = findScan(pdfjs, operators, pageArea);
  let image: RawImage;
  let toPixels: Matrix;
  let imageSource: PdfPage['imageSource'];
  if (scan) {
    const object = await new Promise<{ width: number; height: number; kind: number; data: Uint8Array }>((resolve) => page.objs.get(scan.name, resolve));
    checkPixels(object.width, object.height, options.maxPixels);
    image = toRawImage(object, pdfjs);
    // The image's unit square maps to the page by `scan.matrix`; invert it, then flip y into rows.
    toPixels = multiply(invert(scan.matrix), [image.width, 0, 0, -image.height, 0, image.height]);
    imageSource = 'embedded';
  } else {
    const scale = (options.renderDpi ?? 300) / 72;
    const viewport = page.getViewport({ scale });
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    checkPixels(width, height, options.maxPixels);
    const factory = (document as unknown as { canvasFactory: { create(w: number, h: number): { canvas: unknown; context: CanvasLike } } }).canvasFactory;
    const { canvas, context } = factory.create(width, height);
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    await page.render({ canvasContext: context as never, canvas: canvas as never, viewport }).promise;
    const pixels = context.getImageData(0, 0, width, height).data;
    image = { width, height, channels: 4, data: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength) };
    toPixels = viewport.transform as Matrix;
    imageSource = 'rendered';
  }
  const text = await page.getTextContent();
  const ocr = textToOcr(text.items.filter((item): item is TextItem & typeof item => "str" in item) as unknown as TextItem[], toPixels, image.width, image.height);
  // Word processors' PDFs carry radical look-alikes (⺠族地⽅⽂献) in their text layers.
  return { number, image, imageSource, ocr: ocr ? normalizeOcrText(ocr) : null };
}

interface CanvasLike {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}

interface TextItem {
  str: string;
  dir: string;
  width: number;
  height: number;
  transform: Matrix;
  hasEOL: boolean;
}

/** The one image painted over (nearly) the whole page, if the page is a scan. */
function findScan(pdfjs: PdfJs, operators: { fnArray: number[]; argsArray: unknown[][] }, pageArea: number): { name: string; matrix: Matrix } | null {
  const { OPS } = pdfjs;
  const stack: Matrix[] = [];
  let current: Matrix = [1, 0, 0, 1, 0, 0];
  const images: { name: string; matrix: Matrix }[] = [];
  operators.fnArray.forEach((fn, i) => {
    const args = operators.argsArray[i] ?? [];
    if (fn === OPS.save) stack.push(current);
    else if (fn === OPS.restore) current = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (fn === OPS.transform) current = multiply(args as Matrix, current);
    else if (fn === OPS.paintImageXObject) images.push({ name: String(args[0]), matrix: current });
  });
  if (images.length !== 1) return null;
  const [image] = images as [{ name: string; matrix: Matrix }];
  const [a, b, c, d] = image.matrix;
  return Math.abs(a * d - b * c) >= pageArea * 0.9 ? image : null;
}

function toRawImage(object: { width: number; height: number; kind: number; data: Uint8Array }, pdfjs: PdfJs): RawImage {
  const { width, height, kind, data } = object;
  if (kind === pdfjs.ImageKind.GRAYSCALE_1BPP) {
    // One bit per pixel, rows padded to whole bytes; in pdf.js's decoded form a set bit is white.
    const stride = Math.ceil(width / 8);
    const grey = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) grey[y * width + x] = (data[y * stride + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
    }
    return { width, height, channels: 1, data: grey };
  }
  if (kind === pdfjs.ImageKind.RGB_24BPP) return greyIfNeutral({ width, height, channels: 3, data });
  return { width, height, channels: 4, data };
}

/** pdf.js hands out greyscale scans as RGB: keep them one channel, as every derivative should be. */
function greyIfNeutral(image: RawImage): RawImage {
  const { data } = image;
  for (let i = 0; i < data.length; i += 3) {
    if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) return image;
  }
  const grey = new Uint8Array(image.width * image.height);
  for (let i = 0, j = 0; j < grey.length; i += 3, j++) grey[j] = data[i]!;
  return { ...image, channels: 1, data: grey };
}

function checkPixels(width: number, height: number, maxPixels: number | undefined): void {
  if (maxPixels !== undefined && width * height > maxPixels) {
    throw inputError('too_many_pixels', `PDF 页面图像 ${width}×${height} 超过像素上限`, `the PDF page image is ${width}×${height}, more pixels than allowed`);
  }
}

/** Text items (in PDF user space) → lines of words in image pixels, grouped into blocks. */
function textToOcr(items: TextItem[], toPixels: Matrix, width: number, height: number): PageOcr | null {
  const lines: OcrLine[] = [];
  let words: OcrWord[] = [];
  let baseline: number | null = null;
  const flush = (): void => {
    if (words.length > 0) {
      const left = Math.min(...words.map((w) => w.box.x));
      const top = Math.min(...words.map((w) => w.box.y));
      const right = Math.max(...words.map((w) => w.box.x + w.box.w));
      const bottom = Math.max(...words.map((w) => w.box.y + w.box.h));
      lines.push({ box: { x: left, y: top, w: right - left, h: bottom - top }, words });
    }
    words = [];
    baseline = null;
  };
  for (const item of items) {
    const [a, b, , , e, f] = item.transform;
    const size = Math.hypot(a, b) || item.height || 1;
    if (baseline !== null && Math.abs(f - baseline) > size * 0.5) flush();
    if (item.str.trim()) {
      baseline = f;
      // The item's box in user space: from the baseline, about 0.8 em up and 0.2 em down.
      const box = clampBox(transformBox(toPixels, e, f - size * 0.2, e + item.width, f + size * 0.8), width, height);
      if (box) words.push(...splitIntoWords(item.str, box));
    }
    if (item.hasEOL) flush();
  }
  flush();
  if (lines.length === 0) return null;
  const allText = lines.flatMap((l) => l.words.map((w) => w.text)).join('');
  return { width, height, source: { format: 'pdf' }, script: detectScript(allText), blocks: groupLinesIntoBlocks(lines) };
}

/** Latin runs split at spaces; Chinese stays one word with a box per character. */
function splitIntoWords(text: string, box: Box): OcrWord[] {
  const chars = [...text];
  const boxes = deriveCharBoxes(text, box);
  const runs: { text: string; boxes: Box[] }[] = [];
  let inRun = false;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (/\s/.test(char)) {
      inRun = false;
      continue;
    }
    if (!inRun) runs.push({ text: '', boxes: [] });
    inRun = true;
    const run = runs.at(-1)!;
    run.text += char;
    run.boxes.push(boxes[i]!);
  }
  return runs.map((run) => {
    const left = run.boxes[0]!.x;
    const last = run.boxes.at(-1)!;
    const wordBox = { x: left, y: box.y, w: last.x + last.w - left, h: box.h };
    return hasHan(run.text) && run.boxes.length > 1 ? { text: run.text, box: wordBox, chars: run.boxes } : { text: run.text, box: wordBox };
  });
}

function transformBox(m: Matrix, x0: number, y0: number, x1: number, y1: number): [number, number, number, number] {
  const corners = [apply(m, x0, y0), apply(m, x1, y0), apply(m, x0, y1), apply(m, x1, y1)];
  return [Math.min(...corners.map((p) => p[0])), Math.min(...corners.map((p) => p[1])), Math.max(...corners.map((p) => p[0])), Math.max(...corners.map((p) => p[1]))];
}

function clampBox([left, top, right, bottom]: [number, number, number, number], width: number, height: number): Box | null {
  const x = Math.max(0, Math.floor(left));
  const y = Math.max(0, Math.floor(top));
  const r = Math.min(width, Math.ceil(right));
  const b = Math.min(height, Math.ceil(bottom));
  return r > x && b > y ? { x, y, w: r - x, h: b - y } : null;
}

const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** m1 then m2 (PDF convention: row vectors, [x y 1] · m1 · m2). */
function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[1] * m2[2],
    m1[0] * m2[1] + m1[1] * m2[3],
    m1[2] * m2[0] + m1[3] * m2[2],
    m1[2] * m2[1] + m1[3] * m2[3],
    m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
    m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
  ];
}

function invert(m: Matrix): Matrix {
  const det = m[0] * m[3] - m[1] * m[2];
  return [m[3] / det, -m[1] / det, -m[2] / det, m[0] / det, (m[2] * m[5] - m[3] * m[4]) / det, (m[1] * m[4] - m[0] * m[5]) / det];
}
