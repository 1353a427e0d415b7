/**
 * The difang command as people run it: bad configuration gives one clear message per problem
 * (never a stack trace), and `difang serve` starts, answers, and stops without leaving anything.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { isAlive, processesMentioning, waitFor } from '../helpers/processes.ts';
import { runDifang, startServe } from '../helpers/difang-cli.ts';

const noStackTrace = /\n\s+at /;

describe('difang serve refuses bad configuration with one clear message each', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'difang-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const cases: [string, () => Record<string, string>, RegExp][] = [
    ['a port that is not a number', () => ({ PORT: 'abc' }), /PORT: 须为 0–65535 的整数（当前值 "abc"）/],
    ['a malformed Meilisearch URL', () => ({ MEILI_URL: 'localhost:7700' }), /MEILI_URL: 须为以 http:\/\/ 或 https:\/\/ 开头的完整网址/],
    ['S3 storage without a bucket', () => ({ STORAGE: 's3' }), /S3_BUCKET: STORAGE=s3 时必须设置/],
    [
      'a bucket that does not exist',
      () => ({ STORAGE: 's3', S3_ENDPOINT: inject('s3').endpoint, S3_BUCKET: 'no-such-bucket', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' }),
      /S3_BUCKET: 存储桶不存在：bucket "no-such-bucket" does not exist/,
    ],
    [
      'an unreachable S3 endpoint',
      () => ({ STORAGE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9', S3_BUCKET: 'difang', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' }),
      /S3_ENDPOINT: 无法连接存储服务：cannot reach http:\/\/127\.0\.0\.1:9\/difang/,
    ],
    ['an unreachable Meilisearch', () => ({ MEILI_URL: 'http://127.0.0.1:9' }), /MEILI_URL: 无法连接 http:\/\/127\.0\.0\.1:9/],
    ['a Meilisearch key it refuses', () => ({ MEILI_URL: inject('meiliUrl'), MEILI_MASTER_KEY: 'definitely-not-the-key' }), /MEILI_MASTER_KEY: Meilisearch 拒绝了此密钥/],
  ];

  it.each(cases)('%s', async (_what, env, expected) => {
    const { code, stderr } = await runDifang(['serve'], { DATA_DIR: dataDir, PORT: '0', ...env() });
    expect(code).toBe(78);
    expect(stderr).toContain('difang 无法启动：配置需要修改');
    expect(stderr).toMatch(expected);
    expect(stderr).not.toMatch(noStackTrace);
  });

  it('speaks English when asked to', async () => {
    const { code, stderr } = await runDifang(['serve'], { PORT: '99999', DIFANG_LANG: 'en' });
    expect(code).toBe(78);
    expect(stderr).toContain('PORT: must be an integer from 0 to 65535 (got "99999")');
  });

  it('names a port already in use', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((done) => blocker.once('listening', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = await runDifang(['serve'], { DATA_DIR: dataDir, PORT: String(port) });
      expect(code).toBe(78);
      expect(stderr).toContain(`PORT: 端口 ${port} 已被占用`);
      expect(stderr).not.toMatch(noStackTrace);
      // The bundled Meilisearch it had started for this attempt is stopped again.
      expect(await processesMentioning(join(dataDir, 'meilisearch'))).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});

describe('difang serve lifecycle', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('prints its URL, serves /healthz, and on %s stops with its Meilisearch', async (signal) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'difang-serve-'));
    try {
      const serve = await startServe({ DATA_DIR: dataDir, PORT: '0', MEILI_MAX_INDEXING_MEMORY: '256 MiB', DEMO_DATA: 'off' });
      expect(serve.output()).toMatch(/地方 difang .* 已启动：http:\/\/127\.0\.0\.1:\d+/);
      const healthz = await fetch(`${serve.url}/healthz`);
      expect(healthz.status).toBe(200);
      expect(await healthz.json()).toMatchObject({ storage: { status: 'up', kind: 'fs' }, search: { status: 'up' } });
      const meiliPid = (JSON.parse(await readFile(join(dataDir, 'meilisearch', 'connection.json'), 'utf8')) as { pid: number }).pid;
      expect(await isAlive(meiliPid)).toBe(true);

      const exited = new Promise<number | null>((resolve) => serve.child.once('exit', resolve));
      serve.child.kill(signal);
      expect(await exited).toBe(0);
      await waitFor(async () => !(await isAlive(meiliPid)), 5000, 'Meilisearch to stop');
      expect(await processesMentioning(dataDir)).toEqual([]);
      expect(serve.output()).toContain('"event":"server.stopped"');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('lets a request in flight finish before it stops', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'difang-serve-'));
    try {
      const serve = await startServe({ DATA_DIR: dataDir, PORT: '0', DEMO_DATA: 'off' });
      // Hold a keep-alive connection open with a request whose body has not finished arriving.
      const { request } = await import('node:http');
      const url = new URL(serve.url);
      const response = new Promise<number>((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, path: '/healthz', method: 'GET', headers: { 'content-length': '5' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.write('ab');
        setTimeout(() => req.end('cde'), 500);
      });
      await new Promise((done) => setTimeout(done, 150));
      const exited = new Promise<number | null>((resolve) => serve.child.once('exit', resolve));
      serve.child.kill('SIGTERM');
      expect(await response).toBe(200);
      expect(await exited).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('difang serve on a fresh data folder', () => {
  it('ingests the demonstration data once, so the first visit finds papers to read', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'difang-demo-'));
    try {
      const serve = await startServe({ DATA_DIR: dataDir, PORT: '0' });
      await waitFor(async () => serve.output().includes('演示数据已导入'), 60_000, 'the demonstration data');
      expect(serve.output()).toContain('演示数据已导入：12 页、7 篇。');
      // Three of them tagged from the suggestions and published: entity pages and OAI-PMH have something to show (issue 20).
      await waitFor(async () => serve.output().includes('其中 3 篇按标引建议著录并发布，另有一个演示专题'), 30_000, 'the published demonstration articles');
      const placesTotal = async () => ((await (await fetch(`${serve.url}/api/places`)).json()) as { total: number }).total;
      await waitFor(async () => (await placesTotal()) > 0, 10_000, 'places of the published demonstration articles');
      const identifiers = async () => ((await (await fetch(`${serve.url}/oai?verb=ListIdentifiers&metadataPrefix=oai_dc`)).text()).match(/<identifier>/g) ?? []).length;
      await waitFor(async () => (await identifiers()) === 3, 10_000, 'three OAI-PMH records');
      expect(await identifiers()).toBe(3);
      const topic = await (await fetch(`${serve.url}/topics/demo-libraries`)).text();
      expect((topic.match(/href="\/articles\/demo-ribao_2023-05-06_ed-1_art-[567]"/g) ?? []).length).toBeGreaterThanOrEqual(3);
      const exited = new Promise<number | null>((resolve) => serve.child.once('exit', resolve));
      serve.child.kill('SIGINT');
      expect(await exited).toBe(0);
      // A second start finds records and leaves them alone.
      const again = await startServe({ DATA_DIR: dataDir, PORT: '0' });
      await new Promise((done) => setTimeout(done, 1500));
      expect(again.output()).not.toContain('演示数据');
      const stopped = new Promise<number | null>((resolve) => again.child.once('exit', resolve));
      again.child.kill('SIGTERM');
      expect(await stopped).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('difang serve stopped during its first demonstration import', () => {
  it('says why it waits, stops after the issues under way (or at once at a second Ctrl-C), and the next start finishes the import', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'difang-demo-stop-'));
    try {
      const serve = await startServe({ DATA_DIR: dataDir, PORT: '0' });
      await waitFor(async () => serve.output().includes('正在导入演示数据'), 30_000, 'the demonstration import to start');
      let exitCode: number | null | undefined;
      const exited = new Promise<number | null>((resolve) => serve.child.once('exit', (code) => resolve((exitCode = code))));
      serve.child.kill('SIGINT');
      await waitFor(async () => serve.output().includes('正在停止：等待正在导入的演示页面完成'), 5000, 'the stopping message');
      // It stops once the issues under way are done; a second Ctrl-C, if it is still at it, quits at once.
      if (exitCode === undefined) serve.child.kill('SIGINT');
      expect([0, 130]).toContain(await exited);
      expect(serve.output()).not.toContain('演示数据已导入');

      const again = await startServe({ DATA_DIR: dataDir, PORT: '0' });
      await waitFor(async () => again.output().includes('演示数据已导入'), 60_000, 'the demonstration data');
      expect(again.output()).toContain('上次演示数据未导入完：正在继续');
      expect(again.output()).toContain('演示数据已导入：12 页、7 篇。');
      const stopped = new Promise<number | null>((resolve) => again.child.once('exit', resolve));
      again.child.kill('SIGTERM');
      expect(await stopped).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('difang help', () => {
  it('lists the commands in Chinese by default', async () => {
    const { code, stdout } = await runDifang(['help'], {});
    expect(code).toBe(0);
    expect(stdout).toContain('用法：difang <命令> [选项]');
    expect(stdout).toContain('serve');
  });

  it('answers --help for every command with what it does and how to call it, running nothing', async () => {
    for (const command of ['serve', 'ingest', 'export', 'vocab', 'user', 'title', 'reindex', 'verify']) {
      const { code, stdout, stderr } = await runDifang([command, '--help'], { DATA_DIR: '/nonexistent/difang-help' });
      expect(code, `${command}: ${stderr}`).toBe(0);
      expect(stdout, command).toContain(`用法: difang ${command}`);
    }
    expect((await runDifang(['ingest', '-h'], { DIFANG_LANG: 'en' })).stdout).toContain('usage: difang ingest');
  });

  it('refuses an unknown command with a non-zero exit', async () => {
    const { code, stderr } = await runDifang(['frobnicate'], {});
    expect(code).toBe(2);
    expect(stderr).toContain('未知命令 "frobnicate"');
  });
});
