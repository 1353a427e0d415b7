/**
 * What difang suggests a cataloguer add to one article: keywords, subject terms, people, places,
 * organizations, dates and 中图法 classes — leaving out what the record already has. Suggestions
 * only: the cataloguer accepts or rejects each.
 */
import { displayText, type Article } from '../domain/article.ts';
import { fold } from '../domain/fold.ts';
import { classesFromSubjects, datesInText, recognizedNames, termsInText, textRank, type NameSuggestion } from '../domain/suggestions.ts';
import type { Term, Vocabulary } from '../domain/term.ts';
import type { WordSegmenter } from '../ports.ts';

export interface ArticleSuggestions {
  keywords: { word: string; score: number }[];
  subjects: NameSuggestion[];
  persons: NameSuggestion[];
  places: NameSuggestion[];
  organizations: NameSuggestion[];
  dates: { text: string; iso: string }[];
  clc: { clc: string; from: string }[];
}

/** Vocabulary matches first, then what was recognized, without repeating a name or what the record has. */
function merge(fromVocabulary: NameSuggestion[], recognized: NameSuggestion[], existing: string[]): NameSuggestion[] {
  const taken = new Set(existing.map(fold));
  const out: NameSuggestion[] = [];
  for (const suggestion of [...fromVocabulary, ...recognized]) {
    const key = fold(suggestion.name);
    if (taken.has(key) || out.some((s) => fold(s.name).includes(key))) continue;
    taken.add(key);
    out.push(suggestion);
  }
  return out;
}

export function suggestForArticle(article: Article, terms: readonly Term[], segmenter: WordSegmenter | undefined): ArticleSuggestions {
  const text = [article.kicker, article.title, article.subtitle, displayText(article)].filter(Boolean).join('\n');
  const tokens = segmenter?.tag(text) ?? [];
  const of = (vocabulary: Vocabulary) => terms.filter((term) => term.vocabulary === vocabulary);
  const recognized = recognizedNames(tokens, text);
  const subjects = merge(termsInText(text, of('subject')), [], article.subjects.map((s) => s.term));
  const existingSubjects = termsInText(article.subjects.map((s) => s.term).join('\n'), of('subject'));
  const taken = new Set([...article.keywords, ...article.subjects.map((s) => s.term), ...article.persons, ...article.organizations, ...article.places.map((p) => p.name)].map(fold));
  return {
    keywords: textRank(tokens, { top: 12 }).filter((keyword) => !taken.has(fold(keyword.word))).slice(0, 10),
    subjects,
    persons: merge(termsInText(text, of('person')), recognized.persons, article.persons),
    places: merge(termsInText(text, of('place')), recognized.places, article.places.map((p) => p.name)),
    organizations: merge(termsInText(text, of('organization')), recognized.organizations, article.organizations),
    dates: datesInText(text),
    clc: classesFromSubjects([...subjects, ...existingSubjects]).filter((entry) => !article.clc.includes(entry.clc)),
  };
}
