/**
 * Languages as records keep them: ISO 639-2 bibliographic codes (chi, eng, fre, ger…), the form
 * MARC, MODS and the national library's core set use. Packages write them every way there is
 * (fr, fra, French, 法文); the text itself says what it is when nothing else does.
 * @see https://www.loc.gov/standards/iso639-2/php/code_list.php
 */

/** ISO 639-1 two-letter codes and ISO 639-2/T codes → ISO 639-2/B. */
const codes: Record<string, string> = {
  zh: 'chi', zho: 'chi', chi: 'chi',
  en: 'eng', eng: 'eng',
  fr: 'fre', fra: 'fre', fre: 'fre',
  de: 'ger', deu: 'ger', ger: 'ger',
  nl: 'dut', nld: 'dut', dut: 'dut',
  it: 'ita', ita: 'ita',
  es: 'spa', spa: 'spa',
  pt: 'por', por: 'por',
  la: 'lat', lat: 'lat',
  ru: 'rus', rus: 'rus',
  ja: 'jpn', jpn: 'jpn',
  ko: 'kor', kor: 'kor',
  lb: 'ltz', ltz: 'ltz',
  da: 'dan', dan: 'dan',
  sv: 'swe', swe: 'swe',
  pl: 'pol', pol: 'pol',
  mn: 'mon', mon: 'mon',
  bo: 'tib', bod: 'tib', tib: 'tib',
  ug: 'uig', uig: 'uig',
};

/** Language names as packages write them, lowercase. */
const names: Record<string, string> = {
  chinese: 'chi', 中文: 'chi', 汉语: 'chi', 汉文: 'chi',
  english: 'eng', 英文: 'eng', 英语: 'eng',
  french: 'fre', français: 'fre', francais: 'fre', 法文: 'fre', 法语: 'fre',
  german: 'ger', deutsch: 'ger', 德文: 'ger', 德语: 'ger',
  dutch: 'dut', italian: 'ita', spanish: 'spa', latin: 'lat', russian: 'rus', japanese: 'jpn', 日文: 'jpn', 日语: 'jpn', korean: 'kor',
};

/** A language as written in a package (code or name, any case; a region tag such as fr-FR is dropped), as ISO 639-2/B; null when unknown. */
export function languageCode(value: string | undefined): string | null {
  const written = (value ?? '').trim().toLowerCase();
  if (!written) return null;
  const primary = written.split(/[-_]/)[0]!;
  return codes[primary] ?? names[written] ?? names[primary] ?? null;
}

/** Common short words of the Latin-script languages old papers are printed in. */
const stopwords: Record<string, readonly string[]> = {
  eng: ['the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'was', 'with', 'on', 'by', 'at', 'from', 'will', 'be', 'have'],
  fre: ['le', 'la', 'les', 'de', 'des', 'et', 'du', 'en', 'un', 'une', 'est', 'que', 'qui', 'dans', 'pour', 'par', 'sur', 'pas', 'au'],
  ger: ['der', 'die', 'das', 'und', 'den', 'von', 'zu', 'mit', 'sich', 'des', 'ist', 'im', 'dem', 'nicht', 'ein', 'eine', 'auf', 'für'],
  dut: ['de', 'het', 'een', 'en', 'van', 'in', 'is', 'op', 'te', 'dat', 'voor', 'niet', 'met', 'zijn', 'aan'],
  ita: ['il', 'di', 'che', 'la', 'per', 'non', 'del', 'della', 'una', 'con', 'sono', 'gli', 'nel', 'alla'],
  spa: ['el', 'los', 'las', 'del', 'que', 'por', 'una', 'con', 'para', 'es', 'se', 'al', 'como', 'pero'],
};

/**
 * The language a page's text is in, told from the text alone: Han characters → chi (jpn when kana
 * are frequent too), Latin script by its commonest short words; null when too little or too mixed.
 */
export function detectLanguage(text: string): string | null {
  let han = 0;
  let kana = 0;
  let hangul = 0;
  let letters = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x20000 && code <= 0x2ffff)) han++;
    else if (code >= 0x3040 && code <= 0x30ff) kana++;
    else if (code >= 0xac00 && code <= 0xd7af) hangul++;
    else if (/\p{L}/u.test(ch)) letters++;
  }
  if (hangul > 20 && hangul > han) return 'kor';
  if (kana > 20 && kana > han * 0.2) return 'jpn';
  if (han > 10 && han >= letters / 4) return 'chi';
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 20) return null;
  const counts = Object.entries(stopwords).map(([language, list]) => {
    const set = new Set(list);
    return { language, hits: words.filter((word) => set.has(word)).length };
  });
  counts.sort((a, b) => b.hits - a.hits);
  const [best, second] = counts;
  // Clearly ahead, and frequent enough to be running text rather than a list of names.
  return best && best.hits >= words.length * 0.08 && best.hits >= (second?.hits ?? 0) * 1.5 ? best.language : null;
}

/**
 * The BCP 47 tag for a language kept as ISO 639-2/B, for HTML `lang` and IIIF language maps:
 * the two-letter code where there is one (eng → en, fre → fr), Chinese as zh-Hans.
 */
export function bcp47Of(iso6392: string): string {
  if (iso6392 === 'chi') return 'zh-Hans';
  const twoLetter = Object.entries(codes).find(([code, target]) => code.length === 2 && target === iso6392)?.[0];
  return twoLetter ?? iso6392;
}
