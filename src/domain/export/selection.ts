/**
 * Which articles an export or a harvest takes: a paper, a date range, statuses (reviewed and
 * published unless told otherwise), and changed since / until (incremental submissions, OAI-PMH
 * from / until) — as Meilisearch filters built from values, never from free text.
 */
import { z } from 'zod';
import { articleStatusSchema } from '../article.ts';
import { titleIdSchema } from '../natural-keys.ts';
import { dateBound, filterValue } from '../search-request.ts';

const partialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date as YYYY, YYYY-MM or YYYY-MM-DD');

export const exportSelectionSchema = z.object({
  title: titleIdSchema.optional(),
  /** Publication dates, inclusive; partial dates mean the whole year or month. */
  from: partialDate.optional(),
  to: partialDate.optional(),
  statuses: z.array(articleStatusSchema).min(1).default(['reviewed', 'published']),
  /** Records changed at or after / at or before these instants. */
  changedSince: z.date().optional(),
  changedUntil: z.date().optional(),
  /** Titles hidden from the public (still in copyright) are left out unless asked for. */
  includeHidden: z.boolean().default(false),
});
export type ExportSelection = z.infer<typeof exportSelectionSchema>;

export const defaultSelection: ExportSelection = { statuses: ['reviewed', 'published'], includeHidden: false };

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function selectionFilter(selection: ExportSelection): string[] {
  const filters = [`status IN [${selection.statuses.map(filterValue).join(', ')}]`];
  if (!selection.includeHidden) filters.push('hidden = false');
  if (selection.title) filters.push(`titleId = ${filterValue(selection.title)}`);
  if (selection.from) filters.push(`date >= ${dateBound(selection.from, 'first')}`);
  if (selection.to) filters.push(`date <= ${dateBound(selection.to, 'last')}`);
  if (selection.changedSince) filters.push(`updated >= ${seconds(selection.changedSince)}`);
  if (selection.changedUntil) filters.push(`updated <= ${seconds(selection.changedUntil)}`);
  return filters;
}
