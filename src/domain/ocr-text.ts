/**
 * Running text of a page's OCR, and where every word of it is. Search indexes the text; a hit's
 * offsets into it lead back, through the spans, to pixel boxes on the page (for highlights and
 * IIIF Content Search). Words join with a space in Latin script and with nothing in Chinese;
 * blocks (paragraphs) with "\n\n". Lines either keep their breaks ("lines", to show beside the
 * image) or flow together ("flow", for search and article text): a Chinese word broken across two
 * lines must still be found, and so must a Latin word hyphenated at a line end.
 */
import type { PageOcr } from './page-ocr.ts';
import { centreWithin, unionBox, type Box } from './region.ts';

export interface WordSpan {
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  box: Box;
  chars?: Box[];
  block: number;
  line: number;
}

export interface OcrText {
  text: string;
  words: WordSpan[];
}

const latinTail = /[A-Za-z0-9]$/;
const latinHead = /^[A-Za-z0-9]/;

export function ocrText(ocr: PageOcr, options: { blocks?: ReadonlySet<number>; layout?: 'flow' | 'lines' } = {}): OcrText {
  const flow = (options.layout ?? 'flow') === 'flow';
  const parts: string[] = [];
  const words: WordSpan[] = [];
  let offset = 0;
  const push = (piece: string): void => {
    parts.push(piece);
    offset += piece.length;
  };
  let firstBlock = true;
  ocr.blocks.forEach((block, blockIndex) => {
    if (options.blocks && !options.blocks.has(blockIndex)) return;
    if (block.lines.length === 0) return;
    if (!firstBlock) push('\n\n');
    firstBlock = false;
    let previous = '';
    let joinNext = false;
    block.lines.forEach((line, lineIndex) => {
      const lastIndex = line.words.length - 1;
      if (lineIndex > 0 && !flow) {
        push('\n');
        previous = '';
      }
      line.words.forEach((word, wordIndex) => {
        // In Chinese a line break is only where the printer ran out of room, even inside a number.
        const lineBreak = wordIndex === 0 && lineIndex > 0;
        if (previous && !joinNext && !(lineBreak && ocr.script === 'cjk') && needsSpace(ocr.script, previous, word.text)) push(' ');
        // A word hyphenated at a line end joins the next without its hyphen ("im-" "portant").
        const hyphenated = flow && wordIndex === lastIndex && lineIndex < block.lines.length - 1 && /[A-Za-z]-$/.test(word.text);
        const text = hyphenated ? word.text.slice(0, -1) : word.text;
        words.push({ start: offset, end: offset + text.length, box: word.box, ...(word.chars && !hyphenated ? { chars: word.chars } : {}), block: blockIndex, line: lineIndex });
        push(text);
        previous = text;
        joinNext = hyphenated;
      });
    });
  });
  return { text: parts.join(''), words };
}

/** Chinese runs on without spaces, but two Latin tokens ("OCR" "2023") still need one. */
function needsSpace(script: PageOcr['script'], previous: string, next: string): boolean {
  return script === 'latin' || (latinTail.test(previous) && latinHead.test(next));
}

/** Boxes in text order with their line: those next to each other on one line become one. */
export function mergeAdjacentBoxes(boxes: { box: Box; line: string | number }[]): Box[] {
  const merged: { box: Box; line: string | number }[] = [];
  for (const current of boxes) {
    const last = merged.at(-1);
    if (last && last.line === current.line && touches(last.box, current.box)) {
      const x = Math.min(last.box.x, current.box.x);
      const y = Math.min(last.box.y, current.box.y);
      last.box = { x, y, w: Math.max(last.box.x + last.box.w, current.box.x + current.box.w) - x, h: Math.max(last.box.y + last.box.h, current.box.y + current.box.h) - y };
    } else {
      merged.push({ ...current });
    }
  }
  return merged.map((entry) => entry.box);
}

/** Same line and no more than a character's gap apart. */
function touches(a: Box, b: Box): boolean {
  const gap = Math.max(a.h, b.h);
  const horizontal = b.x <= a.x + a.w + gap && a.x <= b.x + b.w + gap && Math.abs(a.y - b.y) < gap;
  const vertical = b.y <= a.y + a.h + a.w && a.y <= b.y + b.h + b.w && Math.abs(a.x - b.x) < Math.max(a.w, b.w);
  return horizontal || vertical;
}

/**
 * The part of a page's OCR inside some rectangles, as OCR of its own: for each rectangle in turn
 * (an article's regions, in reading order), the words whose middle lies in it, on their own lines,
 * lines in reading order (top to bottom; right to left for vertical lines). A word counts once,
 * for the first rectangle holding it. Large OCR blocks are cut up rather than taken whole or not
 * at all, so the text of a hand-drawn region is what is printed inside it.
 */
