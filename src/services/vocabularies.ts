/**
 * The library's vocabularies in storage (vocabularies/{subject|clc|place|person|organization}.json),
 * read back for search (dictionary, synonyms, names kept whole in queries) and for suggestions.
 * A vocabulary is replaced whole by an import; a request that needs the terms (suggestions,
 * authority control on save) sees an import by any process within a second — the files' versions
 * are checked at most once a second — and the search views within a minute.
 */
import { bytesOf } from '../adapters/body.ts';
import { termSchema, vocabularySchema, type Term, type Vocabulary } from '../domain/term.ts';
import { searchWordsFrom, TermSuggester } from '../domain/vocabulary.ts';
import { StorageError } from '../errors.ts';
import type { ObjectStore } from '../ports.ts';
import { z } from 'zod';
import { builtInVocabulary, type SearchVocabulary } from './search-indexes.ts';

export const vocabularyFileSchema = z.object({
  vocabulary: vocabularySchema,
  /** The file it was imported from, and when. */
  source: z.string(),
  importedAt: z.string(),
  terms: z.array(termSchema),
});
export type VocabularyFile = z.infer<typeof vocabularyFileSchema>;

export const vocabulariesPrefix = 'vocabularies/';
export const vocabularyKey = (vocabulary: Vocabulary) => `${vocabulariesPrefix}${vocabulary}.json`;

export async function readVocabularies(store: ObjectStore): Promise<Term[]> {
  const all: Term[] = [];
  for (const vocabulary of vocabularySchema.options) {
    const object = await store.get(vocabularyKey(vocabulary));
    if (!object) continue;
    const text = new TextDecoder().decode(await bytesOf(object));
    const parsed = vocabularyFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new StorageError('corrupt', `${vocabularyKey(vocabulary)} is not a valid vocabulary: ${parsed.error.issues[0]?.message}`, { key: vocabularyKey(vocabulary) });
    all.push(...parsed.data.terms);
  }
  return all;
}

export async function writeVocabulary(store: ObjectStore, file: VocabularyFile): Promise<void> {
  await store.put(vocabularyKey(file.vocabulary), JSON.stringify(vocabularyFileSchema.parse(file)));
}

/** The built-in place-name synonyms together with what the library's vocabularies add. */
export function searchVocabularyOf(terms: readonly Term[]): SearchVocabulary {
  const words = searchWordsFrom(terms);
  const synonyms: Record<string, string[]> = { ...builtInVocabulary.synonyms };
  for (const [name, others] of Object.entries(words.synonyms)) synonyms[name] = [...new Set([...(synonyms[name] ?? []), ...others])];
  return { dictionary: [...new Set([...builtInVocabulary.dictionary, ...words.dictionary])], synonyms };
}

/** The search vocabulary as storage holds it now: what index settings are made from. */
export async function storedSearchVocabulary(store: ObjectStore): Promise<SearchVocabulary> {
  return searchVocabularyOf(await readVocabularies(store));
}

/** The vocabularies as a running server sees them, read again after `maxAgeMs`. */
export class VocabularyDirectory {
  private cache: { at: number; loaded: Promise<{ terms: Term[]; search: SearchVocabulary; knownNames: Set<string>; suggesters: Map<Vocabulary, TermSuggester> }> } | null = null;
  private current: Awaited<NonNullable<typeof this.cache>['loaded']> | null = null;
  /** The stored files' versions `current` was read from, and when they were last compared. */
  private currentVersions = '';
  private checkedAt = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly maxAgeMs = 60_000,
    private readonly checkEveryMs = 1_000,
  ) {}

  private build(terms: Term[]) {
    const search = searchVocabularyOf(terms);
    // Names matched whole in queries: quoted, except those with synonyms (Meilisearch does not
    // apply synonyms inside a quoted phrase).
    const knownNames = new Set(search.dictionary.filter((name) => !(name in search.synonyms)));
    const suggesters = new Map(vocabularySchema.options.map((v) => [v, new TermSuggester(terms.filter((t) => t.vocabulary === v))]));
    const value = { terms, search, knownNames, suggesters };
    this.current = value;
    return value;
  }

  private load() {
    if (!this.cache || Date.now() - this.cache.at > this.maxAgeMs) {
      const loaded = readVocabularies(this.store).then((terms) => this.build(terms));
      loaded.catch(() => (this.cache = null));
      this.cache = { at: Date.now(), loaded };
    }
    return this.cache.loaded;
  }

  /**
   * The vocabularies for a request that waits for them: the loaded state while it is fresh, else
   * read within this request — a promise begun in another request cannot be awaited on Workers
   * (workerd never settles it), so a shared load is only ever used in the background.
   */
  private async fresh() {
    if (this.current && this.cache && Date.now() - this.checkedAt <= this.checkEveryMs) return this.current;
    const versions = await this.versions();
    this.checkedAt = Date.now();
    if (this.current && this.cache && versions === this.currentVersions) return this.current;
    const value = this.build(await readVocabularies(this.store));
    this.currentVersions = versions;
    this.cache = { at: Date.now(), loaded: Promise.resolve(value) };
    return value;
  }

  /** The stored vocabulary files' versions (etags), as one string. */
  private async versions(): Promise<string> {
    const heads = await Promise.all(vocabularySchema.options.map((vocabulary) => this.store.head(vocabularyKey(vocabulary))));
    return heads.map((head) => head?.etag ?? '-').join('|');
  }

  /** Loads now (at start), so the synchronous views below have something to give. */
  async ready(): Promise<void> {
    await this.load();
  }

  /** The last loaded state, refreshed in the background when it is old; built-ins until the first load. */
  private snapshot() {
    void this.load().catch(() => undefined);
    return this.current;
  }

  knownNames(): ReadonlySet<string> {
    return this.snapshot()?.knownNames ?? new Set<string>();
  }

  synonyms(): Record<string, string[]> {
    return this.snapshot()?.search.synonyms ?? builtInVocabulary.synonyms;
  }

  async terms(): Promise<Term[]> {
    return (await this.fresh()).terms;
  }

  async suggester(vocabulary: Vocabulary): Promise<TermSuggester> {
    return (await this.fresh()).suggesters.get(vocabulary)!;
  }

  forget(): void {
    this.cache = null;
  }
}
