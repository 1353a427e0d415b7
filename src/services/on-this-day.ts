/**
 * 历史上的今天: articles the collection printed on this month and day in past years — or, when no
 * year has one, on the nearest month and day that has (before or after, the nearer; a tie goes to
 * the later). Read from the articles index by its MMDD field; hidden papers stay out.
 */
import type { SearchIndex } from '../ports.ts';
import { dayOf } from './catalog.ts';
import { indexNames, retrieved, type ArticleHitFields } from './search-indexes.ts';

export interface OnThisDay {
  /** The month and day shown (MMDD): today's, or the nearest that has articles. */
  monthDay: number;
  exact: boolean;
  total: number;
  articles: ArticleHitFields[];
}

/** Today's month and day where the library is (China by default), as MMDD. */
export function monthDayOf(at: Date, timeZone = 'Asia/Shanghai'): number {
  return Number(dayOf(at, timeZone).slice(5).replace('-', ''));
}

export async function onThisDay(search: SearchIndex, monthDay: number, limit = 6): Promise<OnThisDay | null> {
  const uid = search.indexUid(indexNames.articles);
  const visible = 'hidden = false';
  const list = (day: number) => search.search<ArticleHitFields>(uid, { q: '', filter: [visible, `monthDay = ${day}`], sort: ['date:desc', 'seq:asc'], hitsPerPage: limit, attributesToRetrieve: retrieved.articles });
  const exact = await list(monthDay);
  if (exact.totalHits > 0) return { monthDay, exact: true, total: exact.totalHits, articles: exact.hits };
  const nearest = await search.searchMany<{ monthDay: number }>([
    { indexUid: uid, q: '', filter: [visible, `monthDay > ${monthDay}`], sort: ['monthDay:asc'], hitsPerPage: 1, attributesToRetrieve: ['monthDay'] },
    { indexUid: uid, q: '', filter: [visible, `monthDay < ${monthDay}`], sort: ['monthDay:desc'], hitsPerPage: 1, attributesToRetrieve: ['monthDay'] },
  ]);
  const after = nearest[0]!.hits[0]?.monthDay;
  const before = nearest[1]!.hits[0]?.monthDay;
  // Days between two MMDD values within one (leap) year.
  const dayOfYear = (md: number) => Math.round((Date.UTC(2000, Math.floor(md / 100) - 1, md % 100) - Date.UTC(2000, 0, 1)) / 86_400_000);
  const distance = (md: number | undefined) => (md === undefined ? Infinity : Math.abs(dayOfYear(md) - dayOfYear(monthDay)));
  const chosen = distance(after) <= distance(before) ? after : before;
  if (chosen === undefined) return null;
  const found = await list(chosen);
  return { monthDay: chosen, exact: false, total: found.totalHits, articles: found.hits };
}
