/** The titles difang holds, read from storage and kept for a minute: names for facets and hits. */
import type { Title } from '../domain/title.ts';
import type { SearchIndex } from '../ports.ts';
import type { RecordStore } from './record-store.ts';
import { indexNames } from './search-indexes.ts';

export class TitleDirectory {
  private cache: { at: number; titles: Promise<Map<string, Title>> } | null = null;

  constructor(
    private readonly records: RecordStore,
    private readonly search: SearchIndex,
    private readonly maxAgeMs = 60_000,
  ) {}

  /** Every title that has pages in the index, by id. */
  all(): Promise<Map<string, Title>> {
    if (!this.cache || Date.now() - this.cache.at > this.maxAgeMs) {
      const titles = this.load();
      this.cache = { at: Date.now(), titles };
      titles.catch(() => (this.cache = null));
    }
    return this.cache.titles;
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
