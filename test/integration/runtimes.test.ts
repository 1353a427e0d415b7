/**
 * The same HTTP suite against difang on Node (`difang serve`) and on Cloudflare's workerd
 * (`wrangler dev`, the Worker from wrangler.toml), both over one S3 store and one Meilisearch
 * that the Node ingest filled: read paths, IIIF, OAI-PMH, exports and a cataloguer's writes with
 * scrypt sign-in. Then the answers that must not depend on the runtime are compared, and the
 * Worker is bundled for deployment with `wrangler deploy --dry-run` (no login needed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scryptPasswords } from '../../src/adapters/node-crypto/scrypt-passwords.ts';
import { S3ObjectStore } from '../../src/adapters/s3/s3-object-store.ts';
import { silentLogger } from '../../src/logger.ts';
import { Accounts } from '../../src/services/accounts.ts';
import { startServe } from '../helpers/difang-cli.ts';
import { readSuite, writeSuite, type Observed, type RuntimeTarget } from '../helpers/http-suite.ts';
import { world, type IngestWorld } from '../helpers/ingest.ts';
import { waitFor } from '../helpers/processes.ts';
import { freePort } from '../helpers/s3-server.ts';
import { meiliConnection, s3Options } from '../helpers/services.ts';
import { ensureWebAssets, startWranglerDev, wranglerBin, wranglerEnv } from '../helpers/wrangler-dev.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
const adminToken = 'runtime-admin-token-0123456789abcdef';
const cataloguer = { username: 'lin', password: 'lin-password-2026' };
const reviewer = { username: 'zhou', password: 'zhou-password-2026' };

describe('the same HTTP suite on every runtime', () => {
  let shared: IngestWorld;
  const observed = { node: new Map() as Observed, workerd: new Map() as Observed };
  const targets = {} as Record<'node' | 'workerd', RuntimeTarget>;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const options = s3Options();
    const store = await S3ObjectStore.connect(options, silentLogger);
    shared = world(store, async () => {});
    await shared.ingest({ source: join(fixtures, 'demo') });
    await shared.ingest({ source: join(fixtures, 'mets-enmap'), title: 'demo-ribao' });
    const accounts = new Accounts(store, scryptPasswords());
    await accounts.createUser({ username: cataloguer.username, displayName: '林编目', roles: ['cataloguer'], password: cataloguer.password });
    await accounts.createUser({ username: reviewer.username, displayName: '周审校', roles: ['reviewer'], password: reviewer.password });
    const meili = meiliConnection();
    const environment = {
      STORAGE: 's3',
      S3_ENDPOINT: options.endpoint!,
      S3_REGION: options.region,
      S3_BUCKET: options.bucket,
      S3_PREFIX: options.prefix ?? '',
      S3_ACCESS_KEY_ID: options.credentials!.accessKeyId,
      S3_SECRET_ACCESS_KEY: options.credentials!.secretAccessKey,
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.key,
      MEILI_INDEX_PREFIX: shared.search.indexUid('articles').replace(/articles$/, ''),
      ADMIN_TOKEN: adminToken,
    };
    // Both serve the pages' scripts and styles from web/dist: built first on a clean checkout.
    ensureWebAssets();
    const [nodeUrl, workerUrl] = [`http://127.0.0.1:${await freePort()}`, `http://127.0.0.1:${await freePort()}`];
    const served = await startServe({ ...environment, PORT: new URL(nodeUrl).port, PUBLIC_BASE_URL: nodeUrl });
    stops.push(async () => {
      served.child.kill('SIGTERM');
      await new Promise((done) => served.child.once('exit', done));
    });
    const worker = await startWranglerDev(Number(new URL(workerUrl).port), { ...environment, PUBLIC_BASE_URL: workerUrl });
    stops.push(async () => {
      if (process.env.DIFANG_TEST_SHOW_WORKER) console.log(worker.output());
      await worker.stop();
    });
    await waitFor(async () => (await fetch(`${nodeUrl}/healthz`).catch(() => null))?.ok === true, 30_000, `difang serve on ${nodeUrl}`);
    for (const [runtime, url] of [['node', nodeUrl], ['workerd', workerUrl]] as const) targets[runtime] = { url, adminToken, cataloguer, reviewer };
  }, 240_000);
  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
    await shared?.close();
  });

  const runtimes = [
    ['on Node (difang serve)', 'node'],
    ['on workerd (wrangler dev)', 'workerd'],
  ] as const;
  for (const [label, runtime] of runtimes) describe(`reads ${label}`, () => readSuite(() => targets[runtime], observed[runtime]));
  it('gives the same answers on both', () => {
    expect([...observed.workerd.keys()].sort()).toEqual([...observed.node.keys()].sort());
    expect(observed.node.size).toBeGreaterThanOrEqual(6);
    for (const [what, answer] of observed.node) expect(observed.workerd.get(what), what).toEqual(answer);
  });

  for (const [label, runtime] of runtimes) describe(`writes ${label}`, () => writeSuite(() => targets[runtime]));

  it('bundles for deployment with wrangler deploy --dry-run, without a login', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'difang-worker-bundle-'));
    try {
      const result = spawnSync(process.execPath, [wranglerBin, 'deploy', '--dry-run', '--outdir', outdir], { cwd: join(import.meta.dirname, '..', '..'), env: wranglerEnv(), encoding: 'utf8', timeout: 120_000 });
      const output = result.stdout + result.stderr;
      expect(result.status, output).toBe(0);
      expect(output).toContain('--dry-run: exiting now.');
      expect((await stat(join(outdir, 'worker.js'))).size).toBeGreaterThan(100_000);
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  }, 150_000);
});
