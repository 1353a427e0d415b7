/**
 * Pinyin forms of a name so readers can type Latin letters: 清远日报 → "qingyuanribao",
 * "qing yuan ri bao" and the initials "qyrb". Tones are dropped; ü is written v, as on keyboards.
 */
import { pinyin } from 'pinyin-pro';

/** Names recur on every document (the paper's, the city's): their forms are kept, up to this many. */
const rememberedNames = 20_000;
const remembered = new Map<string, readonly string[]>();

export function pinyinForms(name: string): string[] {
  let forms = remembered.get(name);
  if (!forms) {
    forms = formsOf(name);
    if (remembered.size >= rememberedNames) remembered.clear();
    remembered.set(name, forms);
  }
  return [...forms];
}

function formsOf(name: string): string[] {
  if (!/\p{Script=Han}/u.test(name)) return [];
  const syllables = pinyin(name, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' }).filter(Boolean);
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).filter(Boolean);
  if (syllables.length === 0) return [];
  return [...new Set([syllables.join(''), syllables.join(' '), initials.join('')])];
}
