/**
 * Folding for search: every traditional or variant character becomes its simplified standard
 * form (廣州 → 广州, 報紙 → 报纸, 臺灣 → 台湾, 淸 → 清), character for character, so that a
 * document and a query written either way meet, and a position in folded text is the same
 * position in the original. Readers only ever see the original text.
 * The table is generated (scripts/generate-fold-table.ts) from OpenCC and a variant list.
 */
import { foldPairs } from './data/fold-table.ts';

const table = new Map<number, string>();
{
  const chars = [...foldPairs];
  for (let i = 0; i + 1 < chars.length; i += 2) table.set(chars[i]!.codePointAt(0)!, chars[i + 1]!);
}

/** The folded form of a text: same number of characters (code points), each folded on its own. */
export function fold(text: string): string {
  let out = '';
  for (const char of text) out += table.get(char.codePointAt(0)!) ?? char;
  return out;
}

/**
 * fold() with every offset kept: a character whose fold would change its UTF-16 length (one
 * outside the BMP folding to one inside, or back) stays as it is, so text.slice(a, b) and
 * foldAligned(text).slice(a, b) are always the same characters.
 */
export function foldAligned(text: string): string {
  let out = '';
  for (const char of text) {
    const folded = table.get(char.codePointAt(0)!);
    out += folded !== undefined && folded.length === char.length ? folded : char;
  }
  return out;
}

/** Whether folding changes this character. */
export const folds = (char: string): boolean => table.has(char.codePointAt(0) ?? -1);

/** How many characters the table knows (for docs and tests). */
export const foldTableSize = table.size;
