/**
 * The reader pages' built assets read from a folder (web/dist), kept in memory after the first
 * read. Only plain file names under the folder are served; the version is a digest of the files.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { AssetSource } from '../../ports.ts';

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.html': 'text/html; charset=utf-8',
};

export function folderAssets(folder: string): AssetSource | null {
  const root = resolve(folder);
  if (!existsSync(join(root, 'app.js'))) return null;
  const files = new Map<string, { body: Uint8Array; contentType: string }>();
  const digest = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const body = new Uint8Array(readFileSync(path));
        const key = relative(root, path).split(sep).join('/');
        digest.update(key).update(body);
        files.set(key, { body, contentType: types[extname(name)] ?? 'application/octet-stream' });
      }
    }
  };
  walk(root);
  return {
    version: digest.digest('hex').slice(0, 12),
    get: async (path) => files.get(path) ?? null,
  };
}
