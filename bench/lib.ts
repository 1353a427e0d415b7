/** Shared by the benchmarks: timing, percentiles, the machine, and writing figures into docs/BENCHMARKS.md. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Timings {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  perSecond: number;
}

/** Runs `operation` `warmup` times unmeasured, then `count` times one after another, timing each. */
export async function timeSequential(operation: () => Promise<unknown>, count: number, warmup = Math.ceil(count / 10)): Promise<Timings> {
  for (let i = 0; i < warmup; i++) await operation();
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await operation();
    samples.push(performance.now() - t0);
  }
  return summarize(samples, performance.now() - started);
}

export function summarize(samples: number[], wallMs: number): Timings {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    count: samples.length,
    meanMs: samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length),
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    perSecond: (samples.length / wallMs) * 1000,
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}, Node ${process.version}`;
}

export const fmt = (value: number, digits = 2): string => value.toFixed(digits);

/** Replaces the section between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in docs/BENCHMARKS.md. */
export async function recordSection(name: string, markdown: string): Promise<void> {
  const file = join(import.meta.dirname, '..', 'docs', 'BENCHMARKS.md');
  const current = await readFile(file, 'utf8');
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next = from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + end.length) : `${current.trimEnd()}\n\n${block}\n`;
  await writeFile(file, next);
}

/** Starts a child process and resolves with the first http://host:port it prints. */
export async function startPrinting(command: string, args: string[], env: Record<string, string>, ready: (output: string) => boolean): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1] && ready(output)) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
  return { child, url };
}
