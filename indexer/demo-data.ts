/**
 * The demonstration data `npm start` shows on a fresh install: the project's own fixture batches
 * (fixtures/demo and fixtures/mets-enmap), ingested once, when storage holds no records yet.
 */
import { existsSync } from 'node:fs';
import { demoImportMarker, demoImportSchema } from '../src/services/stored-objects.ts';
import { join } from 'node:path';
import type { Config } from '../src/env.ts';
import type { Lang } from '../src/i18n.ts';
import type { Logger, ObjectStore, SearchIndex } from '../src/ports.ts';
import { storageKeys } from '../src/domain/natural-keys.ts';
import { ingestBatch } from './pipeline/ingest-session.ts';

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
  await services.store.delete(demoImportMarker);
  say(lang === 'en' ? `Demonstration data ready: ${pages} pages, ${articles} articles.` : `演示数据已导入：${pages} 页、${articles} 篇。`);
  return true;
}
