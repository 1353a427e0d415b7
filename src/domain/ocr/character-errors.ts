/**
 * Character error rate of OCR against a page whose lines are known. Every character read is
 * given to the true line its box's centre falls in (a reading that runs two columns together
 * still gives each its own characters); a true line's reading is what was given to it, in order
 * along the line; errors are the edits (insert, delete, substitute) from the true text to that
 * reading, plus every character read where no line is printed. Whitespace is ignored; look-alike
 * and presentation forms count as the characters they stand for (︐ = ，, ⺠ = 民), and the
 * quotation marks of vertical setting as those of horizontal (﹁ 「 = “).
 */
import { normalizeIdeographs } from '../ideographs.ts';
import type { PageOcr } from '../page-ocr.ts';
import type { Box } from '../region.ts';

export interface PlacedText {
  text: string;
  /** Corners of the line on the page. */
  polygon: readonly (readonly [number, number])[];
  vertical?: boolean;
}

export interface CharacterErrors {
  characters: number;
  errors: number;
  rate: number;
  /** Each true line with what was read for it, where they differ (to see what goes wrong). */
  misses: { expected: string; read: string; errors: number }[];
}

const quotes: Record<string, string> = { '「': '“', '」': '”', '『': '‘', '』': '’' };
const tidyChar = (ch: string): string => {
  const normal = normalizeIdeographs(ch).normalize('NFKC');
  return quotes[normal] ?? normal;
};
/** The characters that count: whitespace left out, each tidied (NFKC may make one into several: ︙ → ...). */
const tidy = (text: string): string[] => [...[...text].filter((ch) => !/\s/.test(ch)).map(tidyChar).join('')];

/** Each character the OCR read with the centre of its box (derived along the word where the OCR gives none). */
export function placedCharacters(ocr: PageOcr): { char: string; x: number; y: number }[] {
  const out: { char: string; x: number; y: number }[] = [];
  for (const block of ocr.blocks) {
    for (const line of block.lines) {
      for (const word of line.words) {
        const chars = [...word.text];
        chars.forEach((char, i) => {
          const box: Box = word.chars?.[i] ?? alongWord(word.box, i, chars.length, line.vertical === true);
          out.push({ char, x: box.x + box.w / 2, y: box.y + box.h / 2 });
        });
      }
    }
  }
  return out;
}

function alongWord(box: Box, i: number, count: number, vertical: boolean): Box {
  return vertical ? { x: box.x, y: box.y + (box.h * i) / count, w: box.w, h: box.h / count } : { x: box.x + (box.w * i) / count, y: box.y, w: box.w / count, h: box.h };
}

export function characterErrors(truth: readonly PlacedText[], ocr: PageOcr): CharacterErrors {
  const lines = truth.map((line) => ({ ...line, bounds: bounds(line.polygon) }));
  const given = truth.map(() => [] as { char: string; at: number }[]);
  let stray = 0;
  for (const placed of placedCharacters(ocr)) {
    if (/\s/.test(placed.char)) continue;
    const index = lines.findIndex((line) => placed.x >= line.bounds.x0 && placed.x <= line.bounds.x1 && placed.y >= line.bounds.y0 && placed.y <= line.bounds.y1);
    if (index < 0) {
      stray++;
      continue;
    }
    given[index]!.push({ char: placed.char, at: lines[index]!.vertical ? placed.y : placed.x });
  }
  let characters = 0;
  let errors = stray;
  const misses: CharacterErrors['misses'] = [];
  truth.forEach((line, i) => {
    const expected = tidy(line.text);
    const reading = tidy(given[i]!.sort((a, b) => a.at - b.at).map((g) => g.char).join(''));
    const distance = editDistance(expected, reading);
    characters += expected.length;
    errors += distance;
    if (distance > 0) misses.push({ expected: expected.join(''), read: reading.join(''), errors: distance });
  });
  return { characters, errors, rate: characters === 0 ? 0 : errors / characters, misses };
}

/** The line's bounds, reaching a little past its corners (a character box may stick out of a skewed line's polygon). */
function bounds(polygon: readonly (readonly [number, number])[]): { x0: number; y0: number; x1: number; y1: number } {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const pad = Math.min(x1 - x0, y1 - y0) * 0.15;
  return { x0: x0 - pad, y0: y0 - pad, x1: x1 + pad, y1: y1 + pad };
}

/** Levenshtein distance between two character sequences. */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
