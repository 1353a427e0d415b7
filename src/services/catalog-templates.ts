/**
 * Templates per paper (著录模板): what most articles of one paper share — 体裁, 栏目, 责任者, the
 * paper's own places and subject terms — kept under catalog/templates/{title}.json, applied by a
 * cataloguer to the empty fields of an article, and saved from an article by any staff member.
 */
import { z } from 'zod';
import { articleSchema } from '../domain/article.ts';
import { titleIdSchema } from '../domain/natural-keys.ts';
import type { ObjectStore } from '../ports.ts';
import { readStoredJson } from './record-store.ts';

export const templatesPrefix = 'catalog/templates/';
export const templateFieldsSchema = articleSchema.pick({ genre: true, column: true, creators: true, subjects: true, places: true, organizations: true }).partial();
export type TemplateFields = z.infer<typeof templateFieldsSchema>;
export const catalogTemplateSchema = z.object({ title: titleIdSchema, fields: templateFieldsSchema, updatedBy: z.string(), updatedAt: z.iso.datetime({ offset: true }) });
export type CatalogTemplate = z.infer<typeof catalogTemplateSchema>;

const keyOf = (title: string) => `${templatesPrefix}${title}.json`;
/** The fields a template sets: no empty lists or strings (the schema's defaults fill them in). */
const withoutEmpty = (fields: TemplateFields): TemplateFields =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0))) as TemplateFields;

export class CatalogTemplates {
  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(title: string): Promise<CatalogTemplate | null> {
    const stored = await readStoredJson(this.store, keyOf(title), catalogTemplateSchema);
    return stored ? { ...stored, fields: withoutEmpty(stored.fields) } : null;
  }

  /** Replaces the paper's template (empty lists and absent fields are left out). */
  async put(title: string, fields: TemplateFields, by: string): Promise<CatalogTemplate> {
    const template = catalogTemplateSchema.parse({ title, fields, updatedBy: by, updatedAt: this.now().toISOString() });
    const kept = { ...template, fields: withoutEmpty(template.fields) };
    await this.store.put(keyOf(title), JSON.stringify(kept));
    return kept;
  }
}
