/**
 * The titles difang holds, read from storage and kept: names for facets and hits. A title written
 * anywhere — this process, the CLI, another replica — rewrites a marker in storage
 * (record-store.ts); the list looks at it at most once a second and reads the titles again when it
 * changed, so a title hidden, shown, renamed or newly ingested reaches readers at once.
 */
import type { Title } from '../domain/title.ts';
import type { SearchIndex } from '../ports.ts';
import { titlesChangedKey, type RecordStore } from './record-store.ts';
import { indexNames } from './search-indexes.ts';

export class TitleDirectory {
  private cache: { at: number; checkedAt: number; marker: Promise<string | null>; titles: Promise<Map<string, Title>> } | null = null;

  constructor(
    private readonly records: RecordStore,
    private readonly search: SearchIndex,
    private readonly maxAgeMs = 60_000,
    private readonly checkEveryMs = 1_000,
  ) {}

  /** Every title that has pages in the index, by id. */
  async all(): Promise<Map<string, Title>> {
    const cache = this.cache;
    if (cache && Date.now() - cache.checkedAt > this.checkEveryMs) {
      cache.checkedAt = Date.now();
      if ((await this.marker()) !== (await cache.marker)) this.cache = null;
    }
    if (!this.cache || Date.now() - this.cache.at > this.maxAgeMs) {
      // The marker is read before the titles: a change made while they load is seen next time.
      const marker = this.marker();
      const titles = marker.then(() => this.load());
      this.cache = { at: Date.now(), checkedAt: Date.now(), marker, titles };
      titles.catch(() => (this.cache = null));
    }
    return this.cache.titles;
  }

  private async marker(): Promise<string | null> {
    return (await this.records.objects.head(titlesChangedKey).catch(() => null))?.etag ?? null;
  }

  /** One title; read from storage when search cannot say (so pages and manifests serve without it). */
  async get(id: string): Promise<Title | null> {
    const known = await this.all().catch(() => null);
    return known?.get(id) ?? (await this.records.getTitle(id))?.record ?? null;
  }

  /** Drop what is kept (after a title record changes). */
  refresh(): void {
    this.cache = null;
  }

  private async load(): Promise<Map<string, Title>> {
    const facets = await this.search.search(this.search.indexUid(indexNames.pages), { q: '', facets: ['titleId'], hitsPerPage: 0 });
    const ids = Object.keys(facets.facetDistribution?.titleId ?? {});
    const titles = await Promise.all(ids.map((id) => this.records.getTitle(id)));
    return new Map(titles.filter((t) => t !== null).map((t) => [t.record.key.title, t.record]));
  }
}
