/**
 * Controlled vocabularies as library data: rows of a spreadsheet made into terms, the names
 * search must keep whole (Meilisearch's dictionary) and the variants that mean the same
 * (synonyms), and suggestions for a cataloguer typing characters, pinyin or initials.
 */
import { invalidValueText } from './invalid-value.ts';
import { fold } from './fold.ts';
import { pinyinForms } from './pinyin.ts';
import { termSchema, type Term, type Vocabulary } from './term.ts';

export type VocabularyField = 'preferred' | 'variants' | 'code' | 'broader' | 'scopeNote';

/** Headers a vocabulary spreadsheet may use for each field (lowercase, without spaces). */
export const vocabularyColumns: Record<VocabularyField, string[]> = {
  preferred: ['term', 'preferred', 'name', '主题词', '正式主题词', '优选词', '名称', '地名', '标准地名', '机构名', '机构名称', '人名', '姓名', '类名'],
  variants: ['variants', 'variant', 'nonpreferred', 'usefor', 'uf', '非正式主题词', '用代项', '异名', '旧名', '别名', '曾用名', '又名'],
  code: ['code', 'id', '代码', '分类号', '类号', '区划代码', '行政区划代码'],
  broader: ['broader', 'bt', '上位词', '上位类', '所属', '上级'],
  scopeNote: ['note', 'scopenote', '注释', '说明', '范围注释'],
};

/** Several values in one cell: 番禺县；番禺市 / 番禺县;番禺市 / 番禺县、番禺市 / 番禺县|番禺市. */
const splitCell = (value: string) =>
  value
    .split(/[；;、|]/)
    .map((part) => part.trim())
    .filter(Boolean);

export interface VocabularyRowProblem {
  row: number;
  message: { 'zh-CN': string; en: string };
}

/** Terms from a table whose first row names the columns; a row that cannot be a term is reported, not guessed. */
export function termsFromTable(vocabulary: Vocabulary, table: string[][], columnOf: (header: string) => VocabularyField | null): { terms: Term[]; problems: VocabularyRowProblem[] } {
  const [header, ...rows] = table;
  const problems: VocabularyRowProblem[] = [];
  if (!header) return { terms: [], problems: [{ row: 1, message: { 'zh-CN': '表格是空的', en: 'the table is empty' } }] };
  const fields = header.map(columnOf);
  if (!fields.includes('preferred')) {
    return { terms: [], problems: [{ row: 1, message: { 'zh-CN': '找不到词目列（如“主题词”“名称”“地名”）', en: 'no term column (such as "term", "name", 主题词, 地名)' } }] };
  }
  const byId = new Map<string, Term>();
  rows.forEach((cells, index) => {
    const row = index + 2;
    const value = (field: VocabularyField) =>
      fields
        .map((f, column) => (f === field ? (cells[column] ?? '').trim() : ''))
        .filter(Boolean)
        .join('；');
    const preferred = value('preferred');
    if (!preferred && cells.every((cell) => !cell.trim())) return;
    const code = value('code') || undefined;
    const parsed = termSchema.safeParse({
      vocabulary,
      // A subject's 分类号 is an attribute many terms share (中国分类主题词表 gives many terms one
      // class); a place's code, a 中图法 class number or an authority number is the term's identity.
      id: vocabulary === 'subject' ? preferred : (code ?? preferred),
      preferred,
      variants: splitCell(value('variants')).filter((variant) => variant !== preferred),
      ...(code ? { code } : {}),
      broader: splitCell(value('broader')),
      ...(value('scopeNote') ? { scopeNote: value('scopeNote') } : {}),
    });
    if (!parsed.success) {
      problems.push({ row, message: invalidValueText(parsed.error, { 'zh-CN': `第 ${row} 行`, en: `row ${row}` }) });
      return;
    }
    if (byId.has(parsed.data.id)) {
      problems.push({ row, message: { 'zh-CN': `第 ${row} 行：与前面的“${parsed.data.id}”重复`, en: `row ${row}: "${parsed.data.id}" appears twice` } });
      return;
    }
    byId.set(parsed.data.id, parsed.data);
  });
  return { terms: [...byId.values()], problems };
}

/** Vocabularies whose terms are names that search must keep whole. */
const nameVocabularies: Vocabulary[] = ['place', 'person', 'organization'];

/**
 * What search takes from the vocabularies: the names (people, places, organizations, with their
 * variants) as Meilisearch's dictionary, and each place's variants as synonyms of its preferred
 * name, folded as the index is.
 */
export function searchWordsFrom(terms: readonly Term[]): { dictionary: string[]; synonyms: Record<string, string[]> } {
  const dictionary = new Set<string>();
  const groups: string[][] = [];
  for (const term of terms) {
    if (!nameVocabularies.includes(term.vocabulary)) continue;
    for (const name of [term.preferred, ...term.variants]) if ([...name].length >= 2) dictionary.add(fold(name));
    if (term.vocabulary === 'place' && term.variants.length > 0) groups.push([term.preferred, ...term.variants].map(fold));
  }
  const synonyms: Record<string, string[]> = {};
  for (const group of groups) for (const name of group) synonyms[name] = [...new Set([...(synonyms[name] ?? []), ...group.filter((other) => other !== name)])];
  return { dictionary: [...dictionary].sort(), synonyms };
}

export interface Suggestion {
  term: Term;
  /** What the typed text matched: the preferred term or one of its variants. */
  matched: string;
  via: 'characters' | 'pinyin' | 'initials';
}

interface IndexedName {
  term: Term;
  name: string;
  preferred: boolean;
  forms: [string, Suggestion['via']][];
}

/**
 * Terms for what a cataloguer has typed so far: characters (simplified or traditional), full
 * pinyin or initials, or the start of a code. Preferred terms before variants, beginnings before
 * middles, short before long. The pinyin of every name is worked out once, when the index is made.
 */
export class TermSuggester {
  private readonly names: IndexedName[];

  constructor(private readonly terms: readonly Term[]) {
    this.names = terms.flatMap((term) =>
      [term.preferred, ...term.variants].map((name, i) => ({
        term,
        name,
        preferred: i === 0,
        forms: [
          [fold(name).toLowerCase(), 'characters'],
          ...pinyinForms(name).map((form): [string, Suggestion['via']] => [form.replace(/\s+/g, ''), form.length === [...name].length && !form.includes(' ') ? 'initials' : 'pinyin']),
        ],
      })),
    );
  }

  suggest(typed: string, limit = 10): Suggestion[] {
    const query = fold(typed.trim()).toLowerCase().replace(/\s+/g, '');
    if (!query) return [];
    const best = new Map<Term, { suggestion: Suggestion; score: number }>();
    const offer = (term: Term, suggestion: Suggestion, score: number) => {
      const current = best.get(term);
      if (!current || score < current.score) best.set(term, { suggestion, score });
    };
    for (const entry of this.names) {
      for (const [form, via] of entry.forms) {
        const at = form.indexOf(query);
        if (at >= 0) offer(entry.term, { term: entry.term, matched: entry.name, via }, (entry.preferred ? 0 : 100) + (at === 0 ? 0 : 50) + (via === 'characters' ? 0 : 10) + [...entry.name].length);
      }
    }
    for (const term of this.terms) {
      if (term.code?.toLowerCase().startsWith(query)) offer(term, { term, matched: term.code, via: 'characters' }, 5 + term.code.length);
    }
    return [...best.values()]
      .sort((a, b) => a.score - b.score || a.suggestion.term.preferred.localeCompare(b.suggestion.term.preferred, 'zh-CN'))
      .slice(0, limit)
      .map((entry) => entry.suggestion);
  }
}
