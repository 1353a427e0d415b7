/**
 * The demonstration data `npm start` shows on a fresh install: the project's own fixture batches
 * (fixtures/demo and fixtures/mets-enmap), ingested once, when storage holds no records yet — and
 * three of its articles tagged from difang's own suggestions and published (by "演示数据", audited
 * like any cataloguer) with a topic over them, so that a newcomer sees entity pages, a topic,
 * OAI-PMH records and exports at once.
 */
import { existsSync } from 'node:fs';
import { demoImportMarker, demoImportSchema } from '../src/services/stored-objects.ts';
import { join } from 'node:path';
import type { Config } from '../src/env.ts';
import type { Lang } from '../src/i18n.ts';
import type { Logger, ObjectStore, SearchIndex } from '../src/ports.ts';
import { storageKeys } from '../src/domain/natural-keys.ts';
import { ingestBatch } from './pipeline/ingest-session.ts';
import { jiebaSegmenter } from '../src/adapters/jieba/jieba-segmenter.ts';
import { npmNameData } from '../src/adapters/name-data/name-data.ts';
import { articleId, type ArticleKey } from '../src/domain/natural-keys.ts';
import { Topics } from '../src/services/topics.ts';
import type { Principal } from '../src/services/authenticator.ts';
import { suggestForArticle } from '../src/services/article-suggestions.ts';
import { Catalog } from '../src/services/catalog.ts';
import { RecordStore } from '../src/services/record-store.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

export const demoBatches = [
  { source: join(fixtures, 'demo') },
  { source: join(fixtures, 'mets-enmap'), title: 'demo-ribao' },
];

export async function ingestDemoDataIfEmpty(
  services: { store: ObjectStore; search: SearchIndex; logger: Logger; publicBaseUrl: string; config: Pick<Config, 's3Connection' | 'demoData'> },
  lang: Lang,
  say: (line: string) => void,
  signal?: AbortSignal,
): Promise<boolean> {
  if (services.config.demoData === 'off') return false;
  const unfinished = (await services.store.head(demoImportMarker)) !== null;
  if (!unfinished && (await services.store.list(storageKeys.recordsPrefix, { pageSize: 1 })).items.length > 0) return false;
  if (!demoBatches.every((batch) => existsSync(batch.source))) return false;
  if (unfinished) say(lang === 'en' ? 'The demonstration data was not all imported last time: finishing it…' : '上次演示数据未导入完：正在继续……');
  else say(lang === 'en' ? 'Storage is empty: ingesting the demonstration data (fixtures/demo, fixtures/mets-enmap)…' : '存储为空：正在导入演示数据（fixtures/demo、fixtures/mets-enmap）……');
  await services.store.put(demoImportMarker, JSON.stringify(demoImportSchema.parse({ startedAt: new Date().toISOString() })));
  let pages = 0;
  let articles = 0;
  for (const batch of demoBatches) {
    if (signal?.aborted) return false;
    const report = await ingestBatch(services, { ...batch, concurrency: 2, ...(signal ? { signal } : {}) });
    if (report.aborted) return false;
    pages += report.pages.stored + report.pages.unchanged;
    articles += report.articlesCreated;
  }
  const published = await publishDemoArticles(services);
  await demoTopic(services.store);
  await services.store.delete(demoImportMarker);
  say(lang === 'en' ? `Demonstration data ready: ${pages} pages, ${articles} articles.` : `演示数据已导入：${pages} 页、${articles} 篇。`);
  if (published > 0) say(lang === 'en' ? `${published} of them tagged from the suggestions and published, with a topic (see /people, /places, /topics, OAI-PMH).` : `其中 ${published} 篇按标引建议著录并发布，另有一个演示专题（见 /people、/places、/topics、OAI-PMH）。`);
  return true;
}

/** A published topic (专题) over the demonstration articles: a hand-picked section and a saved search. */
async function demoTopic(store: ObjectStore): Promise<void> {
  const topics = new Topics(store);
  if (await topics.get('demo-libraries')) return;
  await topics.save(
    {
      slug: 'demo-libraries',
      title: '书香清远：公共图书馆建设（演示专题）',
      intro: '演示数据中已发布的几篇报道，介绍**公共图书馆**的总分馆体系与馆校合作。\n\n专题编辑可在工作台的“专题编辑”中修改或新建专题。',
      status: 'published',
      sections: [
        { heading: '编者选读', caption: '专题编辑手选的报道。', articles: demoPublished.map((key) => articleId(key)) },
        { heading: '更多报道', caption: '检索“图书馆”，新发布的相关报道会自动加入。', articles: [], search: { q: '图书馆' } },
      ],
    },
    0,
    'demo',
  );
}

/** The demonstration articles published for a first look; the others stay drafts to catalogue. */
export const demoPublished = [5, 6, 7].map((article): ArticleKey => ({ title: 'demo-ribao', date: '2023-05-06', edition: 1, article }));

async function publishDemoArticles(services: { store: ObjectStore; search: SearchIndex; logger: Logger }): Promise<number> {
  const catalog = new Catalog(new RecordStore(services.store), services.search, services.logger);
  const demo: Principal = { username: 'demo', displayName: '演示数据', roles: ['admin'], via: 'api-token' };
  let done = 0;
  for (const key of demoPublished) {
    const opened = await catalog.get(key);
    if (!opened || opened.article.status === 'published') continue;
    const s = await suggestForArticle(opened.article, { terms: [], segmenter: jiebaSegmenter, nameData: npmNameData });
    const saved = await catalog.save(
      key,
      opened.version,
      {
        genre: 'news',
        persons: s.persons.slice(0, 3).map((p) => p.name),
        places: s.places.slice(0, 3).map((p) => (p.code ? { name: p.name, code: p.code } : { name: p.name })),
        organizations: s.organizations.slice(0, 3).map((o) => o.name),
        keywords: s.keywords.slice(0, 4).map((k) => k.word),
      },
      demo,
    );
    const submitted = await catalog.act(key, saved.version, 'submit', demo);
    await catalog.act(key, submitted.version, 'publish', demo, '演示数据 / demonstration data');
    done++;
  }
  return done;
}
