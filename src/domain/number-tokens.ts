/**
 * Numbers as search tokens. Meilisearch's Chinese segmentation cuts digits printed against Chinese
 * characters apart (2024年 is indexed as 2, 0, 2, 4, 年), so a reader's 2024 would find nothing and
 * 2020年 would match any text with 2, 0 and 年 in it. Documents therefore carry their numbers in a
 * field of their own, each whole, and each beside the Chinese character printed against it on
 * either side, written as a Latin token (年 → x5e74): 2024年 → `2024 2024x5e74`, 第20240期 →
 * `20240 x7b2c20240 20240x671f`. A query's number becomes a phrase of the same tokens, so 2024
 * matches 2024 and never 20240, and 2024年 matches only where 年 follows 2024.
 */
const han = /\p{Script=Han}/u;

/** The Latin token standing for a Chinese character beside a number. */
export const hanToken = (char: string): string => `x${char.codePointAt(0)!.toString(16)}`;

export interface PrintedNumber {
  digits: string;
  /** The Chinese characters printed right before and after it, if any. */
  before?: string;
  after?: string;
}

/** Every run of digits in a text, with its Chinese neighbours. */
export function printedNumbers(text: string): PrintedNumber[] {
  const found: PrintedNumber[] = [];
  for (const match of text.matchAll(/\d+/g)) {
    const start = match.index;
    const end = start + match[0].length;
    // The whole character on each side (one outside the BMP takes two code units).
    const before = start > 0 ? ([...text.slice(Math.max(0, start - 2), start)].at(-1) ?? '') : '';
    const after = String.fromCodePoint(text.codePointAt(end) ?? 32);
    found.push({ digits: match[0], ...(han.test(before) ? { before } : {}), ...(han.test(after) ? { after } : {}) });
  }
  return found;
}

/** The tokens of one printed number: itself, and itself joined to each Chinese neighbour. */
export function tokensOf(number: PrintedNumber): string[] {
  return [number.digits, ...(number.before ? [`${hanToken(number.before)}${number.digits}`] : []), ...(number.after ? [`${number.digits}${hanToken(number.after)}`] : [])];
}

/**
 * A document's `numbers` field: the tokens of every number in its (folded) text, each number's
 * together and in the same order as a query's phrase asks for them; a number printed the same way
 * twice, once.
 */
export function numberTokens(folded: string): string {
  return [...new Set(printedNumbers(folded).map((number) => tokensOf(number).join(' ')))].join(' ');
}
