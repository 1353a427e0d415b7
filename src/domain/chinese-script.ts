/**
 * Whether Chinese text is set in traditional characters: the share of its Han characters that
 * fold to another (simplified) form. Simplified text has next to none; traditional text has one
 * in four or more (報 紙 館 讀 …), even read by an OCR whose alphabet lacks many of them.
 */
import { fold } from './fold.ts';

export function traditionalShare(text: string): number {
  let han = 0;
  let traditional = 0;
  for (const ch of text) {
    if (!/\p{Script=Han}/u.test(ch)) continue;
    han++;
    if (fold(ch) !== ch) traditional++;
  }
  return han === 0 ? 0 : traditional / han;
}

export const looksTraditional = (text: string): boolean => traditionalShare(text) >= 0.08;
