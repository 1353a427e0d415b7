/**
 * Tag suggestions for an article, for a cataloguer to accept or reject (nothing is applied by
 * itself): vocabulary terms printed in the text (in either script, as their preferred form),
 * dates written in the text, 中图法 classes from the subject terms that occur, and TextRank (the
 * benchmark's baseline for keywords). People, organizations and places are recognized in
 * name-recognition.ts and gazetteer.ts, keywords ranked in keywords.ts. Pure: the segmentation
 * comes in as tokens.
 */
import { fold } from './fold.ts';
import type { Term } from './term.ts';

export interface Token {
  word: string;
  /** Part of speech, ICTCLAS tags as jieba gives them: n, ns (place), nr (person), nt (organization), v, vn… */
  tag: string;
}

/** Where each token is printed in the text, in order: its start offset, or -1 for one the text does not hold there. */
export function tokenOffsets(text: string, tokens: readonly Token[]): number[] {
  let offset = 0;
  return tokens.map((token) => {
    const at = text.indexOf(token.word, offset);
    if (at >= 0) offset = at + token.word.length;
    return at;
  });
}

/** Parts of speech a keyword may be: nouns of every kind, verbal nouns, and what the dictionary did not know. */
const keywordTags = new Set(['n', 'ns', 'nr', 'nt', 'nz', 'nw', 'vn', 'an', 'x', 'eng']);
const stopWords = new Set(['我们', '他们', '一个', '工作', '方面', '问题', '情况', '同时', '进行', '通过', '没有', '已经', '目前', '以及', '有关', '今年', '去年', '记者', '本报']);

/**
 * TextRank (Mihalcea & Tarau 2004, as jieba.analyse.textrank does it): candidate words joined by
 * co-occurrence within a window, ranked by PageRank with damping 0.85. Two or more characters only.
 */
export function textRank(tokens: readonly Token[], options: { window?: number; top?: number; iterations?: number } = {}): { word: string; score: number }[] {
  const window = options.window ?? 5;
  const candidate = (token: Token) => keywordTags.has(token.tag) && [...token.word].length >= 2 && /\p{L}/u.test(token.word) && !/^\d/.test(token.word) && !stopWords.has(token.word);
  const edges = new Map<string, Map<string, number>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    const from = edges.get(a) ?? new Map<string, number>();
    from.set(b, (from.get(b) ?? 0) + 1);
    edges.set(a, from);
  };
  for (let i = 0; i < tokens.length; i++) {
    if (!candidate(tokens[i]!)) continue;
    for (let j = i + 1; j < Math.min(tokens.length, i + window); j++) {
      if (!candidate(tokens[j]!)) continue;
      link(tokens[i]!.word, tokens[j]!.word);
      link(tokens[j]!.word, tokens[i]!.word);
    }
  }
  const words = [...edges.keys()];
  if (words.length === 0) return [];
  const outWeight = new Map(words.map((w) => [w, [...edges.get(w)!.values()].reduce((a, b) => a + b, 0)]));
  let score = new Map(words.map((w) => [w, 1 / words.length]));
  for (let iteration = 0; iteration < (options.iterations ?? 20); iteration++) {
    const next = new Map<string, number>();
    for (const word of words) {
      let sum = 0;
      for (const [neighbour, weight] of edges.get(word)!) sum += (weight / outWeight.get(neighbour)!) * score.get(neighbour)!;
      next.set(word, 0.15 + 0.85 * sum);
    }
    score = next;
  }
  const highest = Math.max(...score.values());
  return [...score.entries()]
    .map(([word, value]) => ({ word, score: Math.round((value / highest) * 1000) / 1000 }))
    .sort((a, b) => b.score - a.score || a.word.localeCompare(b.word, 'zh-CN'))
    .slice(0, options.top ?? 10);
}

/** Why a suggestion is made, for the cataloguer to judge it. */
export interface Reason {
  'zh-CN': string;
  en: string;
}

export interface NameSuggestion {
  name: string;
  /** Where it came from: a vocabulary term (its id), the gazetteer of administrative divisions, or the text's wording. */
  source: 'vocabulary' | 'gazetteer' | 'text';
  termId?: string;
  code?: string;
  count: number;
  why: Reason;
}

