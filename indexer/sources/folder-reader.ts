/** A batch in a local folder. Symbolic links that lead outside the folder are refused. */
import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { inputError } from '../readers/input-error.ts';
import { safeBatchPath, type BatchFile, type BatchReader } from './batch-reader.ts';

export async function openFolder(folder: string): Promise<BatchReader> {
  let root: string;
  try {
    root = await realpath(resolve(folder));
    if (!(await stat(root)).isDirectory()) throw new Error('not a folder');
  } catch (cause) {
    throw inputError('missing_file', `找不到批次文件夹 ${folder}`, `cannot open the batch folder ${folder}`, undefined, cause);
  }

  const inside = async (path: string): Promise<string> => {
    const relative = safeBatchPath(path);
    const absolute = join(root, ...relative.split('/'));
    let real: string;
    try {
      real = await realpath(absolute);
    } catch (cause) {
      throw inputError('missing_file', `找不到文件 ${relative}`, `file not found: ${relative}`, relative, cause);
    }
    if (real !== root && !real.startsWith(root + sep)) {
      throw inputError('unsafe_path', `${relative} 是指向批次文件夹之外的链接，已拒绝`, `${relative} links outside the batch folder; refused`, relative);
    }
    return real;
  };

  return {
    description: `folder ${root}`,
    async *list(): AsyncGenerator<BatchFile> {
      const entries = await readdir(root, { recursive: true, withFileTypes: true });
      const files: BatchFile[] = [];
      for (const entry of entries) {
        if (!entry.isFile() && !entry.isSymbolicLink()) continue;
        const relative = join(entry.parentPath, entry.name).slice(root.length + 1).split(sep).join('/');
        // Hidden files (.DS_Store, Thumbs.db's kin) are never part of a delivery.
        if (relative.split('/').some((segment) => segment.startsWith('.'))) continue;
        const info = await stat(join(entry.parentPath, entry.name)).catch(() => null);
        files.push({ path: relative, size: info?.size ?? 0 });
      }
      files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      yield* files;
    },
    async readBytes(path) {
      return new Uint8Array(await readFile(await inside(path)));
    },
    async readHead(path, length) {
      return readHead(await inside(path), length);
    },
    async exists(path) {
      try {
        await inside(path);
        return true;
      } catch {
        return false;
      }
    },
    async localFile(path) {
      return { path: await inside(path), release: async () => {} };
    },
    async close() {},
  };
}

/** The first bytes of a local file. */
export async function readHead(path: string, length = 64): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
