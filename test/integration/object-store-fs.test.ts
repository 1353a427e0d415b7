/** The ObjectStore contract on a local folder, plus what only a folder can get wrong. */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { readAllBytes } from '../../src/adapters/body.ts';
import { StorageError } from '../../src/errors.ts';
import { describeObjectStoreContract } from './object-store.contract.ts';

describeObjectStoreContract('fs (local folder)', async () => {
  const parent = await mkdtemp(join(tmpdir(), 'difang-fs-contract-'));
  const store = await FsObjectStore.open(join(parent, 'objects'));
  return { store, cleanup: () => rm(parent, { recursive: true, force: true }) };
});

describe('fs store: the folder itself', () => {
  let parent: string;
  let root: string;
  let store: FsObjectStore;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'difang-fs-'));
    root = join(parent, 'objects');
    store = await FsObjectStore.open(root);
  });
  afterAll(() => rm(parent, { recursive: true, force: true }));

  it('writes nothing outside its root whatever the key', async () => {
    const hostile = ['../outside.txt', '../../outside.txt', '/tmp/outside.txt', 'a/../../outside.txt', '..\\outside.txt'];
    for (const key of hostile) await expect(store.put(key, 'x')).rejects.toBeInstanceOf(StorageError);
    expect((await readdir(parent)).sort()).toEqual(['objects']);
  });

  it('stores objects as plain files under their key, and leaves no temporary file behind', async () => {
    await store.put('records/qyrb/title.json', '{"name":"清远日报"}');
    expect((await stat(join(root, 'records', 'qyrb', 'title.json'))).isFile()).toBe(true);
    await store.put('records/qyrb/title.json', '{"name":"清远日报","v":2}');
    expect(await readdir(join(root, '.difang', 'tmp'))).toEqual([]);
  });

  it('refuses a key whose folder is already an object, and an object where a folder is', async () => {
    await store.put('shape/file.txt', 'x');
    await expect(store.put('shape/file.txt/child.txt', 'y')).rejects.toMatchObject({ code: 'invalid_key' });
    await store.put('shape/folder/child.txt', 'y');
    await expect(store.put('shape/folder', 'z')).rejects.toMatchObject({ code: 'invalid_key' });
    expect(await store.get('shape/folder')).toBeNull();
  });

  it('removes folders left empty by a delete', async () => {
    await store.put('tidy/a/b/c.txt', 'x');
    await store.delete('tidy/a/b/c.txt');
    expect(await readdir(root)).not.toContain('tidy');
  });

  it('breaks a write lock abandoned by a crashed process', async () => {
    const v1 = await store.put('locks/record.json', '{"v":1}');
    const lockFile = join(root, '.difang', 'locks', createHash('sha256').update('locks/record.json').digest('hex'));
    await writeFile(lockFile, '999999\n');
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lockFile, longAgo, longAgo);
    await store.put('locks/record.json', '{"v":2}', { ifMatch: v1.etag });
    expect(new TextDecoder().decode(await readAllBytes((await store.get('locks/record.json'))!.body))).toBe('{"v":2}');
  });

  it('cleans up temporary files of interrupted writes older than an hour when opened', async () => {
    const leftover = join(root, '.difang', 'tmp', 'interrupted-write');
    await writeFile(leftover, 'half a scan');
    const longAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(leftover, longAgo, longAgo);
    const fresh = join(root, '.difang', 'tmp', 'write-in-progress');
    await writeFile(fresh, 'being written by another process');
    await FsObjectStore.open(root);
    expect(await readdir(join(root, '.difang', 'tmp'))).toEqual(['write-in-progress']);
    await rm(fresh);
  });

  it('does not list its own scratch folder', async () => {
    const { items } = await store.list('');
    expect(items.some((item) => item.key.startsWith('.difang'))).toBe(false);
  });

  it('says which folder cannot be used', async () => {
    const file = join(parent, 'not-a-folder');
    await writeFile(file, 'x');
    const error = await FsObjectStore.open(join(file, 'objects')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'misconfigured', problem: 'not_writable' });
    expect((error as Error).message).toContain(join(file, 'objects'));
  });
});
