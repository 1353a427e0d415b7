/**
 * Tag suggestion quality (issue 21) on the labelled set fixtures/suggestions/articles.json (made
 * by fixtures/generate/suggestion-set.ts: 12 passages of the real reports in ../shared/corpus
 * labelled by hand, 40 generated local-news articles labelled by construction). Per kind,
 * precision (suggestions that are right) and recall (labelled names suggested), for every
 * suggestion offered — without any vocabulary and with the small library vocabulary beside the
 * set — and, side by side, the first recognizer difang had (the baseline below: jieba's name tags
 * with a hundred surnames and place / organization endings, TextRank keywords).
 * Keywords: precision of the first five. Document frequencies for TF-IDF come from the set itself.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelledArticle } from '../fixtures/generate/suggestion-set.ts';
import { jiebaSegmenter } from '../src/adapters/jieba/jieba-segmenter.ts';
import { npmNameData } from '../src/adapters/name-data/name-data.ts';
import { fold } from '../src/domain/fold.ts';
import { textRank, type Token } from '../src/domain/suggestions.ts';
import type { Term } from '../src/domain/term.ts';
import { termsFromTable, vocabularyColumns } from '../src/domain/vocabulary.ts';
import { columnFor } from '../indexer/readers/read-table.ts';
import { suggestForArticle, type DocumentFrequencies } from '../src/services/article-suggestions.ts';
import { fmt, machine } from './lib.ts';

const dir = join(import.meta.dirname, '..', 'fixtures', 'suggestions');
const kinds = ['persons', 'places', 'organizations', 'keywords', 'clc'] as const;
type Kind = (typeof kinds)[number];

// ── the baseline: difang's first recognizer, kept here to measure against ──
interface Found {
  name: string;
  count: number;
}
/** Titles that name a person after them in news writing: 记者林晓红, 馆长陈志强. */
const personTitles = '记者|通讯员|实习生|摄影|馆长|副馆长|局长|副局长|主任|副主任|书记|市长|县长|区长|主席|校长|院长|教授|研究员|同志';
const personPattern = new RegExp(`(?:${personTitles})\\s*([\\p{Script=Han}]{2,3}?)(?=报道|介绍|表示|指出|说|摄|称|[\\s，。、；：）)”"]|$)`, 'gu');

/** The hundred commonest Chinese surnames (2020 census order); given names follow them. */
const commonSurnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文';
const placeEnding = /(省|市|县|区|镇|乡|村|州|旗|盟|街道|社区|路|街|山|江|河|湖|岛)$/;
const organizationEnding = /(图书馆|博物馆|档案馆|文化馆|纪念馆|委员会|人民政府|政府|公司|集团|学校|中学|小学|大学|学院|中心|协会|学会|研究院|研究所|医院|银行|报社|出版社)$/;

