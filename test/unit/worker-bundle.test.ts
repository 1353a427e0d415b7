/**
 * The Worker bundle must not pull in Node-only code: bundling src/worker.ts for a worker
 * platform fails on any node: import reached from it (fs adapter, child processes, sharp…),
 * except node:crypto, which workerd provides under the nodejs_compat flag (scrypt for sign-in).
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('src/worker.ts', () => {
  it('bundles for Workers without any node: module but node:crypto', async () => {
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
      external: ['node:crypto'],
      alias: { '@aws-sdk/xml-builder': join(import.meta.dirname, '../../src/adapters/s3/xml-builder-for-workers.js') },
      metafile: true,
      logLevel: 'silent',
    }).catch((error: { errors?: { text: string }[] }) => ({ errors: error.errors ?? [{ text: String(error) }], metafile: undefined }));
    expect(result.errors.map((e) => e.text)).toEqual([]);
    const inputs = Object.keys(result.metafile?.inputs ?? {});
    expect(inputs.some((path) => path.includes('src/app.ts'))).toBe(true);
    // The AWS SDK parses S3's XML without DOMParser, which workerd lacks (the alias of wrangler.toml).
    expect(inputs.filter((path) => path.includes('xml-parser'))).toEqual(['node_modules/@aws-sdk/xml-builder/dist-es/xml-parser.js']);
    expect(inputs.filter((path) => path.includes('adapters/fs/') || path.includes('embedded-meilisearch') || path.includes('node-http-client'))).toEqual([]);
  });
});
