/**
 * hOCR (Tesseract, OCRopus, kraken, many vendors) → normalized page OCR. Read as HTML with
 * htmlparser2, since much hOCR in the wild is not well-formed XML. Blocks are ocr_carea (or
 * ocr_par), lines ocr_line and its kin, words ocrx_word; characters from ocrx_cinfo or x_bboxes,
 * derived for Chinese otherwise. Coordinates are scaled if the hOCR page has the image's shape
 * but another size.
 * @see http://kba.github.io/hocr-spec/1.2/
 */
import { Parser } from 'htmlparser2';
import { deriveCharBoxes, looksVertical } from '../../src/domain/ocr-geometry.ts';
import type { OcrBlock, OcrLine, OcrWord, PageOcr } from '../../src/domain/page-ocr.ts';
import { unionBox, type Box } from '../../src/domain/region.ts';
import { inputError } from './input-error.ts';
import { detectScript, hasHan } from './script.ts';

export interface HocrOptions {
  imageWidth: number;
  imageHeight: number;
}

type Rect = [number, number, number, number];

const lineClasses = new Set(['ocr_line', 'ocrx_line', 'ocr_header', 'ocr_caption', 'ocr_textfloat']);
const shapeTolerance = 0.02;

interface RawWord {
  text: string;
  bbox?: Rect;
  conf?: number;
  chars: { text: string; bbox?: Rect }[];
  xBboxes?: number[];
}

interface RawLine {
  bbox?: Rect;
  words: RawWord[];
  text: string;
}

