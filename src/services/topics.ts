/**
 * Topics in storage (topics/{slug}.json), changed only on the version read (a stale save is
 * refused, as catalog records are), and their sections resolved against the articles index:
 * published articles of public papers only — hand-picked ones in their order, a saved search's
 * newest first, so it picks up each article as it is published.
 */
import { z } from 'zod';
import { bytesOf } from '../adapters/body.ts';
import { fold } from '../domain/fold.ts';
import { filterValue } from '../domain/search-request.ts';
import { topicSchema, type Topic, type TopicSection } from '../domain/topic.ts';
import { AppError, StorageError } from '../errors.ts';
import type { ObjectStore, SearchIndex } from '../ports.ts';
import { keysUnder } from './keys-under.ts';
import { parseStoredJson } from './record-store.ts';
import { indexNames, retrieved, type ArticleHitFields } from './search-indexes.ts';

export const topicsPrefix = 'topics/';
const keyOf = (slug: string) => `${topicsPrefix}${slug}.json`;

/** What a curator sends: the topic without its bookkeeping. */
export const topicInputSchema = topicSchema.omit({ version: true, updatedBy: true, updatedAt: true });
export type TopicInput = z.infer<typeof topicInputSchema>;

export class Topics {
  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async read(slug: string): Promise<{ topic: Topic; etag: string } | null> {
    const object = await this.store.get(keyOf(slug));
    return object ? { topic: parseStoredJson(keyOf(slug), await bytesOf(object), topicSchema), etag: object.info.etag } : null;
  }

  async get(slug: string): Promise<Topic | null> {
    return (await this.read(slug))?.topic ?? null;
  }

  async list(): Promise<Topic[]> {
    const topics: Topic[] = [];
    for await (const key of keysUnder(this.store, topicsPrefix)) {
      const topic = await this.get(key.slice(topicsPrefix.length).replace(/\.json$/, ''));
      if (topic) topics.push(topic);
    }
    return topics.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** Creates the topic (version 0 means new) or replaces version `version`; a stale version is refused. */
  async save(input: TopicInput, version: number, by: string): Promise<Topic> {
    const current = await this.read(input.slug);
    if ((current?.topic.version ?? 0) !== version) {
      throw new AppError('precondition_failed', { detail: { 'zh-CN': `专题已被改为版本 ${current?.topic.version ?? 0}`, en: `the topic is now at version ${current?.topic.version ?? 0}` } });
    }
    const topic = topicSchema.parse({ ...input, version: version + 1, updatedBy: by, updatedAt: this.now().toISOString() });
    try {
      await this.store.put(keyOf(topic.slug), JSON.stringify(topic), current ? { ifMatch: current.etag } : { ifAbsent: true });
    } catch (error) {
      if (error instanceof StorageError && error.code === 'precondition_failed') throw new AppError('precondition_failed');
      throw error;
    }
    return topic;
  }
}

export interface ResolvedSection extends TopicSection {
  found: ArticleHitFields[];
}

const readable = ['hidden = false', 'status = published'];

/** Each section's published articles: the hand-picked in their order, then the saved search's, once each. */
export async function resolveSections(search: SearchIndex, topic: Topic): Promise<ResolvedSection[]> {
  const uid = search.indexUid(indexNames.articles);
  return Promise.all(
    topic.sections.map(async (section) => {
      const picked = section.articles.length
        ? (await search.search<ArticleHitFields>(uid, { q: '', filter: [...readable, `id IN [${section.articles.map(filterValue).join(', ')}]`], hitsPerPage: section.articles.length, attributesToRetrieve: retrieved.articles })).hits.sort(
            (a, b) => section.articles.indexOf(a.id) - section.articles.indexOf(b.id),
          )
        : [];
      const saved = section.search
        ? (
            await search.search<ArticleHitFields>(uid, {
              q: section.search.q,
              filter: [...readable, ...(section.search.subject ? [`subjectsFolded = ${filterValue(fold(section.search.subject))}`] : []), ...(section.search.place ? [`placesFolded = ${filterValue(fold(section.search.place))}`] : [])],
              sort: ['date:desc'],
              hitsPerPage: 20,
              attributesToRetrieve: retrieved.articles,
            })
          ).hits
        : [];
      const seen = new Set<string>();
      return { ...section, found: [...picked, ...saved].filter((hit) => !seen.has(hit.id) && seen.add(hit.id)) };
    }),
  );
}
