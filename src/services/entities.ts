/**
 * Entity pages from the articles index (issue 20): the published articles that carry an entity
 * (in any of its folded forms), how many each year, and the entities printed with it most often
 * — one multi-search of two queries — and the index of a kind's entities by article count.
 */
import { entityId, entityKinds, type Entity, type EntityKind } from '../domain/entities.ts';
import { fold } from '../domain/fold.ts';
import { pinyinForms } from '../domain/pinyin.ts';
import { filterValue } from '../domain/search-request.ts';
import type { SearchIndex } from '../ports.ts';
import { indexNames, retrieved, type ArticleHitFields } from './search-indexes.ts';

export type EntitySort = 'newest' | 'oldest' | 'relevance';

export interface EntityArticles {
  total: number;
  page: number;
  per: number;
  sort: EntitySort;
  year: number | null;
  /** The paper it is limited to, if any. */
  title: string | null;
  articles: ArticleHitFields[];
  /** Published articles per year, all years (the timeline). */
  years: { year: number; count: number }[];
  /** The entities printed with it most often, per kind, with how many articles they share. */
  related: Record<EntityKind, { id: string; name: string; count: number }[]>;
}

/** What readers may see of an entity: published articles of papers not hidden. */
const published = ['hidden = false', 'status = published'];

const carrying = (entity: Entity) => `(${entity.forms.map((form) => `${entityKinds[entity.kind].folded} = ${filterValue(form)}`).join(' OR ')})`;

export async function entityArticles(search: SearchIndex, entity: Entity, params: { page: number; per: number; sort: EntitySort; year?: number; title?: string }): Promise<EntityArticles> {
  const uid = search.indexUid(indexNames.articles);
  const base = [...published, carrying(entity), ...(params.title ? [`titleId = ${filterValue(params.title)}`] : [])];
  const [listed, counted] = await search.searchMany<ArticleHitFields>([
    {
      indexUid: uid,
      q: params.sort === 'relevance' ? entity.name : '',
      ...(params.sort === 'relevance' ? { matchingStrategy: 'last' as const } : { sort: [params.sort === 'newest' ? 'date:desc' : 'date:asc', 'seq:asc'] }),
      filter: [...base, ...(params.year ? [`year = ${params.year}`] : [])],
      page: params.page,
      hitsPerPage: params.per,
      attributesToRetrieve: retrieved.articles,
    },
    { indexUid: uid, q: '', filter: base, facets: ['year', ...Object.values(entityKinds).map((kind) => kind.field)], hitsPerPage: 0 },
  ]);
  const facets = counted!.facetDistribution ?? {};
  const years = Object.entries(facets.year ?? {})
    .map(([year, count]) => ({ year: Number(year), count }))
    .sort((a, b) => a.year - b.year);
  const related = Object.fromEntries(
    (Object.keys(entityKinds) as EntityKind[]).map((kind) => [
      kind,
      Object.entries(facets[entityKinds[kind].field] ?? {})
        .filter(([name]) => !(kind === entity.kind && entity.forms.includes(fold(name))))
        .map(([name, count]) => ({ id: entityId(name), name, count }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'))
        .slice(0, 12),
    ]),
  ) as EntityArticles['related'];
  return { total: listed!.totalHits, page: params.page, per: params.per, sort: params.sort, year: params.year ?? null, title: params.title ?? null, articles: listed!.hits, years, related };
}

/** A kind's entities in published articles, most articles first; `q` keeps those whose name, folded, or pinyin holds it. */
export async function entityIndex(search: SearchIndex, kind: EntityKind, q = ''): Promise<{ id: string; name: string; count: number }[]> {
  const field = entityKinds[kind].field;
  const result = await search.search(search.indexUid(indexNames.articles), { q: '', filter: published, facets: [field], hitsPerPage: 0 });
  const wanted = fold(q).toLowerCase().replace(/\s+/g, '');
  return Object.entries(result.facetDistribution?.[field] ?? {})
    .filter(([name]) => !wanted || fold(name).includes(wanted) || pinyinForms(name).some((form) => form.replace(/\s+/g, '').includes(wanted)))
    .map(([name, count]) => ({ id: entityId(name), name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'));
}
