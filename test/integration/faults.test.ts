/**
 * Faults while difang works, on loopback with the real services: Meilisearch killed under load
 * (search answers a clean 503 with Retry-After, images and stored pages keep serving, everything
 * recovers when it returns, with no restart); the S3 server killed during an ingest (the ingest
 * stops with a clear error; run again afterwards, it completes with nothing duplicated); one record
 * corrupted in storage (that record says so, the others serve, `difang verify` names it).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedMeilisearch } from '../../src/adapters/meilisearch/embedded-meilisearch.ts';
import { S3ObjectStore } from '../../src/adapters/s3/s3-object-store.ts';
import { parseEnv } from '../../src/env.ts';
import { silentLogger } from '../../src/logger.ts';
import { startDifang, type RunningDifang } from '../../src/node.ts';
import { ingestBatch } from '../../indexer/pipeline/ingest-session.ts';
import { verifyStore } from '../../indexer/maintenance/verify-store.ts';
import { cliEnv, difangBin, runDifang } from '../helpers/difang-cli.ts';
import { documentIds, snapshot } from '../helpers/ingest.ts';
import { waitFor } from '../helpers/processes.ts';
import { freePort, startS3Server } from '../helpers/s3-server.ts';
import { meiliConnection, testSearchIndex, uniqueName } from '../helpers/services.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
const page1 = 'demo-ribao_2023-05-04_ed-1_seq-1';
const demoPages = 10;

describe('Meilisearch killed under load, and a corrupt record', () => {
  let dataDir: string;
  let meili: EmbeddedMeilisearch;
  let difang: RunningDifang;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'difang-faults-'));
    meili = await EmbeddedMeilisearch.start({ dataDir: join(dataDir, 'meili'), logger: silentLogger, supervise: false });
    const config = parseEnv({ DATA_DIR: dataDir, PORT: '0', MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey });
    difang = await startDifang(config, silentLogger);
    const context = { store: difang.store, search: difang.search, logger: silentLogger, publicBaseUrl: difang.url, config };
    await ingestBatch(context, { source: join(fixtures, 'demo'), concurrency: 2 });
    await ingestBatch(context, { source: join(fixtures, 'mets-enmap'), title: 'demo-ribao', concurrency: 2 });
  }, 180_000);
  afterAll(async () => {
    await difang?.close();
    await meili?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers search with a clean 503 and Retry-After while Meilisearch is gone, keeps serving images and pages, and recovers', async () => {
    const paths = {
      search: `/api/search?q=${encodeURIComponent('图书馆')}`,
      tile: `/iiif/3/${page1}/0,0,512,512/512,512/0/default.jpg`,
      info: `/iiif/3/${page1}/info.json`,
      thumbnail: `/thumbnails/${page1}.jpg`,
      manifest: '/iiif/3/manifests/demo-ribao_2023-05-04_ed-1',
      article: '/api/articles/demo-ribao_2023-05-06_ed-1_art-2',
      viewer: '/titles/demo-ribao/2023-05-06/ed-1/seq-1',
      articlePage: '/articles/demo-ribao_2023-05-06_ed-1_art-2',
    };
    type Seen = { what: keyof typeof paths; status: number; retryAfter: string | null; code?: string; phase: 'up' | 'down' | 'restarting' };
    const seen: Seen[] = [];
    let phase: Seen['phase'] = 'up';
    let running = true;
    const load = async () => {
      while (running) {
        for (const what of Object.keys(paths) as (keyof typeof paths)[]) {
          const at = phase;
          const response = await fetch(`${difang.url}${paths[what]}`);
          const body = response.headers.get('Content-Type')?.includes('json') && response.status >= 400 ? ((await response.json()) as { error: { code: string } }) : (await response.arrayBuffer(), null);
          seen.push({ what, status: response.status, retryAfter: response.headers.get('Retry-After'), phase: at, ...(body ? { code: body.error.code } : {}) });
        }
      }
    };
    const manifestFromIndex = await (await fetch(`${difang.url}${paths.manifest}`)).json();
    const workers = Array.from({ length: 4 }, load);
    await new Promise((done) => setTimeout(done, 500));

    const port = meili.port;
    const key = meili.masterKey;
    process.kill(meili.pid!, 'SIGKILL');
    await new Promise((done) => meili.once('exit', done));
    await meili.stop();
    phase = 'down';
    await new Promise((done) => setTimeout(done, 1500));
    // Without search the issue is read from its records, to the same manifest.
    expect(await (await fetch(`${difang.url}${paths.manifest}`)).json()).toEqual(manifestFromIndex);
    const metrics = await (await fetch(`${difang.url}/metrics`)).text();
    expect(metrics).toContain('difang_up{dependency="search",kind="meilisearch"} 0');

    phase = 'restarting';
    meili = await EmbeddedMeilisearch.start({ dataDir: join(dataDir, 'meili'), logger: silentLogger, supervise: false, port, masterKey: key });
    await waitFor(async () => (await fetch(`${difang.url}${paths.search}`)).status === 200, 20_000, 'search to answer again');
    await new Promise((done) => setTimeout(done, 500));
    running = false;
    await Promise.all(workers);

    const during = seen.filter((s) => s.phase === 'down');
    expect(during.length).toBeGreaterThan(20);
    // Never a 500: search says it is unavailable and when to come back …
    expect(seen.filter((s) => s.status >= 500 && s.status !== 503)).toEqual([]);
    const searchDown = during.filter((s) => s.what === 'search');
    expect(searchDown.length).toBeGreaterThan(0);
    for (const s of searchDown) expect(s).toMatchObject({ status: 503, code: 'search_unavailable', retryAfter: '5' });
    // … while everything read from storage keeps serving.
    for (const what of ['tile', 'info', 'thumbnail', 'manifest', 'article', 'viewer', 'articlePage'] as const) {
      const answers = during.filter((s) => s.what === what);
      expect(answers.length, what).toBeGreaterThan(0);
      expect(answers.every((s) => s.status === 200), `${what}: ${JSON.stringify(answers.filter((s) => s.status !== 200).slice(0, 3))}`).toBe(true);
    }
    const lastSearch = seen.filter((s) => s.what === 'search').at(-1)!;
    expect(lastSearch.status).toBe(200);
  }, 90_000);

  it('answers a corrupt record with an error that names it, serves the others, and verify names it', async () => {
    const damaged = 'records/demo-ribao/2023-05-06/ed-1/art-3/article.json';
    await writeFile(join(dataDir, 'objects', damaged), '{"version": 3, "title": "半条记');
    const api = await fetch(`${difang.url}/api/articles/demo-ribao_2023-05-06_ed-1_art-3`);
    expect(api.status).toBe(500);
    const error = ((await api.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('record_corrupt');
    expect(error.message).toContain(damaged);
    expect(error.message).toContain('difang verify');
    const page = await fetch(`${difang.url}/articles/demo-ribao_2023-05-06_ed-1_art-3`);
    expect(page.status).toBe(500);
    expect(await page.text()).toContain('已损坏');
    expect((await fetch(`${difang.url}/api/articles/demo-ribao_2023-05-06_ed-1_art-2`)).status).toBe(200);
    expect((await fetch(`${difang.url}/articles/demo-ribao_2023-05-06_ed-1_art-1`)).status).toBe(200);
    expect((await fetch(`${difang.url}/api/search?q=${encodeURIComponent('图书馆')}`)).status).toBe(200);
    expect((await fetch(`${difang.url}/titles/demo-ribao/2023-05-06/ed-1/seq-1`)).status).toBe(200);
    const report = await verifyStore(difang.store);
    expect(report.problems.map((p) => p.key)).toEqual([damaged]);
  });
});

describe('the S3 server killed during an ingest', () => {
  it('stops the ingest with a clear error; run again once S3 is back, it completes with nothing duplicated', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'difang-faults-s3-'));
    const port = await freePort();
    let s3 = await startS3Server({ directory, port, bucket: 'faults' });
    const { search, prefix, close } = testSearchIndex();
    const meili = meiliConnection();
    const env = {
      STORAGE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: 'faults',
      S3_PREFIX: `${uniqueName('f')}/`,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.key,
      MEILI_INDEX_PREFIX: prefix,
    };
    try {
      const observer = await S3ObjectStore.connect({ endpoint: s3.endpoint, region: 'us-east-1', bucket: 'faults', prefix: env.S3_PREFIX, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
      const child = spawn(process.execPath, [difangBin, 'ingest', join(fixtures, 'demo'), '--concurrency', '1'], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      // Kill S3 once the first page is stored and before the batch is done.
      await waitFor(async () => (await observer.list('records/demo-ribao/2023-05-04/ed-1/seq-1/').catch(() => ({ items: [] }))).items.length > 0, 60_000, 'the first page to be stored');
      s3.process.kill('SIGKILL');
      await new Promise((done) => s3.process.once('exit', done));
      const code = await exited;
      expect(code, output).not.toBe(0);
      expect(output).toMatch(/存储|storage/i);
      expect(output).toContain(`127.0.0.1:${port}`);

      s3 = await startS3Server({ directory, port, bucket: 'faults' });
      const again = await runDifang(['ingest', join(fixtures, 'demo')], env, 180_000);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      const stored = await snapshot(observer, 'records/');
      const pageRecords = [...stored.keys()].filter((key) => key.endsWith('/page.json'));
      // fixtures/demo holds 10 pages: 4 + 3 newspaper pages and a 3-page PDF volume (fixtures/README.md).
      expect(pageRecords.length).toBe(demoPages);
      expect(await documentIds(search, 'pages')).toHaveLength(demoPages);
      // A third run finds everything in place.
      const third = await runDifang(['ingest', join(fixtures, 'demo')], env, 180_000);
      expect(third.code).toBe(0);
      expect(await snapshot(observer, 'records/')).toEqual(stored);
    } finally {
      close();
      await s3.stop();
      await rm(directory, { recursive: true, force: true });
    }
  }, 300_000);
});
