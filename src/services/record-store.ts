/**
 * Records in object storage: read back through their zod schema (storage is a trust boundary
 * too), written with conditional writes so that a stale writer is refused, never silently
 * overwrites. Every saved change increments the record's version.
 */
import { StorageError } from '../errors.ts';
import { articleSchema, type Article } from '../domain/article.ts';
import { issueSchema, type Issue } from '../domain/issue.ts';
import { storageKeys, type ArticleKey, type IssueKey, type PageKey } from '../domain/natural-keys.ts';
import { isWellFormedPageOcr, pageOcrSchema, type PageOcr } from '../domain/page-ocr.ts';
import { decodePageText, type PackedPageText } from '../domain/page-text.ts';
import { pageSchema, type Page } from '../domain/page.ts';
import { titleSchema, type Title } from '../domain/title.ts';
import type { ObjectStore } from '../ports.ts';
import { bytesOf } from '../adapters/body.ts';
import { z } from 'zod';

export interface Stored<T> {
  record: T;
  /** The storage version of exactly this content, for a conditional replace. */
  etag: string;
}

const kinds = {
  title: { schema: titleSchema, key: (record: Title) => storageKeys.title(record.key.title) },
  issue: { schema: issueSchema, key: (record: Issue) => storageKeys.issue(record.key) },
  page: { schema: pageSchema, key: (record: Page) => storageKeys.page(record.key) },
  article: { schema: articleSchema, key: (record: Article) => storageKeys.article(record.key) },
} as const;

export type RecordKind = keyof typeof kinds;
export type RecordOf<K extends RecordKind> = z.infer<(typeof kinds)[K]['schema']>;

/** Where a record of `kind` belongs in storage, by its own key. */
export function storageKeyOf<K extends RecordKind>(kind: K, record: RecordOf<K>): string {
  return (kinds[kind].key as (r: RecordOf<K>) => string)(record);
}

/** Rewritten whenever any title record is: readers' title lists, in every process, reload when it changes. */
export const titlesChangedKey = 'titles/changed.json';
export const titlesChangedSchema = z.object({ at: z.iso.datetime({ offset: true }) });

export class RecordStore {
  constructor(readonly objects: ObjectStore) {}


  getTitle = (title: string): Promise<Stored<Title> | null> => this.read('title', storageKeys.title(title));
  getIssue = (key: IssueKey): Promise<Stored<Issue> | null> => this.read('issue', storageKeys.issue(key));
  getPage = (key: PageKey): Promise<Stored<Page> | null> => this.read('page', storageKeys.page(key));
  getArticle = (key: ArticleKey): Promise<Stored<Article> | null> => this.read('article', storageKeys.article(key));

  /** Stores a new record (version 1); refused if one exists already. */
  async create<K extends RecordKind>(kind: K, record: RecordOf<K>): Promise<Stored<RecordOf<K>>> {
    const parsed = kinds[kind].schema.parse({ ...record, version: 1 }) as RecordOf<K>;
    const info = await this.objects.put(storageKeyOf(kind, parsed), JSON.stringify(parsed), { ifAbsent: true });
    await this.written(kind);
    return { record: parsed, etag: info.etag };
  }

  /** Saves a changed record over the version read as `previous`; refused if it changed since. */
  async replace<K extends RecordKind>(kind: K, previous: Stored<RecordOf<K>>, record: RecordOf<K>): Promise<Stored<RecordOf<K>>> {
    const parsed = kinds[kind].schema.parse({ ...record, version: previous.record.version + 1 }) as RecordOf<K>;
    const info = await this.objects.put(storageKeyOf(kind, parsed), JSON.stringify(parsed), { ifMatch: previous.etag });
    await this.written(kind);
    return { record: parsed, etag: info.etag };
  }

  /** Writes a record (version 1) over a stored object that could not be read back, exactly that one (`etag`). */
  async replaceUnreadable<K extends RecordKind>(kind: K, etag: string, record: RecordOf<K>): Promise<Stored<RecordOf<K>>> {
    const parsed = kinds[kind].schema.parse({ ...record, version: 1 }) as RecordOf<K>;
    const info = await this.objects.put(storageKeyOf(kind, parsed), JSON.stringify(parsed), { ifMatch: etag });
    await this.written(kind);
    return { record: parsed, etag: info.etag };
  }

  /** After a title record is written, the marker every process's title list watches (title-directory.ts). */
  private async written(kind: RecordKind): Promise<void> {
    if (kind === 'title') await this.objects.put(titlesChangedKey, JSON.stringify({ at: new Date().toISOString() }));
  }

  /** The compact page text (page-text.ts); null when absent or not in the current form (read the OCR then). */
  async getPageText(key: PageKey): Promise<PackedPageText | null> {
    const object = await this.objects.get(storageKeys.pageText(key));
    return object ? decodePageText(await bytesOf(object)) : null;
  }

  async getPageOcr(key: PageKey): Promise<PageOcr | null> {
    const storageKey = storageKeys.pageOcr(key);
    const object = await this.objects.get(storageKey);
    if (!object) return null;
    const bytes = await bytesOf(object);
    // The quick check first (OCR is read for every hit); the schema only to say what is wrong.
    try {
      const data: unknown = JSON.parse(new TextDecoder().decode(bytes));
      if (isWellFormedPageOcr(data)) return data;
    } catch {
      // parseStoredJson below reports it
    }
    return parseStoredJson(storageKey, bytes, pageOcrSchema);
  }

  /** Reads and validates any record by its storage key (as listed under records/). */
  async read<K extends RecordKind>(kind: K, storageKey: string): Promise<Stored<RecordOf<K>> | null> {
    const object = await this.objects.get(storageKey);
    if (!object) return null;
    const record = parseStoredJson(storageKey, await bytesOf(object), kinds[kind].schema as unknown as z.ZodType<RecordOf<K>>);
    return { record, etag: object.info.etag };
  }

}

/** Any JSON object in storage read through its schema; null when absent. */
export async function readStoredJson<T>(objects: ObjectStore, storageKey: string, schema: z.ZodType<T>): Promise<T | null> {
  const object = await objects.get(storageKey);
  return object ? parseStoredJson(storageKey, await bytesOf(object), schema) : null;
}

/** Stored JSON read back through its schema; what is wrong with it becomes a `corrupt` StorageError naming the key. */
export function parseStoredJson<T>(storageKey: string, bytes: Uint8Array, schema: z.ZodType<T>): T {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new StorageError('corrupt', `${storageKey} is not valid JSON`, { key: storageKey, cause });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StorageError('corrupt', `${storageKey} is not a valid record: ${issue?.path.join('.')} ${issue?.message}`, { key: storageKey, cause: parsed.error });
  }
  return parsed.data;
}