/** Vocabulary terms (preferred or variant, simplified or traditional) printed in the text, as their preferred form. */
export function termsInText(text: string, terms: readonly Term[]): NameSuggestion[] {
  const folded = fold(text);
  const found: NameSuggestion[] = [];
  for (const term of terms) {
    let count = 0;
    for (const name of new Set([term.preferred, ...term.variants])) {
      const needle = fold(name);
      if ([...needle].length < 2) continue;
      for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + needle.length)) count++;
    }
    if (count > 0) {
      const printed = [term.preferred, ...term.variants].find((name) => folded.includes(fold(name)) && fold(name) !== fold(term.preferred));
      const vocabularyName = { subject: ['主题词表', 'subject vocabulary'], clc: ['中图法', 'CLC'], place: ['地名表', 'place vocabulary'], person: ['人名表', 'person vocabulary'], organization: ['机构名表', 'organization vocabulary'] }[term.vocabulary];
      const why = {
        'zh-CN': `${vocabularyName[0]}${printed && !folded.includes(fold(term.preferred)) ? `：文中作“${printed}”，规范为“${term.preferred}”` : ''}${count > 1 ? `，出现 ${count} 次` : ''}`,
        en: `${vocabularyName[1]}${printed && !folded.includes(fold(term.preferred)) ? `: printed "${printed}", preferred "${term.preferred}"` : ''}${count > 1 ? `, printed ${count} times` : ''}`,
      };
      found.push({ name: term.preferred, source: 'vocabulary', termId: term.id, ...(term.code ? { code: term.code } : {}), count, why });
    }
  }
  return found.sort((a, b) => b.count - a.count);
}

export interface DateMention {
  /** As printed. */
  text: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  iso: string;
}

const chineseDigits: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** 二十五 → 25, 十 → 10, 三 → 3; null for what is not a small Chinese number. */
function chineseNumber(value: string): number | null {
  if (/^\d+$/.test(value)) return Number(value);
  if (![...value].every((c) => c in chineseDigits)) return null;
  const at = value.indexOf('十');
  if (at < 0) return Number([...value].map((c) => chineseDigits[c]).join(''));
  const tens = at === 0 ? 1 : chineseDigits[value[at - 1]!]!;
  const ones = at === value.length - 1 ? 0 : chineseDigits[value[at + 1]!]!;
  return tens * 10 + ones;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Dates written in the text: 1995年3月1日, 1995年3月, 一九九五年, 民国二十五年 (→ 1936), 1995-03-01. */
export function datesInText(text: string): DateMention[] {
  const found = new Map<string, DateMention>();
  const add = (mention: DateMention) => found.set(`${mention.iso}|${mention.text}`, mention);
  for (const m of text.matchAll(/(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?/g)) {
    const [year, month, day] = [Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null];
    if (month !== null && (month < 1 || month > 12)) continue;
    if (day !== null && (day < 1 || day > 31)) continue;
    add({ text: m[0], iso: `${year}${month ? `-${pad(month)}` : ''}${day ? `-${pad(day)}` : ''}` });
  }
  for (const m of text.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) add({ text: m[0], iso: m[0] });
  for (const m of text.matchAll(/([〇零一二三四五六七八九]{4})年/g)) {
    const year = Number([...m[1]!].map((c) => chineseDigits[c]).join(''));
    add({ text: m[0], iso: String(year) });
  }
  for (const m of text.matchAll(/民国([一二三四五六七八九十\d]{1,3})年/g)) {
    const year = chineseNumber(m[1]!);
    if (year !== null && year >= 1 && year <= 38) add({ text: m[0], iso: String(1911 + year) });
  }
  return [...found.values()];
}

/** 中图法 classes of the subject terms found, where the subject vocabulary maps them to one. */
export function classesFromSubjects(subjects: readonly NameSuggestion[]): { clc: string; from: string }[] {
  const seen = new Map<string, string>();
  for (const subject of subjects) if (subject.code && /^[A-Z][0-9A-Z.]*$/.test(subject.code) && !seen.has(subject.code)) seen.set(subject.code, subject.name);
  return [...seen].map(([clc, from]) => ({ clc, from }));
}
