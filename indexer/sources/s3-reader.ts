/** A batch under an S3 prefix (s3://bucket/prefix), read through the ObjectStore adapter. */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { bytesOf } from '../../src/adapters/body.ts';
import { S3ObjectStore, type S3StoreOptions } from '../../src/adapters/s3/s3-object-store.ts';
import { inputError } from '../readers/input-error.ts';
import { safeBatchPath, type BatchFile, type BatchReader } from './batch-reader.ts';

/** Parses s3://bucket/prefix into a bucket and a "/"-terminated prefix. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match?.[1]) throw inputError('unsafe_path', `不是有效的 s3:// 地址：${url}`, `not a valid s3:// address: ${url}`);
  const prefix = (match[2] ?? '').replace(/\/*$/, '');
  return { bucket: match[1], prefix: prefix ? `${prefix}/` : '' };
}

export async function openS3Batch(url: string, connection: Omit<S3StoreOptions, 'bucket' | 'prefix'>): Promise<BatchReader> {
  const { bucket, prefix } = parseS3Url(url);
  const store = await S3ObjectStore.connect({ ...connection, bucket, prefix, assumeConditionalWrites: 'emulated' });
  const scratch = await mkdtemp(join(tmpdir(), 'difang-s3-batch-'));
  const get = async (path: string) => {
    const object = await store.get(safeBatchPath(path));
    if (!object) throw inputError('missing_file', `找不到文件 ${path}`, `file not found: ${path}`, path);
    return object;
  };
  let counter = 0;
  return {
    description: url,
    async *list(): AsyncGenerator<BatchFile> {
      let cursor: string | undefined;
      do {
        const page = await store.list('', { cursor });
        for (const item of page.items) {
          if (item.key.split('/').some((segment) => segment.startsWith('.'))) continue;
          yield { path: item.key, size: item.size };
        }
        cursor = page.cursor;
      } while (cursor);
    },
    async readBytes(path) {
      return bytesOf(await get(path));
    },
    async readHead(path, length) {
      const object = await store.get(safeBatchPath(path), { range: { offset: 0, length } }).catch(() => null);
      return object ? bytesOf(object) : new Uint8Array();
    },
    async exists(path) {
      return (await store.head(safeBatchPath(path))) !== null;
    },
    async localFile(path) {
      const object = await get(path);
      const local = join(scratch, `${counter++}-${path.split('/').pop() ?? 'file'}`);
      await pipeline(Readable.fromWeb(object.body as import('node:stream/web').ReadableStream<Uint8Array>), createWriteStream(local));
      return { path: local, release: () => rm(local, { force: true }) };
    },
    async close() {
      store.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
