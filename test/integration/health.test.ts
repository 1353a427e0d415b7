/**
 * /healthz on a running difang (real server, real Meilisearch, folder storage): storage and
 * search reported apart, 503 while Meilisearch is down, and recovery without a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedMeilisearch } from '../../src/adapters/meilisearch/embedded-meilisearch.ts';
import { parseEnv } from '../../src/env.ts';
import { silentLogger } from '../../src/logger.ts';
import { startDifang, type RunningDifang } from '../../src/node.ts';
import { waitFor } from '../helpers/processes.ts';

interface Health {
  status: string;
  storage: { status: string; kind: string };
  search: { status: string; kind: string; reason?: string };
}

const adminToken = 'a-health-test-administrator-token';

/** /healthz as staff see it (with why a check failed), or as anyone does. */
async function health(url: string, asStaff = true): Promise<{ status: number; body: Health }> {
  const response = await fetch(`${url}/healthz`, asStaff ? { headers: { Authorization: `Bearer ${adminToken}` } } : {});
  return { status: response.status, body: (await response.json()) as Health };
}

describe('health with an external Meilisearch that goes away and comes back', () => {
  let dataDir: string;
  let meili: EmbeddedMeilisearch;
  let difang: RunningDifang;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'difang-health-'));
    meili = await EmbeddedMeilisearch.start({ dataDir: join(dataDir, 'external-meili'), logger: silentLogger, supervise: false });
    const config = parseEnv({ DATA_DIR: dataDir, PORT: '0', MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, ADMIN_TOKEN: adminToken });
    difang = await startDifang(config, silentLogger);
  });
  afterAll(async () => {
    await difang?.close();
    await meili?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reports both up', async () => {
    const { status, body } = await health(difang.url);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', storage: { status: 'up', kind: 'fs' }, search: { status: 'up', kind: 'meilisearch' } });
  });

  it('answers 503 with search down and storage up while Meilisearch is killed, and recovers when it returns', async () => {
    const port = meili.port;
    const key = meili.masterKey;
    await difang.search.ensureIndex(difang.search.indexUid('probe'), { primaryKey: 'id' });
    process.kill(meili.pid!, 'SIGKILL');
    await new Promise((done) => meili.once('exit', done));
    await meili.stop();

    const down = await health(difang.url);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('degraded');
    expect(down.body.storage.status).toBe('up');
    expect(down.body.search.status).toBe('down');
    expect(down.body.search.reason).toMatch(/unreachable|ECONNREFUSED/);
    // Anyone learns that search is down, not where it lives or why (issue 22).
    const anonymous = await health(difang.url, false);
    expect(anonymous.status).toBe(503);
    expect(JSON.stringify(anonymous.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|unreachable|difang-health-/);
    expect(anonymous.body.search).toMatchObject({ status: 'down', kind: 'meilisearch' });

    meili = await EmbeddedMeilisearch.start({ dataDir: join(dataDir, 'external-meili'), logger: silentLogger, supervise: false, port, masterKey: key });
    const up = await health(difang.url);
    expect(up.status).toBe(200);
    expect(up.body.search.status).toBe('up');
    // The same SearchIndex (and its pooled connections) works again.
    const result = await difang.search.search(difang.search.indexUid('probe'), { q: '' });
    expect(result.totalHits).toBe(0);
  });
});

describe('health with the bundled Meilisearch, which difang restarts itself', () => {
  it('goes 503 when the bundled Meilisearch dies and back to 200 once difang has restarted it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'difang-health-embedded-'));
    const difang = await startDifang(parseEnv({ DATA_DIR: dataDir, PORT: '0', MEILI_MAX_INDEXING_MEMORY: '256 MiB' }), silentLogger);
    try {
      const embedded = difang.embeddedSearch!;
      expect((await health(difang.url)).status).toBe(200);
      const exited = new Promise((done) => embedded.once('exit', done));
      process.kill(embedded.pid!, 'SIGKILL');
      await exited;
      expect((await health(difang.url)).status).toBe(503);
      await waitFor(async () => (await health(difang.url)).status === 200, 20_000, 'search to come back');
      expect((await health(difang.url)).body.search.status).toBe('up');
    } finally {
      await difang.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
