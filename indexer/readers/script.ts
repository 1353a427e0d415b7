/** Which writing system a text is in, for how OCR words join and whether to derive character boxes. */

const han = /\p{Script=Han}/u;
const hanGlobal = /\p{Script=Han}/gu;
const letters = /[\p{L}\p{N}]/gu;

export const hasHan = (text: string): boolean => han.test(text);

/** "cjk" when at least a fifth of the letters are Chinese characters, else "latin". */
export function detectScript(text: string): 'cjk' | 'latin' {
  const total = text.match(letters)?.length ?? 0;
  if (total === 0) return 'latin';
  const chinese = text.match(hanGlobal)?.length ?? 0;
  return chinese / total >= 0.2 ? 'cjk' : 'latin';
}
