/** The ObjectStore contract on a real S3-compatible server (s3rver on 127.0.0.1), plus connecting to one. */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAllBytes } from '../../src/adapters/body.ts';
import { S3ObjectStore } from '../../src/adapters/s3/s3-object-store.ts';
import { StorageError } from '../../src/errors.ts';
import type { Logger } from '../../src/ports.ts';
import { startS3Server } from '../helpers/s3-server.ts';
import { s3Options } from '../helpers/services.ts';
import { describeObjectStoreContract } from './object-store.contract.ts';

describeObjectStoreContract('s3 (s3rver)', async () => {
  // Small parts so that the 20 MB upload really goes up as a multipart upload.
  const store = await S3ObjectStore.connect(s3Options({ partSize: 5 * 1024 * 1024 }));
  return {
    store,
    async cleanup() {
      let cursor: string | undefined;
      do {
        const page = await store.list('', { cursor });
        // One at a time: s3rver removes emptied folders as it deletes, and answers 500 when two deletes race for one.
        for (const item of page.items) await store.delete(item.key);
        cursor = page.cursor;
      } while (cursor);
      store.close();
    },
  };
});

describe('s3 store: connecting', () => {
  it('finds out that s3rver ignores conditional headers, says so, and still keeps writes safe', async () => {
    const warnings: { event: string; fields?: Record<string, unknown> }[] = [];
    const logger: Logger = { log: (level, event, fields) => level === 'warn' && warnings.push({ event, fields }), child: () => logger };
    const store = await S3ObjectStore.connect(s3Options(), logger);
    expect(store.conditionalWrites).toBe('emulated');
    expect(warnings.map((w) => w.event)).toEqual(['storage.conditional_writes_emulated']);
    expect(String(warnings[0]?.fields?.message)).toContain('If-None-Match');
    store.close();
  });

  it('names an unreachable endpoint', async () => {
    const error = await S3ObjectStore.connect(s3Options({ endpoint: 'http://127.0.0.1:9', checkTimeoutMs: 3000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'unavailable', problem: 'unreachable' });
    expect((error as Error).message).toContain('127.0.0.1:9');
  });

  it('names a bucket that does not exist', async () => {
    const error = await S3ObjectStore.connect(s3Options({ bucket: 'no-such-bucket' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'misconfigured', problem: 'no_such_bucket' });
    expect((error as Error).message).toContain('no-such-bucket');
  });

  it('names credentials the server refuses', async () => {
    const error = await S3ObjectStore.connect(s3Options({ credentials: { accessKeyId: 'WRONG', secretAccessKey: 'WRONG' } })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'misconfigured', problem: 'access_denied' });
  });

  it('reports itself down while the server is gone, and up again when it is back', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'difang-s3-outage-'));
    const first = await startS3Server({ directory, bucket: 'outage' });
    const port = Number(new URL(first.endpoint).port);
    const store = await S3ObjectStore.connect(s3Options({ endpoint: first.endpoint, bucket: 'outage', checkTimeoutMs: 2000 }));
    try {
      await store.put('kept.json', '{"kept":true}');
      expect((await store.health()).up).toBe(true);
      await first.stop();
      const down = await store.health();
      expect(down.up).toBe(false);
      expect(down.reason).toMatch(/cannot reach|ECONNREFUSED|timeout/);
      await expect(store.get('kept.json')).rejects.toMatchObject({ code: 'unavailable', retryable: true });
      const second = await startS3Server({ directory, bucket: 'outage', port });
      try {
        expect((await store.health()).up).toBe(true);
        expect(await store.head('kept.json')).toMatchObject({ size: 13 });
      } finally {
        await second.stop();
      }
    } finally {
      store.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('s3 store: a server that dies mid-answer', () => {
  it('fails the read as unavailable instead of handing over half an object', async () => {
    // Answers the bucket check, then sends 10 of the 100 bytes it announces and closes.
    const server = createServer((request, response) => {
      if (request.method === 'HEAD') return response.writeHead(200).end();
      response.writeHead(200, { 'Content-Length': '100', 'Content-Type': 'application/json', ETag: '"x"' });
      response.write('{"title": ');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    try {
      const store = await S3ObjectStore.connect({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket: 'b', prefix: '', forcePathStyle: true, credentials: { accessKeyId: 'k', secretAccessKey: 's' }, assumeConditionalWrites: 'emulated' });
      const object = await store.get('records/t/title.json');
      const read = readAllBytes(object!.body);
      await expect(read).rejects.toBeInstanceOf(StorageError);
      await expect(read).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      server.close();
    }
  });
});
