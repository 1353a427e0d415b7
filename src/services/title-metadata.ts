/**
 * Correcting what a title record says after its first ingest (its name, other names, place,
 * publisher, language, CN / ISSN, rights statement and URI): the record is replaced (conditionally,
 * audited by who and when), readers' pages and IIIF read it at once, and the paper's index
 * documents take the new name at once too; records that carry the rights (OAI-PMH, exports) are
 * built from the title record when asked. A value set to null is removed.
 */
import { z } from 'zod';
import { fold } from '../domain/fold.ts';
import { titleSchema, type Title } from '../domain/title.ts';
import { AppError } from '../errors.ts';
import type { SearchIndex } from '../ports.ts';
import type { RecordStore } from './record-store.ts';
import type { TitleDirectory } from './title-directory.ts';
import { updateTitleDocuments } from './title-visibility.ts';

const shape = titleSchema.shape;
/** What may be corrected; null removes an optional value. */
export const titleChangeSchema = z
  .object({
    name: shape.name,
    otherNames: z.array(z.string().trim().min(1)),
    place: shape.place.unwrap().nullable(),
    publisher: shape.publisher.unwrap().nullable(),
    language: z.string().regex(/^[a-z]{3}$/),
    cn: shape.cn.unwrap().nullable(),
    issn: shape.issn.unwrap().nullable(),
    rights: shape.rights,
    rightsUri: shape.rightsUri.unwrap().nullable(),
    description: z.string().nullable(),
  })
  .partial()
  .strict();
export type TitleChange = z.infer<typeof titleChangeSchema>;

export async function updateTitleMetadata(
  services: { records: RecordStore; search: SearchIndex; titles?: TitleDirectory },
  id: string,
  change: TitleChange,
  by: string,
  now: Date = new Date(),
): Promise<{ title: Title; changed: (keyof TitleChange)[] }> {
  const stored = await services.records.getTitle(id);
  if (!stored) throw new AppError('not_found', { detail: { 'zh-CN': `没有题名 ${id}`, en: `there is no title ${id}` } });
  const next: Record<string, unknown> = { ...stored.record };
  const changed: (keyof TitleChange)[] = [];
  for (const [field, value] of Object.entries(change) as [keyof TitleChange, unknown][]) {
    if (JSON.stringify(next[field] ?? null) === JSON.stringify(value ?? null)) continue;
    changed.push(field);
    if (value === null) delete next[field];
    else next[field] = value;
  }
  if (changed.length === 0) return { title: stored.record, changed };
  const at = now.toISOString();
  const record = titleSchema.parse({ ...next, version: stored.record.version + 1, updatedAt: at, updatedBy: by });
  const { record: title } = await services.records.replace('title', stored, record);
  if (changed.includes('name')) {
    const seconds = Math.floor(now.getTime() / 1000);
    await updateTitleDocuments(services.search, id, (hit, index) => ({ id: hit.id, titleName: title.name, titleNameFolded: fold(title.name), ...(index === 'articles' ? { updated: Math.max(hit.updated ?? 0, seconds) } : {}) }));
  }
  services.titles?.refresh();
  return { title, changed };
}
