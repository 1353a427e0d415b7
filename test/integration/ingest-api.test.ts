/** POST /api/ingest on a running difang: administrators only, a job with progress, a report at the end. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/env.ts';
import { silentLogger } from '../../src/logger.ts';
import { startDifang, type RunningDifang } from '../../src/node.ts';
import type { IngestJob } from '../../src/services/ingest-jobs.ts';
import { fixturesDir } from '../helpers/fixtures.ts';
import { meiliConnection, uniqueName } from '../helpers/services.ts';

const token = 'an-administrator-token-for-tests-only';

describe('POST /api/ingest', () => {
  let dataDir: string;
  let difang: RunningDifang;
  const call = (path: string, init: RequestInit = {}, auth = `Bearer ${token}`): Promise<Response> =>
    fetch(`${difang.url}${path}`, { ...init, headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}), ...init.headers } });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'difang-ingest-api-'));
    const { url, key } = meiliConnection();
    difang = await startDifang(
      parseEnv({ DATA_DIR: dataDir, PORT: '0', MEILI_URL: url, MEILI_MASTER_KEY: key, MEILI_INDEX_PREFIX: `${uniqueName('api').replace(/-/g, '_')}_`, ADMIN_TOKEN: token, INGEST_ROOT: fixturesDir, DEMO_DATA: 'off' }),
      silentLogger,
    );
  });
  afterAll(async () => {
    await difang?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses anyone without the administrator token', async () => {
    const anonymous = await call('/api/ingest', { method: 'POST', body: '{"source":"mets-enmap"}' }, '');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    expect((await call('/api/ingest', { method: 'POST', body: '{"source":"mets-enmap"}' }, 'Bearer not-the-token')).status).toBe(401);
    expect((await call('/api/ingest/jobs', {}, '')).status).toBe(401);
  });

  it('refuses sources outside INGEST_ROOT and malformed requests with a clear 400', async () => {
    for (const source of ['../../etc', '/etc', 'demo/../../..']) {
      const response = await call('/api/ingest', { method: 'POST', body: JSON.stringify({ source }) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('INGEST_ROOT');
    }
    expect((await call('/api/ingest', { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await call('/api/ingest', { method: 'POST', body: '{"source":"demo","concurrency":99}' })).status).toBe(400);
  });

  it('runs a job whose progress can be followed, ending with the ingest report', async () => {
    const response = await call('/api/ingest', { method: 'POST', body: JSON.stringify({ source: 'mets-enmap', title: 'demo-ribao' }) });
    expect(response.status).toBe(202);
    const { job } = (await response.json()) as { job: IngestJob };
    expect(response.headers.get('location')).toBe(`/api/ingest/jobs/${job.id}`);
    expect(job).toMatchObject({ status: 'queued', requestedBy: 'admin', request: { source: 'mets-enmap', title: 'demo-ribao' } });
    const seen = new Set<string>();
    let current = job;
    for (let i = 0; i < 600 && current.status !== 'done' && current.status !== 'failed'; i++) {
      await new Promise((done) => setTimeout(done, 50));
      current = ((await (await call(`/api/ingest/jobs/${job.id}`)).json()) as { job: IngestJob }).job;
      seen.add(current.status);
    }
    expect(current.status).toBe('done');
    expect(current.progress).toMatchObject({ done: 2, total: 2, stored: 2, rejected: 0 });
    expect(current.report).toMatchObject({ pages: { stored: 2 }, articlesCreated: 7 });
    const list = (await (await call('/api/ingest/jobs')).json()) as { jobs: IngestJob[] };
    expect(list.jobs[0]!.id).toBe(job.id);
    const search = await fetch(`${difang.url}/healthz`);
    expect(search.status).toBe(200);
  });

  it('reports a job whose source does not exist as failed, with the reason', async () => {
    const response = await call('/api/ingest', { method: 'POST', body: JSON.stringify({ source: 'no-such-batch' }) });
    const { job } = (await response.json()) as { job: IngestJob };
    await difang.ingestJobs.idle();
    const finished = ((await (await call(`/api/ingest/jobs/${job.id}`)).json()) as { job: IngestJob }).job;
    expect(finished.status).toBe('failed');
    expect(finished.error).toContain('no-such-batch');
  });
});
