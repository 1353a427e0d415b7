/**
 * A library's vocabulary imported from a GB18030 spreadsheet with the real `difang vocab import`:
 * stored, given to the real Meilisearch as dictionary and synonyms, suggested as a cataloguer
 * types, kept whole in searches; a file with bad rows changes nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { jiebaSegmenter } from '../../src/adapters/jieba/jieba-segmenter.ts';
import { npmNameData } from '../../src/adapters/name-data/name-data.ts';
import { MeilisearchIndex } from '../../src/adapters/meilisearch/meilisearch-index.ts';
import { createApp } from '../../src/app.ts';
import type { SearchResponse } from '../../src/domain/api-schemas.ts';
import { fold } from '../../src/domain/fold.ts';
import { silentLogger } from '../../src/logger.ts';
import { bootstrapAuthenticator } from '../../src/services/authenticator.ts';
import { readVocabularies } from '../../src/services/vocabularies.ts';
import { runDifang } from '../helpers/difang-cli.ts';
import { fixture } from '../helpers/fixtures.ts';
import { meiliConnection, uniqueName } from '../helpers/services.ts';

describe('vocabularies', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let prefix: string;

  const gb18030Csv = async (name: string, rows: string[][]) => {
    const path = join(dataDir, name);
    await writeFile(path, iconv.encode(rows.map((row) => row.join(',')).join('\r\n'), 'gb18030'));
    return path;
  };
  const app = async () => {
    const { url, key } = meiliConnection();
    return createApp({ store: await FsObjectStore.open(join(dataDir, 'objects')), search: new MeilisearchIndex({ url, apiKey: key, indexPrefix: prefix }), logger: silentLogger, publicBaseUrl: 'http://difang.test', version: 'test', auth: bootstrapAuthenticator(undefined) });
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'difang-vocab-'));
    prefix = `${uniqueName('voc').replace(/-/g, '_')}_`;
    const { url, key } = meiliConnection();
    env = { DATA_DIR: dataDir, MEILI_URL: url, MEILI_MASTER_KEY: key, MEILI_INDEX_PREFIX: prefix, PUBLIC_BASE_URL: 'http://difang.test' };
    expect((await runDifang(['ingest', fixture('mets-enmap'), '--title', 'demo-ribao'], env)).code).toBe(0);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('imports places from a GB18030 CSV and gives Meilisearch their names and variants', async () => {
    const file = await gb18030Csv('地名.csv', [
      ['地名', '行政区划代码', '旧名'],
      ['清远市', '441800', ''],
      ['南海区', '440605', '南海县'],
    ]);
    const result = await runDifang(['vocab', 'import', file, '--vocabulary', 'place'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('已导入 2 个词（1 个非正式词/异名）到 place 词表');
    const { url, key } = meiliConnection();
    const settings = (await (await fetch(`${url}/indexes/${prefix}articles/settings`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { dictionary: string[]; synonyms: Record<string, string[]> };
    expect(settings.dictionary).toEqual(expect.arrayContaining([fold('清远市'), fold('南海区'), fold('南海县')]));
    expect(settings.synonyms[fold('南海县')]).toContain(fold('南海区'));
  });

  it('suggests terms by characters, traditional characters, pinyin and initials', async () => {
    const server = await app();
    const suggest = async (q: string) => ((await (await server.request(`/api/vocabularies/place/suggest?q=${encodeURIComponent(q)}`)).json()) as { suggestions: { preferred: string; matched: string; via: string }[] }).suggestions;
    expect((await suggest('qys'))[0]).toMatchObject({ preferred: '清远市', via: 'initials' });
    expect((await suggest('nanhai'))[0]).toMatchObject({ preferred: '南海区', via: 'pinyin' });
    expect((await suggest('南海縣'))[0]).toMatchObject({ preferred: '南海区', matched: '南海县' });
    expect((await server.request('/api/vocabularies/nonsense/suggest?q=x')).status).toBe(404);
  });

  it('keeps a known name whole in a search: every hit has it printed in one piece', async () => {
    const response = (await (await (await app()).request(`/api/search?q=${encodeURIComponent('清远市')}`)).json()) as SearchResponse;
    expect(response.total).toBeGreaterThan(0);
    for (const hit of response.hits) expect(hit.snippet).toContain('<mark>清远市</mark>');
  });

  it('suggests tags for an article to a cataloguer: keywords, vocabulary terms found, their 中图法 class, dates', async () => {
    const subjects = await gb18030Csv('主题词.csv', [
      ['主题词', '分类号'],
      ['公共图书馆', 'G258.2'],
      // 中国分类主题词表 gives many terms one class: the code is an attribute, not the identity.
      ['县级图书馆', 'G258.2'],
    ]);
    expect((await runDifang(['vocab', 'import', subjects, '--vocabulary', 'subject'], env)).code).toBe(0);
    const { url, key } = meiliConnection();
    const token = 'c'.repeat(32);
    const server = createApp({ store: await FsObjectStore.open(join(dataDir, 'objects')), search: new MeilisearchIndex({ url, apiKey: key, indexPrefix: prefix }), logger: silentLogger, publicBaseUrl: 'http://difang.test', version: 'test', auth: bootstrapAuthenticator(token), segmenter: jiebaSegmenter, nameData: npmNameData });
    const path = '/api/articles/demo-ribao_2023-05-06_ed-1_art-1/suggestions';
    expect((await server.request(path)).status).toBe(401);
    const response = await server.request(path, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    type Suggestion = { name: string; source: string; code?: string; why: { 'zh-CN': string; en: string } };
    const { suggestions } = (await response.json()) as { suggestions: { keywords: { word: string; why: { 'zh-CN': string } }[]; subjects: Suggestion[]; places: Suggestion[]; organizations: Suggestion[]; clc: { clc: string }[] } };
    expect(suggestions.keywords.length).toBeGreaterThan(3);
    // Every suggestion says why; keyword frequencies come from the collection in Meilisearch.
    for (const keyword of suggestions.keywords) expect(keyword.why['zh-CN']).toMatch(/本文出现 \d+ 次/);
    expect(suggestions.organizations.map((o) => o.name)).toContain('清远市图书馆');
    expect(suggestions.places.every((p) => p.why['zh-CN'].length > 0)).toBe(true);
    // A rejected suggestion is not offered again for this article.
    const rejected = suggestions.organizations.find((o) => o.name === '清远市图书馆')!;
    const reject = await server.request(`${path}/rejected`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'organizations', name: rejected.name }) });
    expect(reject.status).toBe(204);
    const after = (await (await server.request(path, { headers: { Authorization: `Bearer ${token}` } })).json()) as { suggestions: { organizations: Suggestion[] } };
    expect(after.suggestions.organizations.map((o) => o.name)).not.toContain('清远市图书馆');
    // Authority control: a variant typed is saved as its preferred term with its code; an unknown name is kept and reported.
    const open = (await (await server.request('/api/catalog/articles/demo-ribao_2023-05-06_ed-1_art-1', { headers: { Authorization: `Bearer ${token}` } })).json()) as { version: number };
    const saved = await server.request('/api/catalog/articles/demo-ribao_2023-05-06_ed-1_art-1', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ version: open.version, changes: { places: [{ name: '南海县' }, { name: '不存在镇' }] } }),
    });
    expect(saved.status).toBe(200);
    const record = (await saved.json()) as { article: { places: { name: string; code?: string }[] }; authority: { changed: unknown[]; unknown: unknown[] } };
    expect(record.article.places).toEqual([{ name: '南海区', code: '440605' }, { name: '不存在镇' }]);
    expect(record.authority).toEqual({ changed: [{ field: 'places', typed: '南海县', preferred: '南海区' }], unknown: [{ field: 'places', name: '不存在镇' }] });
    expect((await server.request(`${path}/rejected`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'dates', name: 'x' }) })).status).toBe(400);
    expect(suggestions.subjects.map((s) => s.name)).toContain('公共图书馆');
    expect(suggestions.places).toContainEqual(expect.objectContaining({ name: '清远市', source: 'vocabulary' }));
    expect(suggestions.clc.map((c) => c.clc)).toContain('G258.2');
    expect((await server.request('/api/articles/demo-ribao_2023-05-06_ed-1_art-99/suggestions', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('imports a 中图法 table with its hierarchy, to browse and search by number, caption or pinyin, and checks class numbers against it', async () => {
    const file = await gb18030Csv('中图法.csv', [
      ['类号', '类名', '上位类'],
      ['G', '文化、科学、教育、体育', ''],
      ['G2', '信息与知识传播', 'G'],
      ['G25', '图书馆学、图书馆事业', 'G2'],
      ['G258', '各类型图书馆', 'G25'],
      ['G258.2', '公共图书馆', 'G258'],
      ['K', '历史、地理', ''],
    ]);
    expect((await runDifang(['vocab', 'import', file, '--vocabulary', 'clc'], env)).code).toBe(0);
    const token = 'c'.repeat(32);
    const { url, key } = meiliConnection();
    const server = createApp({ store: await FsObjectStore.open(join(dataDir, 'objects')), search: new MeilisearchIndex({ url, apiKey: key, indexPrefix: prefix }), logger: silentLogger, publicBaseUrl: 'http://difang.test', version: 'test', auth: bootstrapAuthenticator(token) });
    const page = async (q = '') => (await server.request(`/catalog/classes${q ? `?q=${encodeURIComponent(q)}` : ''}`, { headers: { Authorization: `Bearer ${token}` } })).text();
    const tree = await page();
    // G258.2 sits four levels under G, inside nested details; K is a second root.
    expect(tree).toMatch(/<code>G<\/code>[\s\S]*<code>G2<\/code>[\s\S]*<code>G25<\/code>[\s\S]*<code>G258<\/code>[\s\S]*<code>G258.2<\/code> 公共图书馆/);
    expect((tree.match(/<details>/g) ?? []).length).toBe(4);
    expect(await page('ggtsg')).toContain('<code>G258.2</code> 公共图书馆');
    const byNumber = await page('G25');
    expect(byNumber).toContain('<code>G258.2</code>');
    expect(byNumber).not.toContain('<code>K</code>');
    // On save, a class number outside the table is reported (not refused).
    const open = (await (await server.request('/api/catalog/articles/demo-ribao_2023-05-06_ed-1_art-2', { headers: { Authorization: `Bearer ${token}` } })).json()) as { version: number };
    const saved = (await (await server.request('/api/catalog/articles/demo-ribao_2023-05-06_ed-1_art-2', { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ version: open.version, changes: { clc: ['G258.2', 'X99'] } }) })).json()) as { article: { clc: string[] }; authority: { unknown: unknown[] } };
    expect(saved.article.clc).toEqual(['G258.2', 'X99']);
    expect(saved.authority.unknown).toEqual([{ field: 'clc', name: 'X99' }]);
  });

  it('reaches a running server within a second of an import by another process', async () => {
    const server = await app();
    const suggest = async () => ((await (await server.request(`/api/vocabularies/organization/suggest?q=${encodeURIComponent('档案')}`)).json()) as { suggestions: { preferred: string }[] }).suggestions.map((s) => s.preferred);
    expect(await suggest()).not.toContain('清远市档案馆');
    const file = await gb18030Csv('机构.csv', [['机构名', '异名'], ['清远市档案馆', '市档案馆']]);
    expect((await runDifang(['vocab', 'import', file, '--vocabulary', 'organization'], env)).code).toBe(0);
    await new Promise((done) => setTimeout(done, 1_100));
    expect(await suggest()).toContain('清远市档案馆');
  });

  it('refuses a file with bad rows, saying which, and leaves the stored vocabulary as it was', async () => {
    const file = await gb18030Csv('坏.csv', [
      ['地名', '行政区划代码'],
      ['英德市', '441881'],
      ['英德市', '441881'],
    ]);
    const result = await runDifang(['vocab', 'import', file, '--vocabulary', 'place'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('第 3 行');
    const terms = await readVocabularies(await FsObjectStore.open(join(dataDir, 'objects')));
    expect(terms.filter((term) => term.vocabulary === 'place').map((term) => term.preferred).sort()).toEqual(['南海区', '清远市']);
    expect((await runDifang(['vocab', 'import', file], env)).code).toBe(2);
  });
});
