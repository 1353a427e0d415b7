/**
 * Where a query matches a text, found by difang itself rather than asked of Meilisearch (whose
 * match positions cost a second segmentation of every long text returned — measured at 20 ms and
 * more per search). Both sides are folded. A query word found whole is marked whole; one that is
 * not (Meilisearch matches 清远市图书馆 where 清远市 and 图书馆 stand apart) is covered by its
 * longest pieces that the text holds. Latin words match without regard to case. Place names also
 * match their synonyms (番禺县 for 番禺区).
 */
import { withAsciiQuotes } from './search-request.ts';
import { fold } from './fold.ts';

export interface TextRange {
  /** UTF-16 offsets, end exclusive. */
  start: number;
  end: number;
}

const han = /\p{Script=Han}/u;

/** The words and phrases of a query, folded, with a name's synonyms beside it. */
export function highlightTerms(q: string, synonyms: Record<string, string[]> = {}): string[] {
  const folded = withAsciiQuotes(fold(q));
  const terms: string[] = [];
  const quoted = /"([^"]+)"/g;
  for (const match of folded.matchAll(quoted)) terms.push(...(match[1] ?? '').split(/\s+/).filter(Boolean));
  terms.push(...folded.replace(quoted, ' ').replace(/"/g, ' ').split(/\s+/).filter(Boolean));
  // OR joins alternatives (周恩来 OR 图书馆); it is not a word to mark.
  const words = terms.filter((term) => term !== 'OR').map((term) => term.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter(Boolean);
  return [...new Set(words.flatMap((word) => [word, ...(synonyms[word] ?? [])]))];
}

/** Every place in `folded` (an already folded text) where one of the terms matches. */
export function findMatches(folded: string, terms: readonly string[]): TextRange[] {
  const ranges: TextRange[] = [];
  let lower: string | undefined;
  for (const term of terms) {
    if (!han.test(term)) {
      pushEvery(ranges, term.toLowerCase(), (lower ??= folded.toLowerCase()));
      continue;
    }
    if (folded.includes(term)) {
      pushEvery(ranges, term, folded);
      continue;
    }
    // Cover the word with the longest of its pieces that the text holds.
    const chars = [...term];
    for (let i = 0; i < chars.length; ) {
      let found = 0;
      for (let j = chars.length; j > i && found === 0; j--) {
        const piece = chars.slice(i, j).join('');
        if ((j - i >= 2 || chars.length === 1) && folded.includes(piece)) found = j - i;
      }
      if (found > 0) pushEvery(ranges, chars.slice(i, i + found).join(''), folded);
      i += Math.max(found, 1);
    }
  }
  return sortedByStart(ranges);
}

/** The ranges in order of their start, sorted in place; most come in order already, and are left as they are. */
export function sortedByStart<T extends TextRange>(ranges: T[]): T[] {
  for (let i = 1; i < ranges.length; i++) if (ranges[i]!.start < ranges[i - 1]!.start) return ranges.sort((a, b) => a.start - b.start);
  return ranges;
}

/** Adds every place where `piece` stands in `haystack`. */
function pushEvery(ranges: TextRange[], piece: string, haystack: string): void {
  for (let at = haystack.indexOf(piece); at >= 0; at = haystack.indexOf(piece, at + piece.length)) ranges.push({ start: at, end: at + piece.length });
}
