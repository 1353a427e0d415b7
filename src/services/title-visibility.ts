/**
 * Hiding a paper from the public (copyright) and showing it again. The title record says so
 * (`hidden`, `visibilityChangedAt`), and every index document of the paper follows at once: readers'
 * searches filter on `hidden`, and the articles count as changed at that moment, so OAI-PMH
 * harvesters are told they are deleted (or back) at their next incremental harvest. Staff keep
 * seeing the paper in the workspace.
 */
import type { Title } from '../domain/title.ts';
import { filterValue } from '../domain/search-request.ts';
import { AppError } from '../errors.ts';
import type { IndexTask, SearchIndex } from '../ports.ts';
import type { RecordStore } from './record-store.ts';
import { indexNames } from './search-indexes.ts';
import type { TitleDirectory } from './title-directory.ts';

export interface VisibilityChange {
  title: Title;
  /** False when the paper already was as asked. */
  changed: boolean;
  articles: number;
  pages: number;
}

const batch = 1000;

export async function setTitleHidden(
  services: { records: RecordStore; search: SearchIndex; titles?: TitleDirectory },
  id: string,
  hidden: boolean,
  by: string,
  now: Date = new Date(),
): Promise<VisibilityChange> {
  const { records, search } = services;
  const stored = await records.getTitle(id);
  if (!stored) throw new AppError('not_found', { detail: { 'zh-CN': `没有题名 ${id}`, en: `there is no title ${id}` } });
  if (stored.record.hidden === hidden) return { title: stored.record, changed: false, articles: 0, pages: 0 };
  const at = now.toISOString();
  const { record: title } = await records.replace('title', stored, { ...stored.record, hidden, visibilityChangedAt: at, version: stored.record.version + 1, updatedAt: at, updatedBy: by });
  const seconds = Math.floor(now.getTime() / 1000);
  const { articles, pages } = await updateTitleDocuments(search, id, (hit, index) => ({ id: hit.id, hidden, ...(index === 'articles' ? { updated: Math.max(hit.updated ?? 0, seconds) } : {}) }));
  services.titles?.refresh();
  return { title, changed: true, articles, pages };
}

/** Every article and page document of a title, changed by `change`; resolves once the index shows it. */
export async function updateTitleDocuments(
  search: SearchIndex,
  titleId: string,
  change: (hit: { id: string; updated?: number }, index: 'articles' | 'pages') => Record<string, unknown>,
): Promise<{ articles: number; pages: number }> {
  const articles = await updateAll(search, search.indexUid(indexNames.articles), titleId, (hit) => change(hit, 'articles'));
  const pages = await updateAll(search, search.indexUid(indexNames.pages), titleId, (hit) => change(hit, 'pages'));
  return { articles, pages };
}

/** Every document of a title, changed by `change`; resolves once the index shows the change. */
async function updateAll(search: SearchIndex, uid: string, titleId: string, change: (hit: { id: string; updated?: number }) => Record<string, unknown>): Promise<number> {
  const hits: { id: string; updated?: number }[] = [];
  for (let page = 1; ; page++) {
    const result = await search.search<{ id: string; updated?: number }>(uid, { q: '', filter: `titleId = ${filterValue(titleId)}`, page, hitsPerPage: batch, attributesToRetrieve: ['id', 'updated'] });
    hits.push(...result.hits);
    if (result.hits.length < batch) break;
  }
  let last: IndexTask | null = null;
  for (let i = 0; i < hits.length; i += batch) last = await search.updateDocuments(uid, hits.slice(i, i + batch).map(change));
  if (last) await search.waitForTask(last);
  return hits.length;
}
