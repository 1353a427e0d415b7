/**
 * Look-alike code points replaced by the characters they stand for: Kangxi radicals and CJK
 * radical-supplement characters that word processors put in PDF text layers (⺠族地⽅⽂献 →
 * 民族地方文献), CJK compatibility ideographs, and the vertical presentation forms of punctuation
 * (︐ → ，) that OCR of vertical text reads. One code point becomes one code point, so word
 * lengths, character boxes and character confidences stay aligned. Every text difang stores or
 * indexes passes through here; a delivered file is kept as it came.
 */
import { lookAlikePairs } from './data/look-alikes.ts';
import type { PageOcr } from './page-ocr.ts';

const table = new Map<string, string>();
{
  const chars = [...lookAlikePairs];
  for (let i = 0; i + 1 < chars.length; i += 2) table.set(chars[i]!, chars[i + 1]!);
}

/** Any character the table might replace (a quick test before looking at each character). */
const mayHoldLookAlikes = /[\u2e80-\u2fdf\u31c0-\u31ef\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe48]|\ud87e[\udc00-\ude1f]/u;

export function normalizeIdeographs(text: string): string {
  if (!mayHoldLookAlikes.test(text)) return text;
  let out = '';
  for (const ch of text) out += table.get(ch) ?? ch;
  return out;
}

/** How many characters of a text are look-alikes. */
export function countLookAlikes(text: string): number {
  if (!mayHoldLookAlikes.test(text)) return 0;
  let count = 0;
  for (const ch of text) if (table.has(ch)) count++;
  return count;
}

/** The OCR with every word's text normalized (the same object when nothing needed it). */
export function normalizeOcrText(ocr: PageOcr): PageOcr {
  let changed = false;
  const blocks = ocr.blocks.map((block) => ({
    ...block,
    lines: block.lines.map((line) => ({
      ...line,
      words: line.words.map((word) => {
        const text = normalizeIdeographs(word.text);
        if (text === word.text) return word;
        changed = true;
        return { ...word, text };
      }),
    })),
  }));
  return changed ? { ...ocr, blocks } : ocr;
}
