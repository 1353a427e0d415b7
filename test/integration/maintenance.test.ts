/**
 * `difang verify`, `difang backup` and `difang restore` as an administrator runs them, on folder
 * storage filled by the real ingest and the real Meilisearch: a whole store verifies clean; a
 * backup is byte-identical and incremental; damage of every kind is named by verify; a restore
 * puts back exactly what was backed up (also an edit of the same size), removes what the backup
 * did not have, and rebuilds search.
 */
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { runDifang } from '../helpers/difang-cli.ts';
import { documentIds, snapshot, world, type IngestWorld } from '../helpers/ingest.ts';
import { meiliConnection } from '../helpers/services.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');

describe('verify, backup and restore', () => {
  let folder: string;
  let shared: IngestWorld;
  let env: Record<string, string>;
  let before: Map<string, string>;
  let indexedBefore: string[];
  const objects = () => join(folder, 'data', 'objects');
  const backup = () => join(folder, 'backup');
  const difang = (...args: string[]) => runDifang(args, env, 120_000);

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'difang-maintenance-'));
    shared = world(await FsObjectStore.open(objects()), async () => rm(folder, { recursive: true, force: true }));
    await shared.ingest({ source: join(fixtures, 'demo') });
    await shared.ingest({ source: join(fixtures, 'mets-enmap'), title: 'demo-ribao' });
    const meili = meiliConnection();
    env = { DATA_DIR: join(folder, 'data'), MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.key, MEILI_INDEX_PREFIX: shared.search.indexUid('articles').replace(/articles$/, '') };
    before = await snapshot(shared.store);
    indexedBefore = await documentIds(shared.search, 'articles');
  }, 180_000);
  afterAll(() => shared?.close());

  it('verifies a whole store clean, hashing every original', async () => {
    const { code, stdout } = await difang('verify');
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/已核验 \d+ 条记录、\d+ 个其他对象、\d+ 个文件.*没有问题/);
  });

  it('backs up byte for byte, then only what changed', async () => {
    const first = await difang('backup', backup());
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const copied = await snapshot(await FsObjectStore.open(backup()));
    expect(copied.has('difang-backup.json')).toBe(true);
    copied.delete('difang-backup.json');
    expect(copied).toEqual(before);
    const again = await difang('backup', backup());
    expect(again.stdout).toMatch(/复制 0 个.*未变 \d+ 个/);
    // A backup can itself be verified where it lies.
    expect((await difang('verify', backup())).code).toBe(0);
  });

  it('refuses to back up over a folder that is not a backup', async () => {
    const elsewhere = join(folder, 'someone-elses');
    await mkdir(elsewhere, { recursive: true });
    await writeFile(join(elsewhere, 'thesis.docx'), 'important');
    const { code, stderr } = await difang('backup', elsewhere);
    expect(code).toBe(2);
    expect(stderr).toContain('不是 difang 备份');
    expect(await readFile(join(elsewhere, 'thesis.docx'), 'utf8')).toBe('important');
  });

  it('names every kind of damage, then a restore puts back exactly the backup and rebuilds search', async () => {
    const article = [...before.keys()].find((key) => key.endsWith('/article.json'))!;
    const original = [...before.keys()].find((key) => /2023-05-05\/.*\/original\.(jpg|png|tif)$/.test(key))!;
    const thumbnail = [...before.keys()].find((key) => key.includes('2023-05-05/') && key.endsWith('/thumbnail.jpg'))!;
    const page = 'records/demo-ribao/2023-05-06/ed-1/seq-2/page.json'; // art-4 … art-7 are on it
    expect(before.has(page)).toBe(true);
    await writeFile(join(objects(), article), '{"title": "half a reco');
    const bytes = await readFile(join(objects(), original));
    bytes.writeUInt8(bytes.readUInt8(bytes.length >> 1) ^ 0xff, bytes.length >> 1); // same size, different content
    await writeFile(join(objects(), original), bytes);
    await rm(join(objects(), thumbnail));
    await rm(join(objects(), page));
    await mkdir(join(objects(), 'catalog', 'working'), { recursive: true });
    await appendFile(join(objects(), 'catalog', 'working', 'stray.json'), '{}');
    // Objects outside records/ and pages/: an account cut short, a job that is not JSON, tiles and
    // a whole-issue PDF whose records never were.
    const stray = { 'users/ghost.json': '{"username":"ghost","displayName":"', 'jobs/ingest/bad.json': 'not json', 'iiif/demo-ribao_1999-01-01_ed-1_seq-1/info.json': '{}', 'pages/demo-ribao/1999-01-01/ed-1/original.pdf': '%PDF-1.4' };
    for (const [key, content] of Object.entries(stray)) {
      await mkdir(join(objects(), key, '..'), { recursive: true });
      await writeFile(join(objects(), key), content);
    }

    const verified = await difang('verify');
    expect(verified.code, verified.stdout).toBe(1);
    expect(verified.stdout).toContain(`✗ ${article}: 记录无法读取`);
    expect(verified.stdout).toContain(`✗ ${original}: 校验和不符`);
    expect(verified.stdout).toContain(`✗ ${thumbnail}: 缩略图缺失`);
    expect(verified.stdout).toContain(`✗ ${page.replace(/^records\//, 'pages/').replace(/page\.json$/, '')}: 有页面文件但没有页面记录`);
    expect(verified.stdout).toContain(`✗ records/demo-ribao/2023-05-06/ed-1/art-4/article.json: 区域所在的第 2 页（${page}）不存在`);
    expect(verified.stdout).toContain('✗ catalog/working/stray.json: 编目工作副本无法读取');
    expect(verified.stdout).toContain('✗ users/ghost.json: 员工账号无法读取');
    expect(verified.stdout).toContain('✗ jobs/ingest/bad.json: 入库或 OCR 任务无法读取');
    expect(verified.stdout).toContain('✗ iiif/demo-ribao_1999-01-01_ed-1_seq-1/: 有 IIIF 图块但没有页面记录');
    expect(verified.stdout).toContain('✗ pages/demo-ribao/1999-01-01/ed-1/original.pdf: 有整期文件但没有这一期的记录');

    const refused = await difang('restore', backup());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--force');
    const restored = await difang('restore', backup(), '--force');
    expect(restored.code, restored.stdout + restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/复制 4 个.*移除 5 个/);
    expect(await snapshot(shared.store)).toEqual(before);
    expect(restored.stdout).toContain('检索已重建');
    expect(await documentIds(shared.search, 'articles')).toEqual(indexedBefore);
    expect((await difang('verify')).code).toBe(0);
  });

  it('says which backup is not one', async () => {
    const { code, stderr } = await difang('restore', join(folder, 'someone-elses'));
    expect(code).toBe(2);
    expect(stderr).toContain('不是 difang 备份');
  });
});
