/**
 * Text files from libraries come in UTF-8 (with or without BOM), UTF-16 from some Excel exports,
 * GB18030/GBK from Chinese Windows, or Big5 from Taiwan and Hong Kong. Decode strictly: a file
 * that is none of these is refused rather than read as mojibake.
 *
 * Big5 bytes are almost always *valid* GB18030 too (紅隊測試報 reads as 钉代刚厨), so validity
 * cannot tell them apart. Two signs can: Big5's punctuation and many of its characters fall in
 * GB18030's user-defined areas, which decode to private-use code points no real text holds; and
 * a Big5 file read as Big5 is made of common characters, read as GB18030 of rarer ones. "Common"
 * is GB2312's first level (3,755 characters) joined with Big5's first level (5,401), both read
 * from the decoders themselves, so no table is shipped.
 */
import { inputError } from './input-error.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: strict('utf-8', bytes.subarray(3))!, encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: strict('utf-16le', bytes.subarray(2))!, encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: strict('utf-16be', bytes.subarray(2))!, encoding: 'utf-16be' };
  const utf8 = strict('utf-8', bytes, true);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const gb = strict('gb18030', bytes, true);
  const big5 = strict('big5', bytes, true);
  const usable = (text: string | null): text is string => text !== null && !privateUse.test(text);
  if (usable(gb) && usable(big5)) return commonShare(big5) > commonShare(gb) ? { text: big5, encoding: 'big5' } : { text: gb, encoding: 'gb18030' };
  if (usable(gb)) return { text: gb, encoding: 'gb18030' };
  if (usable(big5)) return { text: big5, encoding: 'big5' };
  throw inputError('unknown_encoding', '文件不是 UTF-8、GB18030 或 Big5 编码的文本，请另存为 UTF-8', 'the file is not UTF-8, GB18030 or Big5 text; save it as UTF-8');
}

function strict(encoding: string, bytes: Uint8Array, quiet = false): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (cause) {
    if (quiet) return null;
    throw inputError('unknown_encoding', `内容不是有效的 ${encoding} 编码`, `the bytes are not valid ${encoding}`, undefined, cause);
  }
}

/** Private-use code points: what GB18030's user-defined areas decode to. */
const privateUse = /[\uE000-\uF8FF]/u;
const han = /\p{Script=Han}/gu;

/** The share of the Han characters in `text` that are common (0 when there are none). */
function commonShare(text: string): number {
  const chars = text.match(han) ?? [];
  if (chars.length === 0) return 0;
  const common = commonHan();
  return chars.filter((char) => common.has(char)).length / chars.length;
}

let common: Set<string> | null = null;

/** GB2312 level 1 (lead bytes B0–D7) and Big5 level 1 (lead bytes A4–C6), read from the decoders. */
function commonHan(): Set<string> {
  if (common) return common;
  common = new Set();
  const add = (encoding: string, leads: [number, number], trails: [number, number][]) => {
    const decoder = new TextDecoder(encoding);
    for (let lead = leads[0]; lead <= leads[1]; lead++) {
      for (const [from, to] of trails) for (let trail = from; trail <= to; trail++) for (const char of decoder.decode(new Uint8Array([lead, trail]))) if (/\p{Script=Han}/u.test(char)) common!.add(char);
    }
  };
  add('gb18030', [0xb0, 0xd7], [[0xa1, 0xfe]]);
  add('big5', [0xa4, 0xc6], [
    [0x40, 0x7e],
    [0xa1, 0xfe],
  ]);
  return common;
}
