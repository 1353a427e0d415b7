/**
 * Pinyin forms of a name so readers can type Latin letters: 清远日报 → "qingyuanribao",
 * "qing yuan ri bao" and the initials "qyrb". Tones are dropped; ü is written v, as on keyboards.
 */
import { pinyin } from 'pinyin-pro';

export function pinyinForms(name: string): string[] {
  if (!/\p{Script=Han}/u.test(name)) return [];
  const syllables = pinyin(name, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' }).filter(Boolean);
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).filter(Boolean);
  if (syllables.length === 0) return [];
  return [...new Set([syllables.join(''), syllables.join(' '), initials.join('')])];
}
