/**
 * A reader's search as difang understands it: the query folded (報 = 报), quoted phrases kept as
 * phrases and known names (places, people, organizations) made into phrases so they are matched
 * whole; filters built from values, never from text a reader typed into Meilisearch's filter
 * language. Partial dates (1995, 1995-03) mean the whole year or month.
 */
import { z } from 'zod';
import { fold } from './fold.ts';
import { genreSchema } from './article.ts';
import { printedNumbers, tokensOf } from './number-tokens.ts';

export const sortOptions = ['relevance', 'oldest', 'newest'] as const;

const partialDate = z
  .string()
  .trim()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date as YYYY, YYYY-MM or YYYY-MM-DD')
  .refine((value) => {
    const [, month = '01', day = '01'] = value.split('-');
    return Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= 31;
  }, 'a date that exists');

const facetValue = z.string().trim().min(1).max(200);

export const searchParamsSchema = z.object({
  q: z.string().max(500, '检索词不能超过 500 个字符 | the query is longer than 500 characters').optional().default(''),
  title: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a title id')
    .max(64)
    .optional(),
  from: partialDate.optional(),
  to: partialDate.optional(),
  year: z.coerce.number().int().min(1000).max(9999).optional(),
  section: facetValue.optional(),
  genre: genreSchema.optional(),
  subject: facetValue.optional(),
  place: facetValue.optional(),
  /** 中图法 class, exactly as catalogued. */
  clc: z.string().regex(/^[A-Z][0-9A-Z.\-/]{0,30}$/i, '中图法分类号 | a CLC class number').optional(),
  sort: z.enum(sortOptions).optional().default('relevance'),
  page: z.coerce.number().int().min(1).max(500).optional().default(1),
  per: z.coerce.number().int().min(1).max(100).optional().default(20),
}).refine((params) => params.page * params.per <= 10_000, { message: 'results beyond the first 10,000 are not paged to; narrow the search', path: ['page'] });
export type SearchParams = z.infer<typeof searchParamsSchema>;

