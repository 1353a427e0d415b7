/** Runs the real `difang` command (bin/difang.js) as a separate process, as a person would. */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export const difangBin = join(import.meta.dirname, '../../bin/difang.js');

/** A clean environment: only what the test says, plus what Node needs to run. */
export function cliEnv(vars: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LOG_FORMAT: 'json', ...vars };
}

export async function runDifang(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [difangBin, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Starts `difang serve` and resolves with the URL it prints. */
export async function startServe(env: Record<string, string>): Promise<{ child: ChildProcessByStdio<null, Readable, Readable>; url: string; output: () => string }> {
  const child = spawn(process.execPath, [difangBin, 'serve'], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /(http:\/\/[^\s，）]+:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`difang serve exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}
