/**
 * The demonstration data `npm start` shows on a fresh install: the project's own fixture batches
 * (fixtures/demo and fixtures/mets-enmap), ingested once, when storage holds no records yet.
 */
import { existsSync } from 'node:fs';
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
): Promise<boolean> {
  if (services.config.demoData === 'off') return false;
  if ((await services.store.list(storageKeys.recordsPrefix, { pageSize: 1 })).items.length > 0) return false;
  if (!demoBatches.every((batch) => existsSync(batch.source))) return false;
  say(lang === 'en' ? 'Storage is empty: ingesting the demonstration data (fixtures/demo, fixtures/mets-enmap)…' : '存储为空：正在导入演示数据（fixtures/demo、fixtures/mets-enmap）……');
  let pages = 0;
  let articles = 0;
  for (const batch of demoBatches) {
    const report = await ingestBatch(services, { ...batch, concurrency: 2 });
    pages += report.pages.stored;
    articles += report.articlesCreated;
  }
  say(lang === 'en' ? `Demonstration data ready: ${pages} pages, ${articles} articles.` : `演示数据已导入：${pages} 页、${articles} 篇。`);
  return true;
}
