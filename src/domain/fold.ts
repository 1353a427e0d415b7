/**
 * Folding for search: every traditional or variant character becomes its simplified standard
 * form (廣州 → 广州, 報紙 → 报纸, 臺灣 → 台湾, 淸 → 清), character for character, so that a
 * document and a query written either way meet, and a position in folded text is the same
 * position in the original. Readers only ever see the original text.
 * The table is generated (scripts/generate-fold-table.ts) from OpenCC and a variant list.
 */
import { foldPairs } from './data/fold-table.ts';
import { lookAlikePairs } from './data/look-alikes.ts';

const table = new Map<number, string>();
{
  const chars = [...foldPairs];
  // Pairs that fold a character to itself (compatibility forms OpenCC lists) are left out: they change nothing.
  for (let i = 0; i + 1 < chars.length; i += 2) if (chars[i] !== chars[i + 1]) table.set(chars[i]!.codePointAt(0)!, chars[i + 1]!);
  // Radicals and other look-alikes fold as the character they stand for (text typed or pasted by people is not normalized when stored).
  const lookAlikes = [...lookAlikePairs];
  for (let i = 0; i + 1 < lookAlikes.length; i += 2) {
    const target = lookAlikes[i + 1]!;
    table.set(lookAlikes[i]!.codePointAt(0)!, table.get(target.codePointAt(0)!) ?? target);
  }
}

/**
 * The same table for the BMP as one flat array (UTF-16 unit → 1 + index into `foldedUnits`, 0 when
 * the unit does not fold): a text is folded at one array read per character, several times faster
 * than a map look-up, and every indexed text and every search hit is folded.
 */
const bmpFolds = new Uint16Array(0x10000);
const foldedUnits: string[] = [''];
for (const [code, folded] of table) {
  if (code > 0xffff) continue;
  bmpFolds[code] = foldedUnits.length;
  foldedUnits.push(folded);
}
/** Whether a character outside the BMP is in the table at all (its high surrogate folds nothing). */
const astralLeads = new Set([...table.keys()].filter((code) => code > 0xffff).map((code) => String.fromCodePoint(code).charCodeAt(0)));

/** The folded form of a text: same number of characters (code points), each folded on its own. */
export function fold(text: string): string {
  return foldChars(text, false);
}

/**
 * fold() with every offset kept: a character whose fold would change its UTF-16 length (one
 * outside the BMP folding to one inside, or back) stays as it is, so text.slice(a, b) and
 * foldAligned(text).slice(a, b) are always the same characters.
 */
export function foldAligned(text: string): string {
  return foldChars(text, true);
}

/**
 * The text with each folding character replaced, built from the runs between them: a text that
 * needs no folding (most of a simplified-Chinese paper) comes back as it is, with nothing made
 * (documents for a whole archive are folded at every rebuild).
 */
function foldChars(text: string, keepLength: boolean): string {
  let parts: string[] | null = null;
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let folded: string | undefined;
    let width = 1;
    if (unit >= 0xd800 && unit <= 0xdbff && astralLeads.has(unit)) {
      folded = table.get(text.codePointAt(i)!);
      width = 2;
    } else if (bmpFolds[unit] !== 0) {
      folded = foldedUnits[bmpFolds[unit]!];
    }
    if (folded !== undefined && (!keepLength || folded.length === width)) {
      (parts ??= []).push(text.slice(runStart, i), folded);
      runStart = i + width;
    }
    i += width - 1;
  }
  if (!parts) return text;
  parts.push(text.slice(runStart));
  return parts.join('');
}

/** Whether folding changes this character. */
export const folds = (char: string): boolean => table.has(char.codePointAt(0) ?? -1);

/** How many characters the table knows (for docs and tests). */
export const foldTableSize = table.size;
