/**
 * Keywords for an article by TF-IDF, with document frequencies from the collection itself — a
 * word every article of a library's reports prints (图书馆, 服务, 读者) says nothing about one of
 * them. Candidates are nouns of two characters or more; compounds the segmenter splits are kept
 * whole (书香 + 小城 → 书香小城) when the text prints them together twice, or inside quotation
 * marks (“读游清远”). Pure: tokens and frequencies come in.
 */
import { fold } from './fold.ts';
import type { Token } from './suggestions.ts';

const nounTags = new Set(['n', 'nz', 'vn', 'an', 'nt', 'nw', 'j']);
/** A head's title glued to a body (医院院长), or a word only a report uses of itself (我馆). */
const notKeyword = /(?:[院校局馆所站厂社行]长|主任|书记)$|^(?:我|本|全|该|各)|^\p{Script=Han}{1,2}(?:总理|主席|书记|市长|县长|主任|同志)$/u;

/** 非 + 物质文化遗产 → 非物质文化遗产: a prefix the segmenter cuts off (tag h) joins the word after it. */
function joinPrefixes(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (token.tag === 'h' && next && nounTags.has(next.tag)) {
      out.push({ word: token.word + next.word, tag: next.tag });
      i++;
    } else out.push(token);
  }
  return out;
}
const generic = new Set(['我们', '他们', '一个', '工作', '方面', '问题', '情况', '同时', '进行', '通过', '没有', '已经', '目前', '以及', '有关', '今年', '去年', '记者', '本报', '活动', '时间', '地方', '单位', '部门', '人员', '全年', '全市', '全省', '全县', '全区', '全国', '群众', '人次', '场次', '万人', '年度', '期间', '方式', '形式', '内容', '作用', '水平', '能力', '重要', '发展', '建设', '开展', '推进', '提升', '加强', '实现', '同比', '影响力', '多样化', '紧密联系', '实施方案', '机构', '比赛', '阶段', '城乡', '读者', '游客', '空间', '服务']);

export interface KeywordCandidate {
  /** The folded form (simplified) the keyword is counted and shown in. */
  word: string;
  count: number;
  /** Read from quotation marks, or two words printed together: kept whole. */
  compound: boolean;
}

const hanWord = (word: string) => /^\p{Script=Han}{2,}$/u.test(word);

/** `names`: the people, places and organizations found — suggested in their own fields, never as keywords. */
export function keywordCandidates(printed: readonly Token[], text: string, names: readonly string[] = []): KeywordCandidate[] {
  const tokens = joinPrefixes(printed);
  const inName = (word: string) => names.some((name) => name.includes(word) || word.includes(name));
  const found = new Map<string, KeywordCandidate>();
  const add = (printed: string, compound: boolean, count = 1) => {
    const word = fold(printed);
    if (generic.has(word) || notKeyword.test(word)) return;
    const known = found.get(word);
    if (known) known.count += compound ? 0 : count;
    else found.set(word, { word, count, compound });
  };
  for (const token of tokens) if (nounTags.has(token.tag) && hanWord(token.word) && !inName(token.word)) add(token.word, false);
  // Two nouns printed side by side at least twice make one term.
  const pairs = new Map<string, number>();
  for (let i = 0; i + 1 < tokens.length; i++) {
    const [a, b] = [tokens[i]!, tokens[i + 1]!];
    if (!(nounTags.has(a.tag) && nounTags.has(b.tag) && hanWord(a.word) && hanWord(b.word)) || inName(a.word) || inName(b.word)) continue;
    const joined = a.word + b.word;
    if ([...joined].length <= 8) pairs.set(joined, (pairs.get(joined) ?? 0) + 1);
  }
  for (const [joined, count] of pairs) if (count >= 2) add(joined, true, count);
  for (const match of text.matchAll(/[“「『"]([\p{Script=Han}]{2,8})[”」』"]/gu)) add(match[1]!, true, text.split(match[1]!).length - 1);
  const folded = fold(text);
  for (const candidate of found.values()) if (candidate.compound) candidate.count = Math.max(candidate.count, folded.split(candidate.word).length - 1);
  return [...found.values()];
}

export interface RankedKeyword {
  word: string;
  score: number;
  count: number;
  /** How many documents of the collection print it, of `total`. */
  documents: number;
}

/**
 * TF-IDF: (1 + ln count) × ln((N + 1) / (df + 1)), a compound counting as its own term and hiding
 * the words it is made of. With a collection too small to tell (fewer than 20 documents), words
 * are ranked by how often the article prints them.
 */
export function rankKeywords(candidates: readonly KeywordCandidate[], frequencies: { total: number; documents: ReadonlyMap<string, number> }, top = 10): RankedKeyword[] {
  const compounds = candidates.filter((candidate) => candidate.compound);
  const parts = (word: string) => compounds.some((compound) => compound.word !== word && compound.word.includes(word));
  const small = frequencies.total < 20;
  return candidates
    .filter((candidate) => !parts(candidate.word))
    .map((candidate) => {
      const documents = frequencies.documents.get(candidate.word) ?? 0;
      const idf = small ? 1 : Math.log((frequencies.total + 1) / (documents + 1));
      const length = Math.min([...candidate.word].length, 6);
      return { word: candidate.word, count: candidate.count, documents, score: (1 + Math.log(candidate.count)) * idf * (1 + 0.1 * (length - 2)) + (candidate.compound ? 0.5 : 0) };
    })
    .filter((keyword) => keyword.score > 0)
    .sort((a, b) => b.score - a.score || b.count - a.count || a.word.localeCompare(b.word, 'zh-CN'))
    .slice(0, top)
    .map((keyword) => ({ ...keyword, score: Math.round(keyword.score * 1000) / 1000 }));
}
