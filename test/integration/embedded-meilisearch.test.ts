/** The bundled Meilisearch runner: start, stop, restart after a crash, and clean up after one. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedMeilisearch } from '../../src/adapters/meilisearch/embedded-meilisearch.ts';
import { MeilisearchIndex } from '../../src/adapters/meilisearch/meilisearch-index.ts';
import { silentLogger } from '../../src/logger.ts';
import { isAlive, waitFor } from '../helpers/processes.ts';

describe('EmbeddedMeilisearch', () => {
  const folders: string[] = [];
  const folder = async (): Promise<string> => {
    const path = await mkdtemp(join(tmpdir(), 'difang-embedded-'));
    folders.push(path);
    return path;
  };
  afterAll(async () => {
    await Promise.all(folders.map((path) => rm(path, { recursive: true, force: true })));
  });

  it('runs on 127.0.0.1 with a generated master key, and leaves nothing running when stopped', async () => {
    const dataDir = await folder();
    const server = await EmbeddedMeilisearch.start({ dataDir, logger: silentLogger, maxIndexingMemory: '256 MiB' });
    const pid = server.pid!;
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.masterKey.length).toBeGreaterThanOrEqual(16);
    expect((await fetch(`${server.url}/indexes`)).status).toBe(401);
    const commandLine = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    expect(commandLine).toContain('--no-analytics');
    expect(commandLine.join(' ')).not.toContain(server.masterKey);
    expect(commandLine[commandLine.indexOf('--max-indexing-memory') + 1]).toBe('256 MiB');
    const connection = JSON.parse(await readFile(join(dataDir, 'connection.json'), 'utf8'));
    expect(connection).toEqual({ pid, ownerPid: process.pid, url: server.url, masterKey: server.masterKey });
    expect((await stat(join(dataDir, 'connection.json'))).mode & 0o077).toBe(0);
    await server.stop();
    expect(await isAlive(pid)).toBe(false);
    await expect(readFile(join(dataDir, 'connection.json'), 'utf8')).rejects.toThrow();
  });

  it('restarts a Meilisearch that died, on the same address and data, and search comes back', async () => {
    const server = await EmbeddedMeilisearch.start({ dataDir: await folder(), logger: silentLogger, restartDelayMs: 300 });
    const search = new MeilisearchIndex({ url: server.url, apiKey: server.masterKey });
    try {
      await search.ensureIndex('survives', { primaryKey: 'id' });
      await search.waitForTask(await search.putDocuments('survives', [{ id: 'a', text: '北江' }]));
      const firstPid = server.pid!;
      const exited = new Promise((done) => server.once('exit', done));
      const restarted = new Promise<number>((done) => server.once('restart', done));
      process.kill(firstPid, 'SIGKILL');
      await exited;
      expect((await search.health()).up).toBe(false);
      const secondPid = await restarted;
      expect(secondPid).not.toBe(firstPid);
      expect((await search.health()).up).toBe(true);
      expect((await search.search<{ id: string }>('survives', { q: '北江' })).hits.map((hit) => hit.id)).toEqual(['a']);
    } finally {
      await server.stop();
    }
  });

  it('stops a Meilisearch orphaned by a difang that was killed outright, then starts afresh', async () => {
    const dataDir = await folder();
    const crashed = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../helpers/start-embedded-meilisearch.ts'), dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const orphanPid = await new Promise<number>((resolve, reject) => {
      crashed.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      crashed.once('exit', (code) => reject(new Error(`helper exited with ${code}`)));
    });
    crashed.kill('SIGKILL');
    await new Promise((done) => crashed.once('exit', done));
    expect(await isAlive(orphanPid)).toBe(true);

    const server = await EmbeddedMeilisearch.start({ dataDir, logger: silentLogger });
    try {
      await waitFor(async () => !(await isAlive(orphanPid)), 10_000, 'the orphan to stop');
      expect(server.pid).not.toBe(orphanPid);
      expect((await fetch(`${server.url}/health`)).ok).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('lets a second difang process on the same data folder use the running Meilisearch instead of starting another', async () => {
    const dataDir = await folder();
    const owner = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../helpers/start-embedded-meilisearch.ts'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const ownerPid = await new Promise<number>((resolve, reject) => {
        owner.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        owner.once('exit', (code) => reject(new Error(`helper exited with ${code}`)));
      });
      const handle = await EmbeddedMeilisearch.attachOrStart({ dataDir, logger: silentLogger });
      expect(handle.embedded).toBeUndefined();
      const search = new MeilisearchIndex({ url: handle.url, apiKey: handle.masterKey });
      expect((await search.health()).up).toBe(true);
      await handle.stop();
      expect(await isAlive(ownerPid)).toBe(true);
      await expect(EmbeddedMeilisearch.start({ dataDir, logger: silentLogger })).rejects.toThrow(/already runs Meilisearch/);
    } finally {
      owner.kill('SIGKILL');
      // The owner was killed outright: stop the Meilisearch it leaves behind, as a next start would.
      const { pid } = JSON.parse(await readFile(join(dataDir, 'connection.json'), 'utf8')) as { pid: number };
      process.kill(pid, 'SIGKILL');
    }
  });

  it('explains a start that fails', async () => {
    const error = await EmbeddedMeilisearch.start({ dataDir: await folder(), logger: silentLogger, maxIndexingMemory: '12 parsecs' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'EmbeddedMeilisearchError' });
    expect((error as Error).message).toContain('exited during start-up');
  });
});