/** People, places and organizations the segmenter tags (nr, ns, nt) or the text names after a title. */
function recognizedNames(tokens: readonly Token[], text: string): { persons: Found[]; places: Found[]; organizations: Found[] } {
  const counts = { persons: new Map<string, number>(), places: new Map<string, number>(), organizations: new Map<string, number>() };
  const add = (kind: keyof typeof counts, name: string) => counts[kind].set(name, (counts[kind].get(name) ?? 0) + 1);
  // The segmenter's name tags guess: keep a person only with a common surname, a place only with
  // a place-name ending, an organization only with an organization's ending or tag.
  for (const token of tokens) {
    const length = [...token.word].length;
    if (length < 2) continue;
    if (token.tag === 'nr' && length <= 4 && commonSurnames.includes(token.word[0]!)) add('persons', token.word);
    else if (token.tag === 'ns' && placeEnding.test(token.word)) add('places', token.word);
    else if (token.tag === 'nt' || (length >= 4 && organizationEnding.test(token.word) && /^n/.test(token.tag))) add('organizations', token.word);
  }
  for (const match of text.matchAll(personPattern)) add('persons', match[1]!);
  const list = (map: Map<string, number>): Found[] => [...map].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count);
  return { persons: list(counts.persons), places: list(counts.places), organizations: list(counts.organizations) };
}
export async function run(): Promise<string> {
  const articles = JSON.parse(readFileSync(join(dir, 'articles.json'), 'utf8')) as LabelledArticle[];
  const vocabulary: Term[] = readdirSync(join(dir, 'vocabularies')).flatMap((file) => {
    const rows = readFileSync(join(dir, 'vocabularies', file), 'utf8').trim().split('\n').map((line) => line.split(','));
    return termsFromTable(file.replace('.csv', '') as Term['vocabulary'], rows, (header) => columnFor(header, vocabularyColumns)).terms;
  });
  const folded = articles.map((article) => fold(`${article.title}\n${article.text}`));
  const frequencies: DocumentFrequencies = async (words) => ({ total: articles.length, documents: new Map(words.map((word) => [word, folded.filter((text) => text.includes(fold(word))).length])) });

  type Tally = Record<Kind, { offered: number; right: number; labelled: number; found: number }>;
  const tally = (): Tally => Object.fromEntries(kinds.map((kind) => [kind, { offered: 0, right: 0, labelled: 0, found: 0 }])) as Tally;
  const score = (into: Tally, kind: Kind, offered: string[], labels: string[]) => {
    const wanted = new Set(labels.map(fold));
    const given = [...new Set(offered.map(fold))];
    into[kind].offered += given.length;
    into[kind].right += given.filter((name) => wanted.has(name)).length;
    into[kind].labelled += wanted.size;
    into[kind].found += [...wanted].filter((name) => given.includes(name)).length;
  };
  const parts = { corpus: (a: LabelledArticle) => !a.id.startsWith('generated'), generated: (a: LabelledArticle) => a.id.startsWith('generated') };
  const runs: Record<string, Record<keyof typeof parts, Tally>> = {};
  const measure = async (name: string, suggest: (article: LabelledArticle) => Promise<Record<Kind, string[]>>) => {
    runs[name] = { corpus: tally(), generated: tally() };
    for (const article of articles) {
      const part = parts.corpus(article) ? 'corpus' : 'generated';
      const offered = await suggest(article);
      for (const kind of kinds) score(runs[name]![part], kind, offered[kind], article.labels[kind]);
    }
  };
  const empty = { keywords: [], subjects: [], persons: [], organizations: [], places: [], clc: [] };
  const input = (article: LabelledArticle) => ({ ...empty, title: article.title, text: { ocr: article.text } });
  const names = (list: readonly { name: string }[]) => list.map((s) => s.name);
  const difang = (terms: Term[]) => async (article: LabelledArticle) => {
    const s = await suggestForArticle(input(article), { terms, segmenter: jiebaSegmenter, nameData: npmNameData, frequencies });
    return { persons: names(s.persons), places: names(s.places), organizations: names(s.organizations), keywords: s.keywords.slice(0, 5).map((k) => k.word), clc: s.clc.map((c) => c.clc) };
  };
  await measure('baseline', async (article) => {
    const text = `${article.title}\n${article.text}`;
    const tokens = jiebaSegmenter.tag(text);
    const found = recognizedNames(tokens, text);
    return { persons: names(found.persons), places: names(found.places), organizations: names(found.organizations), keywords: textRank(tokens, { top: 5 }).map((k) => k.word), clc: [] };
  });
  await measure('difang, no vocabulary', difang([]));
  await measure('difang, with the vocabulary', difang(vocabulary));

  const ratio = (a: number, b: number) => (b === 0 ? '—' : fmt(a / b));
  const lines = [
    `Labelled set: ${articles.filter(parts.corpus).length} passages of the real reports (hand-labelled) and ${articles.filter(parts.generated).length} generated local-news articles; ${machine()}.`,
    'Precision = right / offered (keywords: the first five); recall = labelled names offered. Places count when the official name is offered (西安 printed → 西安市).',
    '',
    '| run | part | persons P / R | places P / R | organizations P / R | keywords P@5 | 中图法 P / R |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const [name, byPart] of Object.entries(runs)) {
    for (const [part, t] of Object.entries(byPart)) {
      const pr = (kind: Kind) => `${ratio(t[kind].right, t[kind].offered)} / ${ratio(t[kind].found, t[kind].labelled)}`;
      lines.push(`| ${name} | ${part} | ${pr('persons')} | ${pr('places')} | ${pr('organizations')} | ${ratio(t.keywords.right, t.keywords.offered)} | ${pr('clc')} |`);
    }
  }
  return lines.join('\n');
}