export function parseHocr(html: string, options: HocrOptions): PageOcr {
  if (/<!ENTITY/i.test(html.slice(0, 4096))) {
    throw inputError('unsafe_xml', 'hOCR 含有实体声明，出于安全原因拒绝处理', 'the hOCR declares entities; refused for safety');
  }
  let pageBox: Rect | undefined;
  const blocks: { bbox?: Rect; lines: RawLine[] }[] = [];
  // Blocks are content areas when the file has them, else paragraphs, else one per line.
  const blockClass = html.includes('ocr_carea') ? 'ocr_carea' : html.includes('ocr_par') ? 'ocr_par' : null;
  const stack: { kind: 'block' | 'line' | 'word' | 'char' | 'other' }[] = [];
  let block: (typeof blocks)[number] | null = null;
  let line: RawLine | null = null;
  let word: RawWord | null = null;
  let char: RawWord['chars'][number] | null = null;

  const parser = new Parser(
    {
      onopentag(_name, attributes) {
        const classes = (attributes.class ?? '').split(/\s+/);
        const props = parseTitle(attributes.title ?? '');
        let kind: (typeof stack)[number]['kind'] = 'other';
        if (classes.includes('ocr_page')) {
          pageBox = props.bbox;
        } else if (blockClass && classes.includes(blockClass)) {
          block = { bbox: props.bbox, lines: [] };
          blocks.push(block);
          kind = 'block';
        } else if (classes.some((c) => lineClasses.has(c))) {
          if (!block || !blockClass) {
            block = { lines: [] };
            blocks.push(block);
          }
          line = { bbox: props.bbox, words: [], text: '' };
          block.lines.push(line);
          kind = 'line';
        } else if (classes.includes('ocrx_word') && line) {
          word = { text: '', bbox: props.bbox, conf: props.conf, chars: [], xBboxes: props.xBboxes };
          line.words.push(word);
          kind = 'word';
        } else if (classes.includes('ocrx_cinfo') && word) {
          char = { text: '', bbox: props.bbox ?? (props.xBboxes?.length === 4 ? (props.xBboxes as Rect) : undefined) };
          word.chars.push(char);
          kind = 'char';
        }
        stack.push({ kind });
      },
      ontext(text) {
        if (char) char.text += text;
        if (word) word.text += text;
        else if (line) line.text += text;
      },
      onclosetag() {
        const closed = stack.pop();
        if (closed?.kind === 'char') char = null;
        else if (closed?.kind === 'word') word = null;
        else if (closed?.kind === 'line') line = null;
        else if (closed?.kind === 'block') {
          block = null;
          line = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();

  const scale = scaleFor(pageBox, options);
  const toBox = (rect: Rect | undefined): Box | null => {
    if (!rect) return null;
    const x = Math.max(0, Math.round(rect[0] * scale.x));
    const y = Math.max(0, Math.round(rect[1] * scale.y));
    const right = Math.min(options.imageWidth, Math.round(rect[2] * scale.x));
    const bottom = Math.min(options.imageHeight, Math.round(rect[3] * scale.y));
    return right > x && bottom > y ? { x, y, w: right - x, h: bottom - y } : null;
  };

  const allText: string[] = [];
  const normalized: OcrBlock[] = [];
  for (const rawBlock of blocks) {
    const lines: OcrLine[] = [];
    for (const rawLine of rawBlock.lines) {
      const lineBox = toBox(rawLine.bbox);
      // Some tools put the text straight in the line, without word elements.
      const rawWords = rawLine.words.length > 0 ? rawLine.words : rawLine.text.trim() ? [{ text: rawLine.text, bbox: rawLine.bbox, chars: [] }] : [];
      const vertical = lineBox ? looksVertical(lineBox, rawWords.map((w) => w.text.trim()).join('')) : false;
      const words: OcrWord[] = [];
      for (const rawWord of rawWords) {
        // With character boxes (ocrx_cinfo) the word is its characters: the markup between them is not text.
        const cinfo = rawWord.chars.filter((c) => c.text.trim());
        const text = cinfo.length > 0 ? cinfo.map((c) => c.text.trim()).join('') : rawWord.text.trim();
        const box = toBox(rawWord.bbox) ?? lineBox;
        if (!text || !box) continue;
        allText.push(text);
        words.push({ text, box, ...(rawWord.conf !== undefined ? { confidence: rawWord.conf } : {}), ...charBoxes(rawWord, text, box, vertical, toBox) });
      }
      if (words.length === 0) continue;
      const box = lineBox ?? unionBox(words.map((w) => w.box))!;
      lines.push({ box, words, ...(vertical ? { vertical: true } : {}) });
    }
    if (lines.length > 0) normalized.push({ box: toBox(rawBlock.bbox) ?? unionBox(lines.map((l) => l.box))!, lines });
  }
  return { width: options.imageWidth, height: options.imageHeight, source: { format: 'hocr' }, script: detectScript(allText.join('')), blocks: normalized };
}

function charBoxes(word: RawWord, text: string, box: Box, vertical: boolean, toBox: (rect: Rect | undefined) => Box | null): { chars?: Box[] } {
  const count = [...text].length;
  const fromCinfo = word.chars.filter((c) => c.text.trim()).map((c) => toBox(c.bbox));
  if (fromCinfo.length === count && fromCinfo.every((b): b is Box => b !== null)) return { chars: fromCinfo };
  if (word.xBboxes && word.xBboxes.length === count * 4) {
    const boxes = Array.from({ length: count }, (_, i) => toBox(word.xBboxes!.slice(i * 4, i * 4 + 4) as Rect));
    if (boxes.every((b): b is Box => b !== null)) return { chars: boxes };
  }
  if (hasHan(text) && count > 1) return { chars: deriveCharBoxes(text, box, vertical) };
  return {};
}

/** hOCR properties live in the title attribute: "bbox 10 20 110 40; x_wconf 93". */
function parseTitle(title: string): { bbox?: Rect; conf?: number; xBboxes?: number[] } {
  const result: { bbox?: Rect; conf?: number; xBboxes?: number[] } = {};
  for (const property of title.split(';')) {
    const [name, ...values] = property.trim().split(/\s+/);
    if (name === 'bbox' && values.length === 4) {
      const numbers = values.map(Number);
      if (numbers.every(Number.isFinite)) result.bbox = numbers as Rect;
    } else if (name === 'x_wconf' && values[0] !== undefined) {
      const conf = Number(values[0]) / 100;
      if (Number.isFinite(conf)) result.conf = Math.min(1, Math.max(0, conf));
    } else if (name === 'x_bboxes') {
      const numbers = values.map(Number);
      if (numbers.every(Number.isFinite)) result.xBboxes = numbers;
    }
  }
  return result;
}

function scaleFor(pageBox: Rect | undefined, options: HocrOptions): { x: number; y: number } {
  if (!pageBox) return { x: 1, y: 1 };
  const width = pageBox[2] - pageBox[0];
  const height = pageBox[3] - pageBox[1];
  if (width <= 0 || height <= 0) return { x: 1, y: 1 };
  const x = options.imageWidth / width;
  const y = options.imageHeight / height;
  if (Math.abs(x / y - 1) > shapeTolerance) {
    throw inputError(
      'ocr_mismatch',
      `hOCR 页面 ${width}×${height} 与图像 ${options.imageWidth}×${options.imageHeight} 的长宽比不符`,
      `the hOCR page is ${width}×${height} but the image is ${options.imageWidth}×${options.imageHeight}, a different shape`,
    );
  }
  return { x, y };
}
