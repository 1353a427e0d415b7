/**
 * The Worker as Cloudflare runs it: `wrangler dev` (workerd) on 127.0.0.1, started from the wrangler
 * package's own bin script — not through npx — in its own process group, so stopping it stops
 * workerd too. Variables are passed with --var; state goes to a temporary folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './s3-server.ts';

const projectRoot = join(import.meta.dirname, '..', '..');
export const wranglerBin = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin', 'wrangler.js');

/** A quiet environment for wrangler: no telemetry, no update banner, no colours. */
export function wranglerEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    WRANGLER_SEND_METRICS: 'false',
    NO_COLOR: '1',
    CI: '1',
  };
}

/** web/dist is the Worker's static assets (wrangler.toml); build it once if a test run has not. */
export function ensureWebAssets(): void {
  if (existsSync(join(projectRoot, 'web', 'dist', 'static', 'app.js'))) return;
  const built = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'build-web.ts')], { cwd: projectRoot, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build:web failed:\n${built.stderr}`);
}

export interface WranglerDev {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the Worker on `port`; `vars` are its environment variables (wrangler.toml's [vars] under them). */
export async function startWranglerDev(port: number, vars: Record<string, string>, timeoutMs = 90_000): Promise<WranglerDev> {
  ensureWebAssets();
  const state = await mkdtemp(join(tmpdir(), 'difang-wrangler-'));
  const args = [wranglerBin, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort()), '--persist-to', state, '--show-interactive-dev-session=false'];
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  const child: ChildProcess = spawn(process.execPath, args, { cwd: projectRoot, env: wranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (chunk: Buffer): void => void (output += chunk.toString());
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    await rm(state, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (!/Ready on http/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not start:\n${output.slice(-3000)}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return { url, output: () => output, stop };
}
