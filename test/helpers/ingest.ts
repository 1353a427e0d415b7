/** Runs the real ingest pipeline in process against a real store and the test Meilisearch. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { sharpTileCompositor } from '../../src/adapters/sharp/tile-compositor.ts';
import { createApp, type AppDeps } from '../../src/app.ts';
import { bootstrapAuthenticator } from '../../src/services/authenticator.ts';
import { readAllBytes } from '../../src/adapters/body.ts';
import { silentLogger } from '../../src/logger.ts';
import type { ObjectStore, SearchIndex } from '../../src/ports.ts';
import { RecordStore } from '../../src/services/record-store.ts';
import { ingestBatch, type IngestRequest } from '../../indexer/pipeline/ingest-session.ts';
import type { IngestReport } from '../../indexer/pipeline/run-ingest.ts';
import { testSearchIndex } from './services.ts';

export const testBaseUrl = 'http://difang.test';

export interface IngestWorld {
  store: ObjectStore;
  records: RecordStore;
  search: SearchIndex;
  ingest(request: Partial<IngestRequest> & { source: string }): Promise<IngestReport>;
  close(): Promise<void>;
}

export async function fsWorld(): Promise<IngestWorld> {
  const folder = await mkdtemp(join(tmpdir(), 'difang-ingest-'));
  const store = await FsObjectStore.open(join(folder, 'objects'));
  return world(store, async () => rm(folder, { recursive: true, force: true }));
}

export function world(store: ObjectStore, cleanup: () => Promise<void>): IngestWorld {
  const { search, close } = testSearchIndex();
  return {
    store,
    records: new RecordStore(store),
    search,
    ingest: (request) =>
      ingestBatch(
        { store, search, logger: silentLogger, publicBaseUrl: testBaseUrl, config: { s3Connection: { region: 'us-east-1', forcePathStyle: true } } },
        { concurrency: 2, ...request },
      ),
    async close() {
      close();
      await cleanup();
    },
  };
}

/** Every key under a prefix with the sha256 of its content. */
export async function snapshot(store: ObjectStore, prefix = ''): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await store.list(prefix, { cursor });
    for (const item of page.items) {
      const object = await store.get(item.key);
      result.set(item.key, createHash('sha256').update(await readAllBytes(object!.body)).digest('hex'));
    }
    cursor = page.cursor;
  } while (cursor);
  return result;
}

export async function readJson<T>(store: ObjectStore, key: string): Promise<T> {
  const object = await store.get(key);
  if (!object) throw new Error(`missing ${key}`);
  return JSON.parse(new TextDecoder().decode(await readAllBytes(object.body))) as T;
}

export async function documentIds(search: SearchIndex, index: 'pages' | 'articles', filter?: string): Promise<string[]> {
  const result = await search.search<{ id: string }>(search.indexUid(index), { q: '', filter, attributesToRetrieve: ['id'], hitsPerPage: 10_000 });
  return result.hits.map((hit) => hit.id).sort();
}

/** A folder-storage world holding both fixture batches (demo, and the METS issue under demo-ribao). */
export async function fixtureWorld(): Promise<IngestWorld> {
  const created = await fsWorld();
  await created.ingest({ source: join(import.meta.dirname, '..', '..', 'fixtures', 'demo') });
  await created.ingest({ source: join(import.meta.dirname, '..', '..', 'fixtures', 'mets-enmap'), title: 'demo-ribao' });
  return created;
}

/** The whole app over a world's storage and index, as `difang serve` builds it on Node (without assets). */
export function appOver(world: IngestWorld, publicBaseUrl: string, extra: Partial<AppDeps> = {}): ReturnType<typeof createApp> {
  return createApp({ store: world.store, search: world.search, logger: silentLogger, publicBaseUrl, version: 'test', auth: bootstrapAuthenticator(undefined), imageComposer: sharpTileCompositor, ...extra });
}
