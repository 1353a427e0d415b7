/** The real services from global-setup, each test file in its own namespace. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { MeilisearchIndex } from '../../src/adapters/meilisearch/meilisearch-index.ts';
import { createKeepAliveHttpClient } from '../../src/adapters/meilisearch/node-http-client.ts';
import type { S3StoreOptions } from '../../src/adapters/s3/s3-object-store.ts';

/** A unique namespace per call, e.g. for an index prefix or a key prefix. */
export function uniqueName(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

export function s3Options(overrides: Partial<S3StoreOptions> = {}): S3StoreOptions {
  const s3 = inject('s3');
  return {
    endpoint: s3.endpoint,
    region: 'us-east-1',
    bucket: s3.bucket,
    prefix: `${uniqueName('t')}/`,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    ...overrides,
  };
}

export function meiliConnection(): { url: string; key: string } {
  return { url: inject('meiliUrl'), key: inject('meiliKey') };
}

/** A SearchIndex on the shared Meilisearch whose indexes all start with a fresh prefix. */
export function testSearchIndex(): { search: MeilisearchIndex; prefix: string; close: () => void } {
  const prefix = `${uniqueName('t').replace(/-/g, '_')}_`;
  const http = createKeepAliveHttpClient();
  const search = new MeilisearchIndex({ url: inject('meiliUrl'), apiKey: inject('meiliKey'), indexPrefix: prefix, httpClient: http.httpClient });
  return { search, prefix, close: http.close };
}
