/**
 * What difang suggests a cataloguer add to one article: keywords, subject terms, people, places,
 * organizations, dates and 中图法 classes — leaving out what the record already has and what the
 * cataloguer rejected. Suggestions only: the cataloguer accepts or rejects each, and each says
 * where it came from (a vocabulary, the gazetteer, the text) and why.
 */
import { displayText, type Article } from '../domain/article.ts';
import { fold } from '../domain/fold.ts';
import { divisionPath, placesIn } from '../domain/gazetteer.ts';
import { keywordCandidates, rankKeywords } from '../domain/keywords.ts';
import { organizationsIn, personsIn } from '../domain/name-recognition.ts';
import { classesFromSubjects, datesInText, termsInText, tokenOffsets, type NameSuggestion, type Reason, type Token } from '../domain/suggestions.ts';
import type { Term, Vocabulary } from '../domain/term.ts';
import type { NameData, WordSegmenter } from '../ports.ts';
import { issueKeyOf, type ArticleKey, type PageKey } from '../domain/natural-keys.ts';
import { ocrWithin, titleFromCut } from '../domain/ocr-text.ts';
import type { RecordStore } from './record-store.ts';

export interface ArticleSuggestions {
  keywords: { word: string; score: number; why: Reason }[];
  subjects: NameSuggestion[];
  persons: NameSuggestion[];
  places: NameSuggestion[];
  organizations: NameSuggestion[];
  dates: { text: string; iso: string }[];
  /** From the subject terms' classes, and from a loaded 中图法 table's captions printed in the text. */
  clc: { clc: string; from: string; why: Reason }[];
}

/** How many documents of the collection print each word, of how many. */
export type DocumentFrequencies = (words: string[]) => Promise<{ total: number; documents: ReadonlyMap<string, number> }>;

export interface SuggestionSources {
  terms: readonly Term[];
  segmenter?: WordSegmenter;
  nameData?: NameData;
  frequencies?: DocumentFrequencies;
  /** What the cataloguer rejected for this article: `${kind}:${folded name}`. */
  rejected?: ReadonlySet<string>;
}

/** Vocabulary matches first, then the rest, without repeating a name, one inside another, or what the record has. */
function merge(kind: string, lists: NameSuggestion[][], existing: string[], rejected: ReadonlySet<string>): NameSuggestion[] {
  const taken = new Set(existing.map(fold));
  const out: NameSuggestion[] = [];
  for (const suggestion of lists.flat()) {
    const key = fold(suggestion.name);
    if (taken.has(key) || rejected.has(`${kind}:${key}`) || out.some((s) => fold(s.name).includes(key))) continue;
    taken.add(key);
    out.push(suggestion);
  }
  return out;
}

const times = (count: number) => ({ zh: count > 1 ? `，出现 ${count} 次` : '', en: count > 1 ? `, printed ${count} times` : '' });

/** What the suggestions read of an article: its words, and the tags it has (not suggested again). */
export type SuggestionInput = Pick<Article, 'kicker' | 'title' | 'subtitle' | 'text' | 'keywords' | 'subjects' | 'persons' | 'organizations' | 'places' | 'clc'>;

/** The tokens with each span of the text made one place-name token (spans fall on token boundaries). */
function joinSpans(tokens: readonly Token[], text: string, spans: readonly [number, number][]): Token[] {
  if (spans.length === 0) return [...tokens];
  const startsAt = new Map(spans.map(([start, end]) => [start, end]));
  const out: Token[] = [];
  const offsets = tokenOffsets(text, tokens);
  let until = -1;
  for (const [i, token] of tokens.entries()) {
    const at = offsets[i]!;
    if (at >= 0 && at < until) continue;
    const end = at >= 0 ? startsAt.get(at) : undefined;
    if (end !== undefined) {
      out.push({ word: text.slice(at, end), tag: 'ns' });
      until = end;
    } else out.push(token);
  }
  return out;
}

