/** difang reindex: the indexes rebuilt from storage alone, swapped in with no moment of empty search. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageKeys } from '../../src/domain/natural-keys.ts';
import type { ObjectStore } from '../../src/ports.ts';
import { keysUnder } from '../../src/services/keys-under.ts';
import { reindex } from '../../src/services/reindex.ts';
import { fixture } from '../helpers/fixtures.ts';
import { documentIds, fsWorld, type IngestWorld } from '../helpers/ingest.ts';

describe('reindex', () => {
  let world: IngestWorld;
  beforeAll(async () => {
    world = await fsWorld();
    await world.ingest({ source: fixture('demo') });
    await world.ingest({ source: fixture('mets-enmap'), title: 'demo-ribao' });
  });
  afterAll(() => world?.close());

  it('rebuilds the same documents from storage after the indexes are lost', async () => {
    const pages = await documentIds(world.search, 'pages');
    const articles = await documentIds(world.search, 'articles');
    await world.search.deleteIndex(world.search.indexUid('pages'));
    await world.search.deleteIndex(world.search.indexUid('articles'));
    const report = await reindex(world.store, world.search);
    expect(report).toMatchObject({ titles: 2, issues: 4, pages: 12, articles: 7, unreadable: [] });
    expect(await documentIds(world.search, 'pages')).toEqual(pages);
    expect(await documentIds(world.search, 'articles')).toEqual(articles);
  });

  it('builds the same documents from a store that lists in another order (an issue comes round twice)', async () => {
    const everything = async (index: 'pages' | 'articles') =>
      (await world.search.search<{ id: string }>(world.search.indexUid(index), { q: '', hitsPerPage: 10_000 })).hits.sort((a, b) => a.id.localeCompare(b.id));
    const progress: { records: number; total: number; listed: boolean; batches?: unknown }[] = [];
    const inOrder = await reindex(world.store, world.search, { progress: (p) => progress.push(p) });
    const expected = { pages: await everything('pages'), articles: await everything('articles') };
    // Progress: every record read, the listing complete, then Meilisearch's batches.
    const read = progress.filter((p) => !p.batches);
    expect(read.at(-1)).toEqual({ records: read.at(-1)!.total, total: read.at(-1)!.total, listed: true });
    expect(progress.at(-1)!.batches).toBeDefined();

    // The same store, listed with every key in a scrambled order (as some S3-compatible servers list).
    const scrambled: ObjectStore = Object.create(world.store) as ObjectStore;
    scrambled.listKeys = async (prefix) => {
      const keys: string[] = [];
      for await (const key of keysUnder(world.store, prefix)) keys.push(key);
      return { keys: keys.map((key, i) => ({ key, order: (i * 7919) % keys.length })).sort((a, b) => a.order - b.order).map((item) => item.key) };
    };
    const report = await reindex(scrambled, world.search);
    expect(report).toEqual({ ...inOrder, seconds: report.seconds });
    expect(await everything('pages')).toEqual(expected.pages);
    expect(await everything('articles')).toEqual(expected.articles);
  });

  it('keeps answering searches while it rebuilds', async () => {
    let rebuilding = true;
    const answers: number[] = [];
    const searching = (async () => {
      while (rebuilding) {
        const result = await world.search.search(world.search.indexUid('pages'), { q: '图书馆' });
        answers.push(result.totalHits);
      }
    })();
    await reindex(world.store, world.search);
    rebuilding = false;
    await searching;
    expect(answers.length).toBeGreaterThan(3);
    expect(Math.min(...answers)).toBeGreaterThan(0);
  });

  it('names a record that cannot be read back and indexes all the others', async () => {
    const key = storageKeys.page({ title: 'demo-ribao', date: '2023-05-04', edition: 1, seq: 2 });
    await world.store.put(key, '{"version": 1, "key": ');
    const report = await reindex(world.store, world.search);
    expect(report.unreadable).toEqual([{ key, reason: `${key} is not valid JSON` }]);
    expect(report.pages).toBe(11);
    expect(await documentIds(world.search, 'pages')).not.toContain('demo-ribao_2023-05-04_ed-1_seq-2');
  });
});