/** The first or last day a partial date stands for, as YYYYMMDD. */
export function dateBound(value: string, end: 'first' | 'last'): number {
  const [year = '0', month, day] = value.split('-');
  if (day) return Number(`${year}${month}${day}`);
  if (month) return Number(`${year}${month}${end === 'first' ? '01' : String(daysInMonth(Number(year), Number(month))).padStart(2, '0')}`);
  return Number(`${year}${end === 'first' ? '0101' : '1231'}`);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A value inside a Meilisearch filter string: always quoted, quotes and backslashes escaped. */
export function filterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Filter expressions for the params. Fields that only articles have are returned apart, so a
 * search over pages can leave them out (and then exclude pages rather than ignore the filter).
 */
export function buildFilters(params: SearchParams): { shared: string[]; articleOnly: string[] } {
  const shared = ['hidden = false'];
  if (params.title) shared.push(`titleId = ${filterValue(params.title)}`);
  if (params.from) shared.push(`date >= ${dateBound(params.from, 'first')}`);
  if (params.to) shared.push(`date <= ${dateBound(params.to, 'last')}`);
  if (params.year !== undefined) shared.push(`year = ${params.year}`);
  // Facet values typed or linked in either script match either (section=要聞 is 要闻).
  if (params.section) shared.push(`sectionFolded = ${filterValue(fold(params.section))}`);
  const articleOnly: string[] = [];
  if (params.genre) articleOnly.push(`genre = ${filterValue(params.genre)}`);
  if (params.subject) articleOnly.push(`subjectsFolded = ${filterValue(fold(params.subject))}`);
  if (params.place) articleOnly.push(`placesFolded = ${filterValue(fold(params.place))}`);
  if (params.clc) articleOnly.push(`clc = ${filterValue(params.clc.toUpperCase())}`);
  return { shared, articleOnly };
}

export function sortFor(params: SearchParams): string[] | undefined {
  if (params.sort === 'oldest') return ['date:asc', 'seq:asc'];
  if (params.sort === 'newest') return ['date:desc', 'seq:asc'];
  return undefined;
}

/**
 * The query an advanced search form means: every word of `all`, the `phrase` as printed, at least
 * one word of `any`, none of `none` — as one query (周恩来 "人民代表大会" 广州 OR 周恩来 "人民代表大会" 深圳 -上海).
 */
export function advancedQuery(fields: { all?: string; phrase?: string; any?: string; none?: string }): string {
  const words = (text?: string) => (text ?? '').trim().split(/\s+/).filter(Boolean);
  const phrase = (fields.phrase ?? '').replace(/["“”「」『』]/g, '').trim();
  const common = [...words(fields.all), ...(phrase ? [`"${phrase}"`] : []), ...words(fields.none).map((word) => `-${word.replace(/^-/, '')}`)];
  const anyOf = words(fields.any);
  return (anyOf.length > 0 ? anyOf.map((word) => [word, ...common].join(' ')) : [common.join(' ')]).join(' OR ').trim();
}

/** Quotation marks Chinese readers type — “…”, 「…」, 『…』, ＂…＂ — as the ASCII quotes that make a phrase. */
const chineseQuotes = /[\u201c\u201d\u300c\u300d\u300e\u300f\uff02\u301d\u301e]/g;
export const withAsciiQuotes = (text: string): string => text.replace(chineseQuotes, '"');

/**
 * The query Meilisearch gets: folded; Chinese quotation marks read as ASCII ones; a balanced "…" stays a phrase, a stray quote is dropped;
 * known names become phrases; punctuation Meilisearch would take as syntax is spaced out.
 */
export function searchQuery(q: string, knownNames: ReadonlySet<string> = new Set()): string {
  const folded = withAsciiQuotes(fold(q.normalize('NFC'))).replace(/[\u0000-\u001f]/g, ' ');
  const parts: string[] = [];
  const quoted = /"([^"]*)"/g;
  let last = 0;
  for (let match = quoted.exec(folded); match; match = quoted.exec(folded)) {
    // -"…" leaves out what has the phrase (Meilisearch's negative search): the minus stays with it.
    const negative = folded[match.index - 1] === '-';
    parts.push(...loose(folded.slice(last, negative ? match.index - 1 : match.index), knownNames));
    const phrase = (match[1] ?? '').trim();
    if (phrase) parts.push(`${negative ? '-' : ''}"${phrase}"`);
    last = match.index + match[0].length;
  }
  parts.push(...loose(folded.slice(last).replace(/"/g, ' '), knownNames));
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * Words outside quotes. A known name inside them — Chinese queries have no spaces, so anywhere in
 * a word, longest names first — is cut out and quoted so it is matched whole.
 */
function loose(text: string, knownNames: ReadonlySet<string>): string[] {
  const names = [...knownNames].filter((name) => name.length >= 2 && text.includes(name)).sort((a, b) => b.length - a.length);
  const out: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    // A word to leave out (-深圳) stays whole, its minus with it.
    if (word.startsWith('-')) {
      out.push(...numbersWhole(word));
      continue;
    }
    let rest = [word];
    for (const name of names) {
      rest = rest.flatMap((piece) => (piece.startsWith('"') ? [piece] : splitAround(piece, name)));
    }
    out.push(...rest.filter(Boolean).flatMap(numbersWhole));
  }
  return out;
}

/**
 * A word's numbers as phrases of the documents' number tokens (number-tokens.ts): 2024 → "2024",
 * 2024年 → "2024x5e74" (2024 with 年 right after it), 第20240期 → "x7b2c20240" "20240x671f",
 * 0763-3362611 → "0763" "3362611", 3630㎡ → "3630" ㎡. What else the word holds stays a word of
 * its own (2024年度 → "2024x5e74" 年度), but not a lone character the phrase already stands for.
 * Words with Latin letters (G258, A4) and phrases are left alone.
 */
function numbersWhole(word: string): string[] {
  if (word.startsWith('"') || word.startsWith('-"') || !/\d/.test(word) || /[A-Za-z]/.test(word)) return [word];
  // -2024 leaves out what has the number (and only that: the characters beside it go with it).
  if (word.startsWith('-')) return numbersWhole(word.slice(1)).filter((part) => part.startsWith('"')).map((phrase) => `-${phrase}`);
  const numbers = printedNumbers(word);
  const phrases = numbers.map((number) => {
    const tokens = tokensOf(number);
    return `"${tokens.length > 1 ? tokens.slice(1).join(' ') : tokens[0]}"`;
  });
  const neighbours = new Set(numbers.flatMap((number) => [number.before, number.after]).filter(Boolean));
  const rest = word
    .split(/\d+/)
    .map((piece) => piece.replace(/^[\p{P}\p{Sm}]+$/u, ''))
    .filter((piece) => piece && !neighbours.has(piece));
  return [...phrases, ...rest];
}

function splitAround(piece: string, name: string): string[] {
  const at = piece.indexOf(name);
  if (at < 0) return [piece];
  return [piece.slice(0, at), `"${name}"`, ...splitAround(piece.slice(at + name.length), name)];
}

/** The words of a query (folded, phrases split into their text), for finding matches again in OCR. */
export function queryWords(q: string): string[] {
  return withAsciiQuotes(fold(q))
    .replace(/"/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}
