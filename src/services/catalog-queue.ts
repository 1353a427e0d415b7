/**
 * What cataloguers see of many articles at once — their queues and the project's progress — read
 * from the search index, where every article document carries its working copy's status
 * (workStatus), version, last editor and time. Staff see hidden titles too.
 */
import { z } from 'zod';
import { articleStatusSchema } from '../domain/article.ts';
import { isoDateSchema, titleIdSchema } from '../domain/natural-keys.ts';
import type { ArticleDocument, PageDocument } from '../domain/search-documents.ts';
import { dateBound } from '../domain/search-request.ts';
import type { SearchIndex } from '../ports.ts';
import { dayOf, type Catalog, type DailyActivity } from './catalog.ts';
import { indexNames } from './search-indexes.ts';

export const queueParamsSchema = z.object({
  status: articleStatusSchema.default('draft'),
  title: titleIdSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  /** Last edited by this username. */
  by: z.string().regex(/^[a-z0-9][a-z0-9_.-]{1,31}$/).optional(),
  sort: z.enum(['date', 'updated']).default('date'),
  /** Only articles a reviewer returned (已退回). */
  returned: z.literal('1').optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  per: z.coerce.number().int().min(1).max(200).default(50),
});
export type QueueParams = z.infer<typeof queueParamsSchema>;

const queueFields = ['id', 'titleId', 'titleName', 'issueId', 'date', 'seq', 'pageLabel', 'section', 'title', 'segmentation', 'status', 'workStatus', 'workTitle', 'workReturned', 'workVersion', 'workBy', 'workUpdated'] as const;
export type QueueItem = Pick<ArticleDocument, (typeof queueFields)[number]>;

export interface Queue {
  items: QueueItem[];
  total: number;
  /** How many articles are in each status (within the paper / date filter). */
  statusCounts: Record<string, number>;
  titles: Record<string, number>;
  /** Pages no article has been cut from yet (待切分). */
  toSegment: number;
  /** Drafts a reviewer returned (已退回). */
  returned: number;
}

export async function queue(search: SearchIndex, params: QueueParams): Promise<Queue> {
  const scope = [
    ...(params.title ? [`titleId = ${JSON.stringify(params.title)}`] : []),
    ...(params.from ? [`date >= ${dateBound(params.from, 'first')}`] : []),
    ...(params.to ? [`date <= ${dateBound(params.to, 'last')}`] : []),
    ...(params.by ? [`workBy = ${JSON.stringify(params.by)}`] : []),
  ];
  const uid = search.indexUid(indexNames.articles);
  const [listed, counted, unsegmented] = await search.searchMany<QueueItem>([
    {
      indexUid: uid,
      q: '',
      filter: [...scope, `workStatus = ${params.status}`, ...(params.returned ? ['workReturned = true'] : [])],
      sort: params.sort === 'updated' ? ['workUpdated:desc'] : ['date:asc', 'seq:asc'],
      page: params.page,
      hitsPerPage: params.per,
      attributesToRetrieve: [...queueFields],
    },
    { indexUid: uid, q: '', filter: scope, facets: ['workStatus', 'workReturned', 'titleId'], hitsPerPage: 0 },
    { indexUid: search.indexUid(indexNames.pages), q: '', filter: ['segmented = false'], hitsPerPage: 0 },
  ]);
  return {
    items: listed!.hits.map((hit) => Object.fromEntries(queueFields.map((field) => [field, hit[field] ?? null])) as QueueItem),
    total: listed!.totalHits,
    statusCounts: counted!.facetDistribution?.workStatus ?? {},
    titles: counted!.facetDistribution?.titleId ?? {},
    toSegment: unsegmented!.totalHits,
    returned: counted!.facetDistribution?.workReturned?.['true'] ?? 0,
  };
}

export interface Targets {
  pages: number;
  articles: number;
}

export const defaultTargets: Targets = { pages: 10_000, articles: 27_000 };

export interface Dashboard {
  targets: Targets;
  pages: { ingested: number; segmented: number };
  articles: { total: number; byStatus: Record<string, number>; publishedForReaders: number };
  /** Work per day per person, oldest first. */
  days: DailyActivity[];
}

export async function dashboard(search: SearchIndex, catalog: Catalog, targets: Targets, days = 30, now: Date = new Date()): Promise<Dashboard> {
  const [pages, articles] = await search.searchMany<Record<string, unknown>>([
    { indexUid: search.indexUid(indexNames.pages), q: '', facets: ['segmented'], hitsPerPage: 0 },
    { indexUid: search.indexUid(indexNames.articles), q: '', facets: ['workStatus', 'status'], hitsPerPage: 0 },
  ]);
  const dayList = Array.from({ length: days }, (_, i) => dayOf(new Date(now.getTime() - (days - 1 - i) * 86_400_000)));
  return {
    targets,
    pages: { ingested: pages!.totalHits, segmented: pages!.facetDistribution?.segmented?.true ?? 0 },
    articles: { total: articles!.totalHits, byStatus: articles!.facetDistribution?.workStatus ?? {}, publishedForReaders: articles!.facetDistribution?.status?.published ?? 0 },
    days: await Promise.all(dayList.map((day) => catalog.activity(day))),
  };
}

const pageFields = ['id', 'titleId', 'titleName', 'issueId', 'date', 'seq', 'label', 'hasText', 'layoutUncertain'] as const;
export type UnsegmentedPage = Pick<PageDocument, (typeof pageFields)[number]>;

/** 待切分: pages with no article cut from them yet, oldest first. */
export async function pagesToSegment(search: SearchIndex, params: { title?: string; page: number; per: number }): Promise<{ items: UnsegmentedPage[]; total: number }> {
  const result = await search.search<UnsegmentedPage>(search.indexUid(indexNames.pages), {
    q: '',
    filter: ['segmented = false', ...(params.title ? [`titleId = ${JSON.stringify(params.title)}`] : [])],
    sort: ['date:asc', 'seq:asc'],
    page: params.page,
    hitsPerPage: params.per,
    attributesToRetrieve: [...pageFields],
  });
  return { items: result.hits.map((hit) => Object.fromEntries(pageFields.map((field) => [field, hit[field] ?? null])) as UnsegmentedPage), total: result.totalHits };
}
