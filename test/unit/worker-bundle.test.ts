/**
 * The Worker bundle must not pull in Node-only code: bundling src/worker.ts for a worker
 * platform fails on any node: import reached from it (fs adapter, child processes, sharp…).
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('src/worker.ts', () => {
  it('bundles for Workers without any node: module', async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, '../../src/worker.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      // 'browser' makes esbuild honour package.json browser maps, as the AWS SDK needs for its
      // fetch-based runtime config; the workerd/worker conditions come first.
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser', 'import'],
      mainFields: ['browser', 'module', 'main'],
      metafile: true,
      logLevel: 'silent',
    }).catch((error: { errors?: { text: string }[] }) => ({ errors: error.errors ?? [{ text: String(error) }], metafile: undefined }));
    expect(result.errors.map((e) => e.text)).toEqual([]);
    const inputs = Object.keys(result.metafile?.inputs ?? {});
    expect(inputs.some((path) => path.includes('src/app.ts'))).toBe(true);
    expect(inputs.filter((path) => path.includes('adapters/fs/') || path.includes('embedded-meilisearch') || path.includes('node-http-client'))).toEqual([]);
  });
});
