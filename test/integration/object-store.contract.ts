/**
 * The ObjectStore contract: what every adapter must do, run against each real backend
 * (a local folder, a real S3-compatible server). A feature is proven here, never on a fake.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllBytes } from '../../src/adapters/body.ts';
import { StorageError } from '../../src/errors.ts';
import type { ObjectInfo, ObjectStore } from '../../src/ports.ts';

export interface ContractTarget {
  store: ObjectStore;
  cleanup(): Promise<void>;
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function readText(store: ObjectStore, key: string, range?: { offset: number; length?: number }): Promise<string | null> {
  const object = await store.get(key, range ? { range } : {});
  return object ? text(await readAllBytes(object.body)) : null;
}

/** Every key under `prefix`, through `list` — and through `listKeys`, which must page the same way. */
async function listAll(store: ObjectStore, prefix: string, pageSize?: number): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(prefix, { cursor, pageSize });
    pages.push(page.items.map((item) => item.key));
    keys.push(...page.items.map((item) => item.key));
    cursor = page.cursor;
  } while (cursor);
  const keyPages: string[][] = [];
  do {
    const page = await store.listKeys(prefix, { cursor, pageSize });
    keyPages.push(page.keys);
    cursor = page.cursor;
  } while (cursor);
  expect(keyPages).toEqual(pages);
  return { keys, pages: pages.length };
}

