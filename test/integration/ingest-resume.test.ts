/**
 * `difang ingest` killed with SIGKILL at several moments and run again ends in exactly the state
 * of a run that was never interrupted: the same objects with the same content, the same records,
 * the same index documents, none twice, none missing.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { MeilisearchIndex } from '../../src/adapters/meilisearch/meilisearch-index.ts';
import { cliEnv, difangBin, runDifang } from '../helpers/difang-cli.ts';
import { fixture } from '../helpers/fixtures.ts';
import { documentIds, readJson, snapshot } from '../helpers/ingest.ts';
import { meiliConnection, uniqueName } from '../helpers/services.ts';

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

async function countFiles(dir: string, name: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries.filter((entry) => entry.endsWith(name)).length;
}

function environment(dataDir: string, prefix: string): Record<string, string> {
  const { url, key } = meiliConnection();
  return { DATA_DIR: dataDir, MEILI_URL: url, MEILI_MASTER_KEY: key, MEILI_INDEX_PREFIX: prefix, PUBLIC_BASE_URL: 'http://difang.test' };
}

/** Starts an ingest and kills it (SIGKILL) as soon as `ready` says so; resolves once it is dead. */
async function ingestKilledWhen(env: Record<string, string>, ready: () => Promise<boolean>): Promise<void> {
  const child = spawn(process.execPath, [difangBin, 'ingest', fixture('demo'), '--concurrency', '2'], { env: cliEnv(env), stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let finished = false;
  void exited.then(() => (finished = true));
  while (!finished && !(await ready())) await new Promise((done) => setTimeout(done, 15));
  child.kill('SIGKILL');
  await exited;
}

async function endState(dataDir: string, prefix: string) {
  const store = await FsObjectStore.open(join(dataDir, 'objects'));
  const objects = await snapshot(store, 'pages/');
  const tiles = await snapshot(store, 'iiif/');
  const recordKeys = [...(await snapshot(store, 'records/')).keys()].sort();
  // Records carry the time they were written; everything else must be identical.
  const records = await Promise.all(
    recordKeys.map(async (key) => {
      const { updatedAt: _updatedAt, ...rest } = await readJson<Record<string, unknown>>(store, key);
      return [key, rest] as const;
    }),
  );
  const { url, key } = meiliConnection();
  const search = new MeilisearchIndex({ url, apiKey: key, indexPrefix: prefix });
  const pages = await documentIds(search, 'pages');
  return { objects, tiles, records, pages };
}

describe('kill -9 and run again', () => {
  it('ends as an uninterrupted run does, after being killed mid-tile, mid-issue and near the end', async () => {
    const reference = await mkdtemp(join(tmpdir(), 'difang-resume-ref-'));
    const resumed = await mkdtemp(join(tmpdir(), 'difang-resume-'));
    folders.push(reference, resumed);
    const referencePrefix = `${uniqueName('ref').replace(/-/g, '_')}_`;
    const resumedPrefix = `${uniqueName('res').replace(/-/g, '_')}_`;

    const uninterrupted = await runDifang(['ingest', fixture('demo')], environment(reference, referencePrefix), 120_000);
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);

    const env = environment(resumed, resumedPrefix);
    const objects = join(resumed, 'objects');
    // 1. as soon as the first tiles are being made (in the store's scratch folder), before they or
    //    any page record are stored — the exact moment varies from run to run, as a crash would
    await ingestKilledWhen(env, async () => (await countFiles(join(objects, '.difang', 'tmp'), 'default.jpg')) >= 1);
    // 2. part way through the first issue
    await ingestKilledWhen(env, async () => (await countFiles(objects, 'page.json')) >= 3);
    // 3. with most pages stored
    await ingestKilledWhen(env, async () => (await countFiles(objects, 'page.json')) >= 8);
    const last = await runDifang(['ingest', fixture('demo')], env, 120_000);
    expect(last.code, last.stderr + last.stdout).toBe(0);

    const expected = await endState(reference, referencePrefix);
    const actual = await endState(resumed, resumedPrefix);
    expect(actual.records).toEqual(expected.records);
    expect([...actual.objects.keys()].sort()).toEqual([...expected.objects.keys()].sort());
    expect(actual.objects).toEqual(expected.objects);
    expect(actual.tiles).toEqual(expected.tiles);
    expect(actual.pages).toEqual(expected.pages);
    expect(new Set(actual.pages).size).toBe(10);
    // Nothing half-written is left in the store's scratch space for long: the killed runs' tile
    // folders are removed by the next run; only files of killed writes wait for the hour to pass.
    const scratch = await readdir(join(objects, '.difang', 'tmp'));
    expect(scratch.filter((name) => name.startsWith('ingest-'))).toEqual([]);
    expect(scratch.length).toBeLessThan(40);
  }, 300_000);
});

describe('difang ingest on the command line', () => {
  it('prints the report in Chinese and exits 0 when everything went in', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'difang-cli-ingest-'));
    folders.push(dataDir);
    const result = await runDifang(['ingest', fixture('mets-enmap'), '--title', 'demo-ribao', '--report', join(dataDir, 'report.json')], environment(dataDir, `${uniqueName('cli').replace(/-/g, '_')}_`));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('已入库 2 页，未变跳过 0 页，拒收 0 页；新建篇目 7 条');
    expect(result.stderr).toMatch(/2\/2 页 · [\d.]+ 页\/秒/);
    expect(await readJson(await FsObjectStore.open(dataDir), 'report.json')).toMatchObject({ pages: { stored: 2 }, articlesCreated: 7 });
  });

  it('then exports what it took: a readiness check, a refusal without --force, a file and its manifest with it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'difang-cli-export-'));
    folders.push(dataDir);
    const env = environment(dataDir, `${uniqueName('exp').replace(/-/g, '_')}_`);
    expect((await runDifang(['ingest', fixture('mets-enmap'), '--title', 'demo-ribao'], env)).code).toBe(0);
    const out = join(dataDir, 'drafts.csv');
    const check = await runDifang(['export', '--format', 'csv', '--status', 'draft', '--check'], env);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('缺少必备项的记录（按字段计）');
    expect(check.stdout).toContain('中图分类号: 7');
    const refused = await runDifang(['export', '--format', 'csv', '--status', 'draft', '--out', out], env);
    expect(refused.code).toBe(1);
    const forced = await runDifang(['export', '--format', 'csv', '--status', 'draft', '--out', out, '--force'], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('已导出 7 条');
    const manifest = JSON.parse(await readFile(`${out}.manifest.json`, 'utf8')) as { records: number; sha256: string; selection: { statuses: string[] } };
    expect(manifest).toMatchObject({ records: 7, selection: { statuses: ['draft'] } });
    expect(manifest.sha256).toBe(createHash('sha256').update(await readFile(out)).digest('hex'));
    const zip = join(dataDir, 'issue.zip');
    const packed = await runDifang(['export', '--format', 'mets', '--issue', 'demo-ribao_2023-05-06_ed-1', '--out', zip], env);
    expect(packed.code, packed.stderr).toBe(0);
    expect(packed.stdout).toContain('已打包 2 版、7 篇');
    const segmented = await runDifang(['segment', 'demo-ribao'], env);
    expect(segmented.code, segmented.stderr).toBe(0);
    expect(segmented.stdout).toContain('切分 1 期：0 版切出 0 篇');
    const nothing = await runDifang(['export', '--format', 'nonsense'], env);
    expect(nothing.code).toBe(2);
  });

  it('exits non-zero and names each refused file with its reason', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'difang-cli-ingest-'));
    folders.push(dataDir);
    const result = await runDifang(['ingest', fixture('mets-enmap')], environment(dataDir, `${uniqueName('cli').replace(/-/g, '_')}_`));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ mets.xml: METS 中没有可用的题名代码（LCCN 或拉丁字母的题名），请用 --title 指定');
    // The pages the refused METS lists are refused with it, not reported again as strangers.
    expect(result.stdout).not.toContain('0001.jpg');
    const english = await runDifang(['ingest', fixture('mets-enmap'), '--shard', '3/2'], { ...environment(dataDir, 'x_'), DIFANG_LANG: 'en' });
    expect(english.code).toBe(78);
    expect(english.stderr).toContain('--shard: must be i/n with i < n (e.g. 0/4) (got "3/2")');
  });
});