export async function suggestForArticle(article: SuggestionInput, sources: SuggestionSources): Promise<ArticleSuggestions> {
  const text = [article.kicker, article.title, article.subtitle, displayText(article)].filter(Boolean).join('\n');
  const tokens = sources.segmenter?.tag(text) ?? [];
  const rejected = sources.rejected ?? new Set<string>();
  const of = (vocabulary: Vocabulary) => sources.terms.filter((term) => term.vocabulary === vocabulary);
  const gazetteer = tokens.length > 0 ? sources.nameData?.gazetteer() : undefined;
  const surnames = sources.nameData?.surnames();

  const placeMentions = gazetteer ? placesIn(text, tokens, gazetteer) : [];
  const fromGazetteer: NameSuggestion[] = placeMentions.map((mention) => {
    const path = divisionPath(gazetteer!, mention.division).map((division) => division.name).join('');
    const printedAs = mention.printed === mention.division.name ? '' : mention.printed;
    const count = times(mention.count);
    if (mention.ambiguous > 0)
      return { name: mention.printed, source: 'gazetteer', count: mention.count, why: { 'zh-CN': `行政区划中有 ${mention.ambiguous + 1} 处同名${count.zh}`, en: `${mention.ambiguous + 1} divisions have this name${count.en}` } };
    return {
      name: mention.division.name,
      source: 'gazetteer',
      code: mention.division.code.padEnd(6, '0'),
      count: mention.count,
      why: {
        'zh-CN': `行政区划：${path}（${mention.division.code}）${printedAs ? `，文中作“${printedAs}”${mention.form === 'former' ? '（旧名）' : ''}` : ''}${count.zh}`,
        en: `division: ${path} (${mention.division.code})${printedAs ? `, printed "${printedAs}"${mention.form === 'former' ? ' (former name)' : ''}` : ''}${count.en}`,
      },
    };
  });
  const placeNames = new Set(placeMentions.map((mention) => mention.printed));
  // Each place printed becomes one word for what follows (狮 + 山镇 → 狮山镇 + 人民政府 is a body).
  const placeTokens = joinSpans(tokens, text, placeMentions.flatMap((mention) => mention.spans));
  const organizationNames = organizationsIn(placeTokens, (word) => placeNames.has(word) || (gazetteer?.names.has(word) ?? false));
  // A name printed only inside a place or a body's name is neither a person (陈镇 in 肇陈镇).
  const masked = [...placeMentions.map((mention) => mention.printed), ...organizationNames.map((organization) => organization.name)].sort((a, b) => b.length - a.length).reduce((rest, name) => rest.split(name).join('□'), text);
  const persons: NameSuggestion[] = surnames
    ? personsIn(tokens, text, surnames).filter((person) => masked.includes(person.name)).map((person) => {
        const cue = { title: ['职务或署名在前', 'a title or byline before it'], verb: ['其后有“说”“表示”等', 'followed by a verb of saying'], tag: ['分词识别为人名', 'read as a name by the segmenter'] }[person.cue];
        return { name: person.name, source: 'text', count: person.count, why: { 'zh-CN': `${cue[0]}${times(person.count).zh}`, en: `${cue[1]}${times(person.count).en}` } };
      })
    : [];
  const organizations: NameSuggestion[] = organizationNames.map((organization) => ({
    name: organization.name,
    source: 'text',
    count: organization.count,
    why: { 'zh-CN': `机构名称的结构（地名或专名 + 机构类名）${times(organization.count).zh}`, en: `shaped as an organization's name${times(organization.count).en}` },
  }));

  const subjects = merge('subjects', [termsInText(text, of('subject'))], article.subjects.map((s) => s.term), rejected);
  const existingSubjects = termsInText(article.subjects.map((s) => s.term).join('\n'), of('subject'));
  const names = {
    persons: merge('persons', [termsInText(text, of('person')), persons], article.persons, rejected),
    places: merge('places', [termsInText(text, of('place')), fromGazetteer], article.places.map((p) => p.name), rejected),
    organizations: merge('organizations', [termsInText(text, of('organization')), organizations], article.organizations, rejected),
  };

  // Keywords: not a name suggested in another field, not what the record has.
  const taken = new Set(
    [...article.keywords, ...article.subjects.map((s) => s.term), ...article.persons, ...article.organizations, ...article.places.map((p) => p.name), ...[names.persons, names.places, names.organizations, subjects].flat().map((s) => s.name), ...placeNames].map(fold),
  );
  const allNames = [...placeMentions.map((mention) => mention.printed), ...[names.persons, names.places, names.organizations].flat().map((s) => s.name), ...organizationNames.map((organization) => organization.name)];
  const candidates = keywordCandidates(placeTokens, text, allNames).filter((candidate) => !taken.has(candidate.word) && !rejected.has(`keywords:${candidate.word}`));
  const frequencies = sources.frequencies && candidates.length > 0 ? await sources.frequencies(candidates.map((candidate) => candidate.word)) : { total: 0, documents: new Map<string, number>() };
  const keywords = rankKeywords(candidates, frequencies).map((keyword) => ({
    word: keyword.word,
    score: keyword.score,
    why:
      frequencies.total >= 20
        ? { 'zh-CN': `本文出现 ${keyword.count} 次，全库 ${frequencies.total} 篇中 ${keyword.documents} 篇有`, en: `printed ${keyword.count} times here, in ${keyword.documents} of ${frequencies.total} documents` }
        : { 'zh-CN': `本文出现 ${keyword.count} 次`, en: `printed ${keyword.count} times here` },
  }));

  return {
    keywords,
    subjects,
    ...names,
    dates: datesInText(text),
    clc: [
      ...classesFromSubjects([...subjects, ...existingSubjects]).map((entry) => ({ ...entry, why: { 'zh-CN': `主题词“${entry.from}”的分类号`, en: `the class of the subject "${entry.from}"` } })),
      // A loaded 中图法 table's captions printed in the text (three characters or more: 公共图书馆 → G258.2).
      ...termsInText(text, of('clc').filter((term) => [...term.preferred].length >= 3)).map((found) => ({
        clc: found.code ?? found.termId ?? found.name,
        from: found.name,
        why: { 'zh-CN': `类表：文中出现类名“${found.name}”`, en: `class table: the text prints its caption "${found.name}"` },
      })),
    ].filter((entry, index, all) => all.findIndex((other) => other.clc === entry.clc) === index && !article.clc.includes(entry.clc) && !rejected.has(`clc:${fold(entry.clc)}`)),
  };
}

/**
 * The headline printed inside an article's first region (its largest first lines, else its first
 * line), for a title still empty — a hand-cut article starts without one.
 */
export async function printedHeadline(records: RecordStore, key: ArticleKey, article: Pick<Article, 'regions'>): Promise<{ text: string; why: Reason } | null> {
  const first = article.regions[0];
  if (!first) return null;
  const ocr = await records.getPageOcr({ ...issueKeyOf(key), seq: first.seq } as PageKey);
  const found = ocr ? titleFromCut(ocrWithin(ocr, article.regions.filter((region) => region.seq === first.seq))) : null;
  if (!found) return null;
  return found.how === 'headline'
    ? { text: found.text, why: { 'zh-CN': '取自所框区域开头字号最大的行', en: 'the largest first lines inside the region' } }
    : { text: found.text, why: { 'zh-CN': '没有字号突出的标题行，取自所框区域的第一行', en: 'no line stands out as a headline: the first line inside the region' } };
}
