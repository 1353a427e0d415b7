/**
 * Load on a running difang, with autocannon on 127.0.0.1, each beside its baseline in the same run:
 *   - search: `GET /api/search` against the same queries sent straight to Meilisearch
 *     (`POST /multi-search` with what difang asks for, the master key);
 *   - tiles: `GET /iiif/3/…` against a plain static file server on the same tile files;
 *   - OAI-PMH: Identify, ListRecords, ListIdentifiers, GetRecord against the same answers saved
 *     to files and served statically (what a harvester would cost if difang were free).
 * Then the tiles again while something else presses on the server, against tiles alone (issue 22
 * asks that they stay within 2× their unloaded p99):
 *   - a sign-in flood: 50 connections posting made-up usernames, each from another address
 *     (TRUST_PROXY, X-Forwarded-For), so no per-client limit stops it and every one costs a check;
 *   - composed images: 50 connections asking for whole pages at full size (`full/max`).
 * The pressure comes from a process of its own (bench/press.ts).
 * The archive: a city daily of 27,000 article records (bench/city-daily.ts) plus the demo pages
 * with real tiles, in folder storage and a Meilisearch of its own; `difang serve` runs as its own
 * process. Error rate counts non-2xx answers, socket errors and timeouts.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import autocannon from 'autocannon';
import { FsObjectStore } from '../src/adapters/fs/fs-object-store.ts';
import { EmbeddedMeilisearch } from '../src/adapters/meilisearch/embedded-meilisearch.ts';
import { MeilisearchIndex } from '../src/adapters/meilisearch/meilisearch-index.ts';
import { silentLogger } from '../src/logger.ts';
import { searchParamsSchema } from '../src/domain/search-request.ts';
import { plannedQueries } from '../src/services/search-service.ts';
import { ingestBatch } from '../indexer/pipeline/ingest-session.ts';
import { buildCityDaily } from './city-daily.ts';
import { fmt, machine, startPrinting } from './lib.ts';

const root = join(import.meta.dirname, '..');
const scale = Number(process.env.BENCH_SCALE ?? '1');
const seconds = Number(process.env.BENCH_SECONDS ?? '10');
const connections = 10;
const queries = ['图书馆', '阅读推广', '清远市', '乡村阅读 绘本', '圖書館'];

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  errorRate: number;
  requests: number;
}

async function cannon(url: string, requests: autocannon.Request[], clients = connections, duration = seconds): Promise<Figures> {
  const result = await autocannon({ url, connections: clients, duration, requests, timeout: 10 });
  const total = result.requests.total;
  const failed = result.non2xx + result.errors + result.timeouts;
  return { perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errorRate: total > 0 ? failed / total : 1, requests: total };
}

export async function run(): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'difang-bench-load-'));
  const children: ChildProcess[] = [];
  const meili = await EmbeddedMeilisearch.start({ dataDir: join(work, 'meili'), logger: silentLogger, supervise: false, maxIndexingMemory: '1 GiB' });
  try {
    const store = await FsObjectStore.open(join(work, 'objects'));
    const search = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey });
    const total = Math.round(27_000 * scale);
    await buildCityDaily(store, search, total);
    const context = { store, search, logger: silentLogger, publicBaseUrl: 'http://127.0.0.1', config: { s3Connection: { region: 'us-east-1', forcePathStyle: true } } };
    await ingestBatch(context, { source: join(root, 'fixtures', 'demo'), concurrency: 2 });

    const difang = await startPrinting(process.execPath, [join(root, 'bin', 'difang.js'), 'serve'], { DATA_DIR: work, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error', DIFANG_LANG: 'en', TRUST_PROXY: 'true', MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey }, (out) => out.includes('Press Ctrl-C'));
    children.push(difang.child);
    const site = join(work, 'static-site');
    await mkdir(site, { recursive: true });
    const stat = await startPrinting(process.execPath, [join(import.meta.dirname, 'static-server.mjs'), site, join(work, 'objects', 'iiif')], {}, () => true);
    children.push(stat.child);

    // Search: difang's API, and the same request difang makes, sent to Meilisearch directly.
    const searchPaths = queries.map((q) => `/api/search?q=${encodeURIComponent(q)}`);
    const uids = { articles: search.indexUid('articles'), pages: search.indexUid('pages') };
    const rawBodies = queries.map((q) => JSON.stringify({ queries: plannedQueries(searchParamsSchema.parse({ q }), new Set(), uids).queries }));

    // Tiles: every stored tile of the demo pages, in one shuffled order for both.
    const tileRoot = join(work, 'objects', 'iiif');
    const tiles = (await readdir(tileRoot, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith('.jpg'))
      .map((entry) => `/iiif/3/${relative(tileRoot, join(entry.parentPath, entry.name)).split(sep).join('/')}`)
      .sort((a, b) => (hash(a) < hash(b) ? -1 : 1));

    // OAI-PMH: the requests a harvester makes, and the same answers saved as files.
    const first = await (await fetch(`${difang.url}/oai?verb=ListIdentifiers&metadataPrefix=oai_dc`)).text();
    const identifiers = [...first.matchAll(/<identifier>([^<]+)<\/identifier>/g)].map((m) => m[1]!).slice(0, 20);
    const token = /<resumptionToken[^>]*>([^<]+)</.exec(first)?.[1];
    const oaiPaths = [
      '/oai?verb=Identify',
      '/oai?verb=ListRecords&metadataPrefix=oai_dc',
      '/oai?verb=ListRecords&metadataPrefix=mods',
      ...(token ? [`/oai?verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`] : []),
      ...identifiers.map((id) => `/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(id)}`),
    ];
    const savedOai: string[] = [];
    for (const [i, path] of oaiPaths.entries()) {
      await writeFile(join(site, `oai-${i}.xml`), await (await fetch(`${difang.url}${path}`)).text());
      savedOai.push(`/oai-${i}.xml`);
    }

    const get = (paths: string[]) => paths.map((path) => ({ method: 'GET' as const, path }));
    const pairs: { name: string; baseline: string; difang: () => Promise<Figures>; base: () => Promise<Figures> }[] = [
      {
        name: `search (${queries.length} queries over ${total.toLocaleString('en')} articles)`,
        baseline: 'Meilisearch `POST /multi-search`, the same queries',
        difang: () => cannon(difang.url, get(searchPaths)),
        base: () =>
          cannon(
            meili.url,
            rawBodies.map((body) => ({ method: 'POST' as const, path: '/multi-search', body, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${meili.masterKey}` } })),
          ),
      },
      { name: `IIIF tiles (${tiles.length} distinct)`, baseline: 'static file server', difang: () => cannon(difang.url, get(tiles)), base: () => cannon(stat.url, get(tiles)) },
      { name: `OAI-PMH (${oaiPaths.length} harvester requests)`, baseline: 'the same answers as static files', difang: () => cannon(difang.url, get(oaiPaths)), base: () => cannon(stat.url, get(savedOai)) },
    ];

    const rows: string[] = [];
    for (const pair of pairs) {
      await pair.difang(); // warm
      const ours = await pair.difang();
      const theirs = await pair.base();
      rows.push(
        `| ${pair.name} | difang | ${fmt(ours.perSecond, 0)} | ${fmt(ours.p50, 0)} | ${fmt(ours.p99, 0)} | ${fmt(ours.errorRate * 100, 2)}% | ${ours.requests.toLocaleString('en')} |`,
        `| | ${pair.baseline} | ${fmt(theirs.perSecond, 0)} | ${fmt(theirs.p50, 0)} | ${fmt(theirs.p99, 0)} | ${fmt(theirs.errorRate * 100, 2)}% | ${theirs.requests.toLocaleString('en')} |`,
        `| | **difang / baseline** | **${fmt(ours.perSecond / theirs.perSecond)}×** | ${fmt(ours.p50 / Math.max(theirs.p50, 1))}× | ${fmt(ours.p99 / Math.max(theirs.p99, 1))}× | | |`,
      );
    }
    // Tiles while the server is pressed by something else (from a process of its own), against tiles alone.
    const pages = [...new Set(tiles.map((path) => path.split('/')[3]!))];
    const pressures: { name: string; args: string[] }[] = [
      // The cheapest crowd there is, for scale: 50 more connections on the stored tiles themselves.
      { name: '50 more connections on the stored tiles (the cheapest crowd, for scale)', args: ['paths', ...tiles] },
      { name: 'a sign-in flood (50 connections, made-up names, each from another address)', args: ['signin-flood'] },
      { name: `composed whole pages (50 connections, full/max of ${pages.length} pages)`, args: ['paths', ...pages.map((page) => `/iiif/3/${page}/full/max/0/default.jpg`)] },
    ];
    const press = (args: string[]): Promise<Figures> =>
      new Promise((resolve, reject) =>
        execFile(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'press.ts'), difang.url, args[0]!, '50', String(seconds), ...args.slice(1)], { maxBuffer: 1 << 20 }, (error, stdout) =>
          error ? reject(error) : resolve(JSON.parse(stdout) as Figures),
        ),
      );
    const alone = await cannon(difang.url, get(tiles), connections, Math.max(1, seconds - 3));
    const measured: { name: string; tiles: Figures; pressure: Figures }[] = [];
    for (const pressure of pressures) {
      const pressing = press(pressure.args);
      // The pressing process starts in about a second; the tiles are measured while it runs.
      await new Promise((started) => setTimeout(started, 1500));
      const tilesNow = await cannon(difang.url, get(tiles), connections, Math.max(1, seconds - 3));
      measured.push({ name: pressure.name, tiles: tilesNow, pressure: await pressing });
    }
    const crowd = measured.find((m) => m.name.startsWith('50 more connections'))!;
    const pressed: string[] = [`| tiles alone | ${fmt(alone.perSecond, 0)} | ${fmt(alone.p50, 0)} | ${fmt(alone.p99, 0)} | | | | |`];
    for (const { name, tiles: now, pressure } of measured) {
      const ratio = now.p99 / Math.max(alone.p99, 1);
      const versusCrowd = now === crowd.tiles ? '' : `${fmt(now.p99 / Math.max(crowd.tiles.p99, 1))}×`;
      pressed.push(
        `| tiles during ${name} | ${fmt(now.perSecond, 0)} | ${fmt(now.p50, 0)} | ${fmt(now.p99, 0)} | **${fmt(ratio)}×** ${ratio <= 2 ? '✓' : '✗ over 2×'} | ${versusCrowd} | ${fmt(pressure.perSecond, 0)} req/s, p99 ${fmt(pressure.p99, 0)} ms | ${fmt(pressure.errorRate * 100, 1)}% |`,
      );
    }
    return [
      `Machine: ${machine()}. autocannon ${connections} connections × ${seconds} s per run on 127.0.0.1, load generated in the bench process; \`difang serve\` in its own process with folder storage and its own Meilisearch 1.21; one warm-up run of difang, then difang and the baseline one after the other. Latencies in ms (autocannon reports whole milliseconds). Run: \`npm run bench load\` (${new Date().toISOString().slice(0, 10)}).`,
      '',
      '| load | server | req/s | p50 ms | p99 ms | errors | requests |',
      '|---|---|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      'Stored tiles (10 connections) alone, then while something else presses on the server from a process of its own; the goal is a tile p99 within 2× of the unloaded one. The first pressure is the cheapest crowd there is — 50 more connections on the stored tiles themselves — for scale: on a machine this size no server keeps its p99 under any crowd, and the last column but two says what each pressure costs beside it.',
      '',
      '| tiles | req/s | p50 ms | p99 ms | p99 vs alone | p99 vs the cheapest crowd | the pressure | its non-2xx answers (401 wrong password, 429 slowed, 503 busy) |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...pressed,
    ].join('\n');
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((done) => setTimeout(done, 1500));
    await meili.stop();
    await rm(work, { recursive: true, force: true });
  }
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
