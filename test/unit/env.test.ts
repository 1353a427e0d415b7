import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, envSchema, parseEnv } from '../../src/env.ts';

function problemsOf(env: Record<string, string>): { variable: string; en: string; zh: string; received?: string }[] {
  try {
    parseEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => ({ variable: p.variable, en: p.message.en, zh: p.message['zh-CN'], received: p.received }));
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv', () => {
  it('gives the embedded default with nothing set: folder storage in ./data and the bundled Meilisearch', () => {
    const config = parseEnv({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      publicBaseUrl: 'http://127.0.0.1:3000',
      dataDir: './data',
      storage: { kind: 'fs', root: './data/objects' },
      search: { kind: 'embedded', dataDir: './data/meilisearch', maxIndexingMemory: '1 GiB', indexPrefix: '' },
    });
    // Indexing threads: the embedded server's own default (every core) unless set.
    expect(config.search).not.toHaveProperty('maxIndexingThreads');
    expect(parseEnv({ MEILI_MAX_INDEXING_THREADS: '1' }).search).toMatchObject({ kind: 'embedded', maxIndexingThreads: 1 });
    // Page texts kept for placing hits: 64 MiB unless set, in the units Meilisearch's sizes use.
    expect(config.pageTextCacheBytes).toBe(64 * 1024 * 1024);
    expect(parseEnv({ PAGE_TEXT_CACHE: '256 MiB' }).pageTextCacheBytes).toBe(256 * 1024 * 1024);
    expect(parseEnv({ PAGE_TEXT_CACHE: '1.5GB' }).pageTextCacheBytes).toBe(1.5 * 1024 ** 3);
    expect(parseEnv({ PAGE_TEXT_CACHE: '4096' }).pageTextCacheBytes).toBe(4096);
  });

  it('reads an S3 store and an external Meilisearch', () => {
    const config = parseEnv({
      STORAGE: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'qingyuan-library',
      S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'minio-secret',
      MEILI_URL: 'http://search.internal:7700/',
      MEILI_MASTER_KEY: 'a-master-key-of-enough-length',
      PUBLIC_BASE_URL: 'https://difang.example.org/',
    });
    expect(config.storage).toEqual({
      kind: 's3',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      bucket: 'qingyuan-library',
      prefix: '',
      forcePathStyle: true,
      credentials: { accessKeyId: 'minio', secretAccessKey: 'minio-secret' },
    });
    expect(config.search).toEqual({ kind: 'external', url: 'http://search.internal:7700', masterKey: 'a-master-key-of-enough-length', indexPrefix: '' });
    expect(config.publicBaseUrl).toBe('https://difang.example.org');
  });

  it('.env.example documents every variable difang reads, and parses as it stands', () => {
    const example = readFileSync(join(import.meta.dirname, '..', '..', '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    const read = Object.keys(envSchema.shape);
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
    expect([...documented].filter((name) => !read.includes(name) && name !== 'DIFANG_LANG')).toEqual([]);
    const values = Object.fromEntries([...example.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(() => parseEnv(values)).not.toThrow();
  });

  it('treats empty values (as in a copied .env.example) as not set', () => {
    expect(parseEnv({ PORT: '', MEILI_URL: '  ', S3_BUCKET: '' }).port).toBe(3000);
  });

  it('uses path-style addressing for custom endpoints unless told otherwise', () => {
    expect(parseEnv({ STORAGE: 's3', S3_BUCKET: 'b-1', S3_FORCE_PATH_STYLE: 'false', S3_ENDPOINT: 'http://x:1' }).storage).toMatchObject({ forcePathStyle: false });
    expect(parseEnv({ STORAGE: 's3', S3_BUCKET: 'b-1' }).storage).toMatchObject({ forcePathStyle: false });
  });

  it('names each bad variable, what is wrong, and the value it got, in Chinese and English', () => {
    const problems = problemsOf({ PORT: 'abc', STORAGE: 'ftp', MEILI_URL: 'localhost:7700', LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.variable).sort()).toEqual(['LOG_LEVEL', 'MEILI_URL', 'PORT', 'STORAGE']);
    const port = problems.find((p) => p.variable === 'PORT')!;
    expect(port).toMatchObject({ received: 'abc', en: 'must be an integer from 0 to 65535', zh: '须为 0–65535 的整数' });
    expect(problems.find((p) => p.variable === 'MEILI_URL')!.en).toContain('http://');
  });

  it('requires a bucket for S3 storage, and both halves of a key pair', () => {
    expect(problemsOf({ STORAGE: 's3' })).toEqual([expect.objectContaining({ variable: 'S3_BUCKET', en: 'must be set when STORAGE=s3' })]);
    expect(problemsOf({ STORAGE: 's3', S3_BUCKET: 'ok-bucket', S3_ACCESS_KEY_ID: 'k' }).map((p) => p.variable)).toEqual(['S3_SECRET_ACCESS_KEY']);
  });

  it('refuses malformed URLs, bucket names, prefixes, keys and sizes', () => {
    const problems = problemsOf({
      S3_ENDPOINT: 'not a url',
      S3_BUCKET: 'Bad_Bucket',
      S3_PREFIX: '/abs',
      PUBLIC_BASE_URL: 'ftp://x',
      MEILI_MASTER_KEY: 'short',
      MEILI_INDEX_PREFIX: 'has space',
      MEILI_MAX_INDEXING_MEMORY: 'lots',
      MEILI_MAX_INDEXING_THREADS: '0',
      PAGE_TEXT_CACHE: 'plenty',
      S3_FORCE_PATH_STYLE: 'maybe',
    });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'MEILI_INDEX_PREFIX',
      'MEILI_MASTER_KEY',
      'MEILI_MAX_INDEXING_MEMORY',
      'MEILI_MAX_INDEXING_THREADS',
      'PAGE_TEXT_CACHE',
      'PUBLIC_BASE_URL',
      'S3_BUCKET',
      'S3_ENDPOINT',
      'S3_FORCE_PATH_STYLE',
      'S3_PREFIX',
    ]);
  });

  it('builds a browsable public URL when listening on every interface', () => {
    expect(parseEnv({ HOST: '0.0.0.0', PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
  });
});
