/** The SearchIndex port on the real Meilisearch binary started by global-setup. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeilisearchIndex } from '../../src/adapters/meilisearch/meilisearch-index.ts';
import { SearchError } from '../../src/errors.ts';
import { meiliConnection, testSearchIndex } from '../helpers/services.ts';

describe('MeilisearchIndex', () => {
  const { search, prefix, close } = testSearchIndex();
  const uid = search.indexUid('articles');

  beforeAll(async () => {
    await search.ensureIndex(uid, {
      primaryKey: 'id',
      settings: { searchableAttributes: ['title', 'text'], filterableAttributes: ['year', 'titleId'], sortableAttributes: ['date'] },
    });
    const task = await search.putDocuments(uid, [
      { id: 'qyrb_1995-03-01_ed-1_art-1', titleId: 'qyrb', year: 1995, date: 19950301, title: '清远市图书馆新馆落成开放', text: '市民可凭身份证免费办理借书证' },
      { id: 'qyrb_1996-05-02_ed-1_art-3', titleId: 'qyrb', year: 1996, date: 19960502, title: '北江大堤加固工程完工', text: '清远市防洪能力显著提高' },
      { id: 'nfrb_1996-07-01_ed-1_art-1', titleId: 'nfrb', year: 1996, date: 19960701, title: '广东省图书馆学会年会召开', text: '各地公共图书馆代表参加' },
    ]);
    await search.waitForTask(task);
  });
  afterAll(async () => {
    await search.deleteIndex(uid);
    close();
  });

  it('uses its own prefix for every index', () => {
    expect(uid).toBe(`${prefix}articles`);
  });

  it('creates an index only once; ensuring it again just reapplies the settings', async () => {
    await search.ensureIndex(uid, { primaryKey: 'id', settings: { searchableAttributes: ['title', 'text'], filterableAttributes: ['year', 'titleId'], sortableAttributes: ['date'] } });
    const result = await search.search(uid, { q: '' });
    expect(result.totalHits).toBe(3);
  });

  it('finds Chinese text, filters, sorts, counts facets and totals exactly', async () => {
    const result = await search.search<{ id: string; title: string }>(uid, { q: '图书馆', filter: 'year = 1996', facets: ['titleId'], sort: ['date:asc'] });
    expect(result.hits.map((hit) => hit.id)).toEqual(['nfrb_1996-07-01_ed-1_art-1']);
    expect(result.totalHits).toBe(1);
    expect(result.facetDistribution).toEqual({ titleId: { nfrb: 1 } });
    const all = await search.search<{ id: string }>(uid, { q: '图书馆', sort: ['date:desc'], hitsPerPage: 1, page: 2 });
    expect(all.totalHits).toBe(2);
    expect(all.totalPages).toBe(2);
    expect(all.hits.map((hit) => hit.id)).toEqual(['qyrb_1995-03-01_ed-1_art-1']);
  });

  it('gets and deletes single documents', async () => {
    expect(await search.getDocument(uid, 'qyrb_1996-05-02_ed-1_art-3')).toMatchObject({ title: '北江大堤加固工程完工' });
    expect(await search.getDocument(uid, 'no_such_document')).toBeNull();
    await search.waitForTask(await search.deleteDocuments(uid, ['qyrb_1996-05-02_ed-1_art-3']));
    expect(await search.getDocument(uid, 'qyrb_1996-05-02_ed-1_art-3')).toBeNull();
  });

  it('swaps a freshly built index in without a moment of emptiness', async () => {
    const live = search.indexUid('swap_live');
    const fresh = search.indexUid('swap_fresh');
    await search.ensureIndex(live, { primaryKey: 'id' });
    await search.waitForTask(await search.putDocuments(live, [{ id: 'old', text: '旧' }]));
    await search.ensureIndex(fresh, { primaryKey: 'id' });
    await search.waitForTask(await search.putDocuments(fresh, [{ id: 'new', text: '新' }]));
    await search.swapIndexes([[live, fresh]]);
    expect((await search.search<{ id: string }>(live, { q: '' })).hits.map((h) => h.id)).toEqual(['new']);
    expect((await search.search<{ id: string }>(fresh, { q: '' })).hits.map((h) => h.id)).toEqual(['old']);
    await search.deleteIndex(live);
    await search.deleteIndex(fresh);
  });

  it('turns Meilisearch refusals into typed errors', async () => {
    await expect(search.search(uid, { q: 'x', filter: 'year = ' })).rejects.toMatchObject({ name: 'SearchError', code: 'invalid_request', retryable: false });
    await expect(search.search(search.indexUid('missing'), { q: 'x' })).rejects.toMatchObject({ code: 'index_not_found' });
  });

  it('says a wrong key is a configuration problem and an unreachable server is worth retrying', async () => {
    const wrongKey = new MeilisearchIndex({ url: meiliConnection().url, apiKey: 'not-the-master-key-at-all' });
    const refused = await wrongKey.health();
    expect(refused.up).toBe(false);
    expect(refused.reason).toContain('invalid_api_key');
    await expect(wrongKey.search(uid, { q: 'x' })).rejects.toMatchObject({ code: 'misconfigured' });

    const nowhere = new MeilisearchIndex({ url: 'http://127.0.0.1:9', timeoutMs: 2000 });
    const error = await nowhere.search(uid, { q: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchError);
    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
    expect((await nowhere.health()).up).toBe(false);
  });
});