export function ocrWithin(ocr: PageOcr, boxes: readonly Box[]): PageOcr {
  const taken = new Set<string>();
  const blocks: PageOcr['blocks'] = [];
  for (const region of boxes) {
    const lines: PageOcr['blocks'][number]['lines'] = [];
    ocr.blocks.forEach((block, b) =>
      block.lines.forEach((line, l) => {
        const words = line.words.filter((word, w) => {
          const id = `${b}/${l}/${w}`;
          if (taken.has(id) || !centreWithin(region, word.box)) return false;
          taken.add(id);
          return true;
        });
        if (words.length === 0) return;
        lines.push({ box: unionBox(words.map((word) => word.box))!, words, ...(line.vertical ? { vertical: true } : {}) });
      }),
    );
    if (lines.length === 0) continue;
    const vertical = lines.filter((line) => line.vertical).length > lines.length / 2;
    lines.sort((a, b) => (vertical ? b.box.x + b.box.w - (a.box.x + a.box.w) || a.box.y - b.box.y : a.box.y + a.box.h / 2 - (b.box.y + b.box.h / 2) || a.box.x - b.box.x));
    blocks.push({ box: unionBox(lines.map((line) => line.box))!, lines: mergeSameRow(lines, vertical) });
  }
  return { ...ocr, blocks, zones: [] };
}

/** Pieces of one printed line (its words came from two OCR lines) join again, left to right. */
function mergeSameRow(lines: PageOcr['blocks'][number]['lines'], vertical: boolean): PageOcr['blocks'][number]['lines'] {
  if (vertical) return lines;
  const merged: PageOcr['blocks'][number]['lines'] = [];
  for (const line of lines) {
    const last = merged.at(-1);
    const middle = line.box.y + line.box.h / 2;
    if (last && middle > last.box.y && middle < last.box.y + last.box.h && (line.box.x >= last.box.x + last.box.w || line.box.x + line.box.w <= last.box.x)) {
      const words = [...last.words, ...line.words].sort((a, b) => a.box.x - b.box.x);
      merged[merged.length - 1] = { box: unionBox(words.map((word) => word.box))!, words };
    } else {
      merged.push(line);
    }
  }
  return merged;
}

/**
 * The text of `ocr` with its printed lines (as ocrText gives it) and where the characters are that
 * the OCR read with a score below `threshold` — what a proofreader should look at first.
 */
export function doubtfulChars(ocr: PageOcr, threshold = 0.6): { text: string; doubtful: { start: number; end: number }[] } {
  const { text, words: spans } = ocrText(ocr, { layout: 'lines' });
  // ocrText walks blocks, lines and words in this order, one span per word.
  const words = ocr.blocks.flatMap((block) => block.lines.flatMap((line) => line.words));
  const doubtful: { start: number; end: number }[] = [];
  spans.forEach((span, i) => {
    const scores = words[i]?.charScores;
    if (!scores) return;
    let offset = span.start;
    [...words[i]!.text].forEach((char, c) => {
      if (scores[c]! < threshold && offset + char.length <= span.end) doubtful.push({ start: offset, end: offset + char.length });
      offset += char.length;
    });
  });
  return { text, doubtful };
}

/**
 * The headline of an article's OCR (as ocrWithin gives it): the first lines of its first block
 * printed larger than the body — at least 1.25 × the median line's size across the reading
 * direction (height for horizontal lines, width for vertical ones), or set in capitals in a Latin
 * script — after any specks and rule fragments the OCR read at the top (lines under 0.6 × the
 * median, or without two letters). Null where nothing stands out (a body-text cut).
 */
export function headlineOf(ocr: PageOcr): string | null {
  const found = titleLines(ocr);
  return found?.how === 'headline' ? found.text : null;
}

/**
 * What a cut article's title can start as: its headline where one stands out (headlineOf), else
 * its first printed line — a proposal the cataloguer checks, selected so typing replaces it.
 */
export function titleFromCut(ocr: PageOcr): { text: string; how: 'headline' | 'first-line' } | null {
  return titleLines(ocr);
}

function titleLines(ocr: PageOcr): { text: string; how: 'headline' | 'first-line' } | null {
  const lines = ocr.blocks.flatMap((block) => block.lines);
  const first = ocr.blocks[0];
  if (!first || lines.length === 0) return null;
  const size = (line: (typeof lines)[number]) => (line.vertical ? line.box.w : line.box.h);
  const sizes = lines.map(size).sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)]!;
  const textOf = (picked: typeof lines) => ocrText({ ...ocr, blocks: [{ ...first, lines: picked }] }).text.replace(/\s+/g, ' ').trim();
  const letters = (line: (typeof lines)[number]) => (textOf([line]).match(/[\p{L}\p{N}]/gu) ?? []).length;
  const capitals = (line: (typeof lines)[number]) => {
    const text = textOf([line]);
    const latin = text.match(/\p{Script=Latin}/gu) ?? [];
    return latin.length >= 2 && latin.filter((char) => char === char.toUpperCase()).length / latin.length >= 0.7;
  };
  // Specks and fragments of rules read at the top of the cut are no part of any title.
  let start = 0;
  while (start < first.lines.length - 1 && (size(first.lines[start]!) < median * 0.6 || letters(first.lines[start]!) < 2)) start++;
  const head: typeof lines = [];
  for (const line of first.lines.slice(start)) {
    const large = lines.length >= 2 && size(line) >= median * 1.25 && (head.length === 0 || size(line) >= size(head[0]!) * 0.8);
    if (!(large || capitals(line)) || head.length === 3) break;
    head.push(line);
  }
  const headline = head.length > 0 ? textOf(head) : '';
  if (headline.length > 0 && [...headline].length <= 80) return { text: headline, how: 'headline' };
  const top = first.lines[start];
  const line = top ? textOf([top]) : '';
  return line.length > 0 ? { text: [...line].slice(0, 80).join(''), how: 'first-line' } : null;
}
