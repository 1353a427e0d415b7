/**
 * IIIF tiles and the search page, side by side with a plain static file server in the same run:
 *   - `difang serve` (its own process, demo data, fs storage) answering tile requests, against a
 *     minimal Node static server (its own process: stat + stream, keep-alive) on the very same
 *     tile files; the load comes from this process with keep-alive connections, in rounds that
 *     alternate between the two, so both see the same machine. Goal: difang ≥ 50% of static.
 *   - time to first contentful paint of the search page in Debian's chromium: difang rendering
 *     it, against the same HTML and assets saved and served statically (skipped without chromium).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fmt, machine, medianOf, startPrinting, summarize } from './lib.ts';

const root = join(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? '8');
const concurrency = 8;

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(folder, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** As many requests as `concurrency` keep-alive connections can make in `seconds`; latency of each. */
async function load(base: string, paths: string[], agent: http.Agent): Promise<{ perSecond: number; p50: number; p99: number; errors: number; bytes: number }> {
  const samples: number[] = [];
  let errors = 0;
  let bytes = 0;
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const one = (path: string) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      http
        .get(`${base}${path}`, { agent }, (response) => {
          response.on('data', (chunk: Buffer) => (bytes += chunk.length));
          response.on('end', () => {
            if (response.statusCode === 200) samples.push(performance.now() - t0);
            else errors++;
            resolve();
          });
        })
        .on('error', () => {
          errors++;
          resolve();
        });
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) await one(paths[next++ % paths.length]!);
    }),
  );
  const timings = summarize(samples, performance.now() - started);
  return { perSecond: timings.perSecond, p50: timings.p50Ms, p99: timings.p99Ms, errors, bytes };
}

async function firstPaint(url: string): Promise<number[] | null> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) return null;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const times: number[] = [];
  try {
    for (let i = 0; i < 12; i++) {
      // A fresh context each time: nothing cached, as for a first visit.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      const fcp = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            new PerformanceObserver((list) => {
              const entry = list.getEntriesByName('first-contentful-paint')[0];
              if (entry) resolve(entry.startTime);
            // Node's DOM-less types do not list 'paint'; the browser does.
            }).observe({ type: 'paint' as 'mark', buffered: true });
            setTimeout(() => resolve(NaN), 5000);
          }),
      );
      if (i >= 2) times.push(fcp);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return times.sort((a, b) => a - b);
}

export async function run(): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'difang-bench-tiles-'));
  const children: ChildProcess[] = [];
  try {
    const difang = await startPrinting(process.execPath, [join(root, 'bin', 'difang.js'), 'serve'], { DATA_DIR: work, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', DIFANG_LANG: 'en' }, (out) => out.includes('Demonstration data ready'));
    children.push(difang.child);
    const tileRoot = join(work, 'objects', 'iiif');
    const tiles = (await filesUnder(tileRoot)).filter((file) => file.endsWith('.jpg')).map((file) => `/iiif/3/${file}`);
    const staticRoot = join(work, 'static');
    const stat = await startPrinting(process.execPath, [join(import.meta.dirname, 'static-server.mjs'), staticRoot, tileRoot], {}, () => true);
    children.push(stat.child);

    // Shuffled once (seeded), the same order for both.
    let seed = 20261123;
    for (let i = tiles.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const j = seed % (i + 1);
      [tiles[i], tiles[j]] = [tiles[j]!, tiles[i]!];
    }
    const agent = () => new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const rounds: { difang: Awaited<ReturnType<typeof load>>; static: Awaited<ReturnType<typeof load>> }[] = [];
    await load(difang.url, tiles.slice(0, 200), agent()); // warm both
    await load(stat.url, tiles.slice(0, 200), agent());
    for (let round = 0; round < 3; round++) {
      const d = await load(difang.url, tiles, agent());
      const s = await load(stat.url, tiles, agent());
      rounds.push({ difang: d, static: s });
    }
    const dRps = medianOf(rounds.map((r) => r.difang.perSecond));
    const sRps = medianOf(rounds.map((r) => r.static.perSecond));
    const dP99 = medianOf(rounds.map((r) => r.difang.p99));
    const sP99 = medianOf(rounds.map((r) => r.static.p99));
    const dP50 = medianOf(rounds.map((r) => r.difang.p50));
    const sP50 = medianOf(rounds.map((r) => r.static.p50));
    const errors = rounds.reduce((n, r) => n + r.difang.errors + r.static.errors, 0);
    const meanTile = rounds[0]!.static.bytes / Math.max(1, rounds[0]!.static.perSecond * seconds);

    // First paint of the search page: difang rendering it, and the same bytes served statically.
    const searchPath = `/search?q=${encodeURIComponent('图书馆')}`;
    const html = await (await fetch(`${difang.url}${searchPath}`)).text();
    await mkdir(join(staticRoot, 'static'), { recursive: true });
    await writeFile(join(staticRoot, 'search.html'), html);
    for (const asset of ['app.css', 'app.js']) await writeFile(join(staticRoot, 'static', asset), Buffer.from(await (await fetch(`${difang.url}/static/${asset}`)).arrayBuffer()));
    const thumbnails = [...html.matchAll(/src="(\/thumbnails\/[^"]+)"/g)].map((m) => m[1]!);
    for (const thumbnail of thumbnails) {
      await mkdir(join(staticRoot, 'thumbnails'), { recursive: true });
      await writeFile(join(staticRoot, thumbnail.slice(1)), Buffer.from(await (await fetch(`${difang.url}${thumbnail}`)).arrayBuffer()));
    }
    const difangPaint = await firstPaint(`${difang.url}${searchPath}`);
    const staticPaint = await firstPaint(`${stat.url}/search.html`);

    const lines = [
      `Machine: ${machine()}. ${tiles.length} distinct tiles of the demo pages (mean ${fmt(meanTile / 1024, 1)} KiB), ${concurrency} keep-alive connections from the bench process, ${seconds} s per round, 3 rounds alternating; medians shown. Run: \`npm run bench tiles\` (${new Date().toISOString().slice(0, 10)}).`,
      '',
      '| | tiles / s | p50 ms | p99 ms |',
      '|---|---:|---:|---:|',
      `| static file server (Node, stat + stream) | ${fmt(sRps, 0)} | ${fmt(sP50)} | ${fmt(sP99)} |`,
      `| difang \`GET /iiif/3/…\` | ${fmt(dRps, 0)} | ${fmt(dP50)} | ${fmt(dP99)} |`,
      `| **difang / static** | **${fmt(dRps / sRps)}×** | ${fmt(dP50 / sP50)}× | ${fmt(dP99 / sP99)}× |`,
      '',
      `Goal: difang ≥ 0.5× the static server's throughput — ${dRps / sRps >= 0.5 ? 'met' : 'NOT met'}. Failed requests: ${errors}.`,
    ];
    if (difangPaint && staticPaint) {
      lines.push(
        '',
        `First contentful paint of \`/search?q=图书馆\` (Debian chromium, fresh context each load, median of ${difangPaint.length}): difang ${fmt(medianOf(difangPaint), 0)} ms; the same page saved and served statically ${fmt(medianOf(staticPaint), 0)} ms (${fmt(medianOf(difangPaint) / medianOf(staticPaint))}×).`,
      );
    } else {
      lines.push('', 'First paint: skipped (no chromium at /usr/bin/chromium).');
    }
    return lines.join('\n');
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((done) => setTimeout(done, 1500));
    await rm(work, { recursive: true, force: true });
  }
}
