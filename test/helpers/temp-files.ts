/** Temporary folders a test file makes (removed after its tests) and files written into them. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A `folder(label)` that makes a new temporary folder, every one removed once the file's tests are done. */
export function temporaryFolders(): (label?: string) => Promise<string> {
  const folders: string[] = [];
  afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));
  return async (label = 'test') => {
    const path = await mkdtemp(join(tmpdir(), `difang-${label}-`));
    folders.push(path);
    return path;
  };
}

/** Writes `content` at `path` under `root`, making the folders on the way. */
export async function put(root: string, path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), content);
}