/** Deterministic pseudo-random bytes (xorshift), produced chunk by chunk, never all in memory. */
function pseudoRandomStream(totalBytes: number, chunkBytes = 64 * 1024, failAfterBytes?: number): { stream: ReadableStream<Uint8Array>; sha256: () => string } {
  const hash = createHash('sha256');
  let produced = 0;
  let state = 0x9e3779b9;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfterBytes !== undefined && produced >= failAfterBytes) {
        controller.error(new Error('the scanner was unplugged'));
        return;
      }
      if (produced >= totalBytes) {
        controller.close();
        return;
      }
      const size = Math.min(chunkBytes, totalBytes - produced);
      const chunk = new Uint8Array(size);
      for (let i = 0; i < size; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        chunk[i] = state & 0xff;
      }
      hash.update(chunk);
      produced += size;
      controller.enqueue(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

async function expectStorageError(promise: Promise<unknown>, code: StorageError['code']): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected StorageError(${code})`).toBeInstanceOf(StorageError);
  expect((error as StorageError).code).toBe(code);
}

export function describeObjectStoreContract(name: string, open: () => Promise<ContractTarget>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let target: ContractTarget;
    let store: ObjectStore;

    beforeAll(async () => {
      target = await open();
      store = target.store;
    });
    afterAll(async () => {
      await target?.cleanup();
    });

    it('stores bytes and text and reads them back with size, etag and content type', async () => {
      const bytes = new Uint8Array([0, 1, 2, 250, 255]);
      const written = await store.put('basics/raw.bin', bytes);
      expect(written.size).toBe(5);
      expect(written.etag).not.toBe('');
      const object = await store.get('basics/raw.bin');
      expect(object).not.toBeNull();
      expect([...(await readAllBytes(object!.body))]).toEqual([0, 1, 2, 250, 255]);
      expect(object!.info.etag).toBe(written.etag);

      await store.put('basics/清远日报.json', JSON.stringify({ 篇名: '清远市图书馆新馆开放' }));
      const head = await store.head('basics/清远日报.json');
      expect(head).toMatchObject({ key: 'basics/清远日报.json', contentType: 'application/json' });
      expect(head!.size).toBe(new TextEncoder().encode(JSON.stringify({ 篇名: '清远市图书馆新馆开放' })).length);
      expect(JSON.parse((await readText(store, 'basics/清远日报.json'))!)).toEqual({ 篇名: '清远市图书馆新馆开放' });
    });

    it('answers null for an absent key, and deleting an absent key is not an error', async () => {
      expect(await store.get('basics/absent.json')).toBeNull();
      expect(await store.head('basics/absent.json')).toBeNull();
      await store.delete('basics/absent.json');
    });

    it('gives every overwrite a new etag, and delete removes the object', async () => {
      const first = await store.put('basics/overwrite.txt', 'one');
      const second = await store.put('basics/overwrite.txt', 'two');
      expect(second.etag).not.toBe(first.etag);
      expect(await readText(store, 'basics/overwrite.txt')).toBe('two');
      await store.delete('basics/overwrite.txt');
      expect(await store.head('basics/overwrite.txt')).toBeNull();
    });

    it('reads byte ranges, clamps a range that runs past the end, and refuses one that starts past it', async () => {
      await store.put('ranges/digits.txt', '0123456789');
      expect(await readText(store, 'ranges/digits.txt', { offset: 2, length: 3 })).toBe('234');
      expect(await readText(store, 'ranges/digits.txt', { offset: 7 })).toBe('789');
      const clamped = await store.get('ranges/digits.txt', { range: { offset: 8, length: 100 } });
      expect(text(await readAllBytes(clamped!.body))).toBe('89');
      expect(clamped!.range).toEqual({ offset: 8, length: 2 });
      expect(clamped!.info.size).toBe(10);
      await expectStorageError(store.get('ranges/digits.txt', { range: { offset: 10 } }), 'invalid_range');
      await expectStorageError(store.get('ranges/digits.txt', { range: { offset: -1 } }), 'invalid_range');
    });

    it('lists every key under a prefix once, prefix matched by characters, plain names in byte order', async () => {
      const keys = ['lst/a-c.txt', 'lst/a/b.txt', 'lst/a/清.txt', 'lst/ab.txt', 'lst/b.txt', 'lst/B.txt', 'lst/报/1.txt', 'lstx/other.txt'];
      for (const key of keys) await store.put(key, key);
      // S3 lists in UTF-8 byte order; s3rver puts a folder before a name that shares its start
      // ("a/b" before "a-c"), so order is asserted only where no folder is involved.
      const { keys: listed } = await listAll(store, 'lst/');
      expect(new Set(listed).size).toBe(listed.length);
      expect([...listed].sort(byteOrder)).toEqual(keys.filter((key) => key.startsWith('lst/')).sort(byteOrder));
      const plain = listed.filter((key) => !key.slice(4).includes('/'));
      expect(plain).toEqual(['lst/B.txt', 'lst/a-c.txt', 'lst/ab.txt', 'lst/b.txt']);
      expect((await listAll(store, 'lst/a')).keys.sort(byteOrder)).toEqual(['lst/a-c.txt', 'lst/a/b.txt', 'lst/a/清.txt', 'lst/ab.txt']);
      expect((await listAll(store, 'lst/a/')).keys).toEqual(['lst/a/b.txt', 'lst/a/清.txt']);
      expect((await listAll(store, 'nothing-here/')).keys).toEqual([]);
      const page = await store.list('lst/', { pageSize: 2 });
      expect(page.items).toHaveLength(2);
      expect(page.items[0]).toMatchObject<Partial<ObjectInfo>>({ key: listed[0], size: listed[0]!.length });
    });

    it('pages through a listing longer than one page (250 keys, 100 a page; 1,050 keys at the default page size)', async () => {
      const many = Array.from({ length: 1050 }, (_, i) => `many/${String(i).padStart(4, '0')}.txt`);
      for (let i = 0; i < many.length; i += 50) await Promise.all(many.slice(i, i + 50).map((key) => store.put(key, 'x')));
      const small = await listAll(store, 'many/00', 100);
      expect(small.keys).toEqual(many.filter((key) => key.startsWith('many/00')));
      expect(small.pages).toBe(1);
      const paged = await listAll(store, 'many/0', 100);
      expect(paged.keys).toEqual(many.slice(0, 1000));
      expect(paged.pages).toBe(10);
      const full = await listAll(store, 'many/');
      expect(full.keys).toEqual(many);
      expect(full.pages).toBe(2);
    });

    it('pages through a tree of one folder per object (as records are kept), in byte order', async () => {
      const tree = Array.from({ length: 120 }, (_, i) => `tree/${String(i % 7)}/${String(i).padStart(3, '0')}/record.json`);
      for (let i = 0; i < tree.length; i += 40) await Promise.all(tree.slice(i, i + 40).map((key) => store.put(key, key)));
      const expected = [...tree].sort(byteOrder);
      for (const pageSize of [1, 7, 50, 1000]) expect((await listAll(store, 'tree/', pageSize)).keys).toEqual(expected);
      expect((await listAll(store, 'tree/3/', 4)).keys).toEqual(expected.filter((key) => key.startsWith('tree/3/')));
    });

    it('reads an empty object and a small one whole, with the same bytes as a stream', async () => {
      await store.put('whole/empty.json', '');
      const empty = await store.get('whole/empty.json');
      expect(empty!.info.size).toBe(0);
      expect(await readAllBytes(empty!.body)).toHaveLength(0);
      await store.put('whole/清远.json', '{"报":"報"}');
      const small = await store.get('whole/清远.json');
      expect(text(await readAllBytes(small!.body))).toBe('{"报":"報"}');
      if (small!.bytes) expect(text(small!.bytes)).toBe('{"报":"報"}');
    });

    it('streams a 20 MB upload in and reads it back byte-identical', async () => {
      const size = 20 * 1024 * 1024 + 12345;
      const source = pseudoRandomStream(size);
      const written = await store.put('big/scan.tif', source.stream);
      expect(written.size).toBe(size);
      const object = await store.get('big/scan.tif');
      expect(object!.info.size).toBe(size);
      expect(object!.info.contentType).toBe('image/tiff');
      const hash = createHash('sha256');
      let read = 0;
      for await (const chunk of object!.body) {
        hash.update(chunk);
        read += chunk.byteLength;
      }
      expect(read).toBe(size);
      expect(hash.digest('hex')).toBe(source.sha256());
      const tail = await store.get('big/scan.tif', { range: { offset: size - 10 } });
      expect((await readAllBytes(tail!.body)).byteLength).toBe(10);
    });

    it('streams a small upload (under one part) in byte-identical, with no transfer framing inside', async () => {
      const source = pseudoRandomStream(300_000, 7_000);
      await store.put('big/small.jp2', source.stream);
      const stored = await readAllBytes((await store.get('big/small.jp2'))!.body);
      expect(stored.byteLength).toBe(300_000);
      expect(createHash('sha256').update(stored).digest('hex')).toBe(source.sha256());
    });

    it('keeps the previous object whole when a streamed upload fails part way', async () => {
      await store.put('big/kept.tif', 'the good version');
      const broken = pseudoRandomStream(12 * 1024 * 1024, 64 * 1024, 9 * 1024 * 1024);
      await expect(store.put('big/kept.tif', broken.stream)).rejects.toThrow();
      expect(await readText(store, 'big/kept.tif')).toBe('the good version');
      const failedFresh = pseudoRandomStream(1024 * 1024, 64 * 1024, 512 * 1024);
      await expect(store.put('big/never.tif', failedFresh.stream)).rejects.toThrow();
      expect(await store.head('big/never.tif')).toBeNull();
    });

    it('creates only if absent', async () => {
      const created = await store.put('cond/new.json', '{"v":1}', { ifAbsent: true });
      expect(created.etag).not.toBe('');
      await expectStorageError(store.put('cond/new.json', '{"v":2}', { ifAbsent: true }), 'precondition_failed');
      expect(await readText(store, 'cond/new.json')).toBe('{"v":1}');
    });

    it('replaces only if the version matches', async () => {
      const v1 = await store.put('cond/record.json', '{"v":1}');
      const v2 = await store.put('cond/record.json', '{"v":2}', { ifMatch: v1.etag });
      expect(v2.etag).not.toBe(v1.etag);
      expect((await store.head('cond/record.json'))!.etag).toBe(v2.etag);
      await expectStorageError(store.put('cond/record.json', '{"v":"stale"}', { ifMatch: v1.etag }), 'precondition_failed');
      expect(await readText(store, 'cond/record.json')).toBe('{"v":2}');
      await expectStorageError(store.put('cond/absent.json', '{}', { ifMatch: v1.etag }), 'precondition_failed');
      expect(await store.head('cond/absent.json')).toBeNull();
    });

    it('lets exactly one of many simultaneous conditional writers win', async () => {
      const creators = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.put('race/create.json', `{"writer":${i}}`, { ifAbsent: true })));
      const created = creators.filter((result) => result.status === 'fulfilled');
      expect(created).toHaveLength(1);
      for (const result of creators) {
        if (result.status === 'rejected') expect((result.reason as StorageError).code).toBe('precondition_failed');
      }
      const winner = (created[0] as PromiseFulfilledResult<ObjectInfo>).value;
      expect((await store.head('race/create.json'))!.etag).toBe(winner.etag);

      // Again where the only object of a folder was just deleted (the folder store removes emptied folders).
      await store.put('race-emptied/first.json', '{}');
      await store.delete('race-emptied/first.json');
      const again = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.put('race-emptied/create.json', `{"writer":${i}}`, { ifAbsent: true })));
      expect(again.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of again) {
        if (result.status === 'rejected') expect((result.reason as StorageError).code).toBe('precondition_failed');
      }

      const base = await store.put('race/edit.json', '{"version":1}');
      const editors = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.put('race/edit.json', `{"version":2,"editor":${i}}`, { ifMatch: base.etag })));
      const saved = editors.filter((result) => result.status === 'fulfilled') as PromiseFulfilledResult<ObjectInfo>[];
      expect(saved).toHaveLength(1);
      const final = await readText(store, 'race/edit.json');
      const winningEditor = editors.findIndex((result) => result.status === 'fulfilled');
      expect(JSON.parse(final!)).toEqual({ version: 2, editor: winningEditor });
    });

    it.each([
      ['../escape.txt'],
      ['a/../../escape.txt'],
      ['/etc/passwd'],
      ['a//b.txt'],
      ['a/./b.txt'],
      ['nul\u0000byte.txt'],
      ['line\nbreak.txt'],
      ['back\\slash.txt'],
      ['trailing/'],
      [''],
      ['.difang/tmp/x'],
    ])('refuses the key %j for every operation', async (key) => {
      await expectStorageError(store.put(key, 'x'), 'invalid_key');
      await expectStorageError(store.get(key), 'invalid_key');
      await expectStorageError(store.head(key), 'invalid_key');
      await expectStorageError(store.delete(key), 'invalid_key');
    });

    it('refuses listing prefixes that try to climb out', async () => {
      await expectStorageError(store.list('../'), 'invalid_key');
      await expectStorageError(store.list('/abs/'), 'invalid_key');
      await expectStorageError(store.list('a/../'), 'invalid_key');
    });

    it('reports itself healthy', async () => {
      const health = await store.health();
      expect(health.up).toBe(true);
      expect(health.detail).toContain(store.kind);
    });
  });
}
