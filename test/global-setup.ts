/**
 * Starts the real services the integration tests run against, once per `npm test`: the bundled
 * Meilisearch (through the same runner `npm start` uses) and an S3-compatible server, both on
 * 127.0.0.1. Each test file then works in its own index prefix / key prefix.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { EmbeddedMeilisearch } from '../src/adapters/meilisearch/embedded-meilisearch.ts';
import { silentLogger } from '../src/logger.ts';
import { startS3Server } from './helpers/s3-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    meiliUrl: string;
    meiliKey: string;
    s3: { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'difang-test-meili-'));
  const [meili, s3] = await Promise.all([
    EmbeddedMeilisearch.start({ dataDir, logger: silentLogger, maxIndexingMemory: '512 MiB', supervise: false }),
    startS3Server(),
  ]);
  project.provide('meiliUrl', meili.url);
  project.provide('meiliKey', meili.masterKey);
  project.provide('s3', { endpoint: s3.endpoint, bucket: s3.bucket, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
  return async () => {
    await Promise.all([meili.stop(), s3.stop()]);
    await rm(dataDir, { recursive: true, force: true });
  };
}
