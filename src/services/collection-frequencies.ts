/**
 * Document frequencies from the collection itself, for ranking keywords (TF-IDF): how many
 * articles and pages print a word, asked of Meilisearch as one multi-search of phrase queries
 * with no hits returned. Answers are kept for ten minutes (a collection's frequencies move slowly).
 */
import type { SearchIndex } from '../ports.ts';
import type { DocumentFrequencies } from './article-suggestions.ts';
import { indexNames } from './search-indexes.ts';

const keepFor = 10 * 60_000;
const keepAtMost = 20_000;

export function collectionFrequencies(search: SearchIndex, now: () => number = Date.now): DocumentFrequencies {
  const known = new Map<string, { documents: number; at: number }>();
  let total = { value: 0, at: -Infinity };
  const uids = [search.indexUid(indexNames.articles), search.indexUid(indexNames.pages)];
  return async (words) => {
    const fresh = (entry: { at: number } | undefined) => entry !== undefined && now() - entry.at < keepFor;
    const asking = [...new Set(words)].filter((word) => !fresh(known.get(word)));
    const askTotal = !fresh(total);
    if (asking.length > 0 || askTotal) {
      const queries = [...(askTotal ? [''] : []), ...asking].flatMap((word) => uids.map((indexUid) => ({ indexUid, q: word ? `"${word.replace(/"/g, '')}"` : '', hitsPerPage: 0 })));
      const results = await search.searchMany(queries);
      const count = (at: number) => results[at * 2]!.totalHits + results[at * 2 + 1]!.totalHits;
      let at = 0;
      if (askTotal) total = { value: count(at++), at: now() };
      if (known.size + asking.length > keepAtMost) known.clear();
      for (const word of asking) known.set(word, { documents: count(at++), at: now() });
    }
    return { total: total.value, documents: new Map(words.map((word) => [word, known.get(word)?.documents ?? 0])) };
  };
}
