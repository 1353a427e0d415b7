/** Routing, error rendering and health reporting of createApp, in process. */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createApp, maxRequestBytes } from '../../src/app.ts';
import { AppError, SearchError, StorageError } from '../../src/errors.ts';
import { stubDeps } from '../helpers/stub-deps.ts';

const staff = { Authorization: 'Bearer test-admin-token-of-enough-length' };

describe('createApp', () => {
  it('reports each dependency separately on /healthz, 200 when both are up', async () => {
    const response = await createApp(stubDeps()).request('/healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({
      status: 'ok',
      version: '0.0.0-test',
      storage: { status: 'up', kind: 'stub-store' },
      search: { status: 'up', kind: 'stub-search' },
    });
  });

  it('answers 503 naming the dependency that is down; where it is and why only to staff', async () => {
    const app = createApp(stubDeps({ searchHealth: { up: false, detail: 'http://127.0.0.1:7700', latencyMs: 1, reason: 'ECONNREFUSED' } }));
    const response = await app.request('/healthz', { headers: staff });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'degraded', storage: { status: 'up' }, search: { status: 'down', reason: 'ECONNREFUSED', detail: 'http://127.0.0.1:7700' } });
    const anonymous = await app.request('/healthz');
    expect(anonymous.status).toBe(503);
    const body = await anonymous.json();
    expect(body).toMatchObject({ status: 'degraded', search: { status: 'down', kind: 'stub-search' } });
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it('refuses a request body larger than any difang takes with 413, declared or streamed (issue 22)', async () => {
    const app = createApp(stubDeps());
    const declared = await app.request('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: new Uint8Array(maxRequestBytes + 1) });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 3 * maxRequestBytes) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const streamed = await app.request('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(3 * maxRequestBytes);
  });

  it('tells browsers to run only its own scripts, to be framed only by itself, and not to sniff; images stay usable by other sites (issue 22)', async () => {
    const page = await createApp(stubDeps()).request('/no-such-page', { headers: { Accept: 'text/html' } });
    const csp = page.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(page.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(page.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(page.headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
    expect(page.headers.get('Cross-Origin-Resource-Policy')).toBeNull();
    expect(page.headers.get('Strict-Transport-Security')).toBeNull();
  });

  it("lets other sites' scripts read the API, as IIIF: preflight answered, GET marked, writes not offered (issue 19)", async () => {
    const app = createApp(stubDeps());
    const preflight = await app.request('/api/search?q=x', { method: 'OPTIONS', headers: { Origin: 'https://other.example', 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(preflight.headers.get('Access-Control-Allow-Methods')).toBe('GET,HEAD,OPTIONS');
    const read = await app.request('/api/titles', { headers: { Origin: 'https://other.example' } });
    expect(read.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(read.headers.get('Access-Control-Allow-Credentials')).toBeNull();
  });

  it('counts a health check that throws or hangs as down', async () => {
    const app = createApp(
      stubDeps({
        store: { health: () => Promise.reject(new Error('disk on fire')) },
        search: { health: () => new Promise(() => {}) },
      }),
    );
    const response = await app.request('/healthz', { headers: staff });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ storage: { status: 'down', reason: 'disk on fire' }, search: { status: 'down', reason: 'no answer within 3000 ms' } });
  }, 10_000);

  it('gives API clients JSON errors with a code, a Chinese message and the request id', async () => {
    const response = await createApp(stubDeps()).request('/api/no-such-thing', { headers: { 'X-Request-Id': 'req-123' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('req-123');
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: '找不到所请求的内容', requestId: 'req-123' } });
  });

  it('speaks English to clients that prefer it', async () => {
    const response = await createApp(stubDeps()).request('/api/no-such-thing', { headers: { 'Accept-Language': 'en-GB,en;q=0.9,zh;q=0.5' } });
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('Nothing was found at this address');
  });

  it('gives people a readable page in their language', async () => {
    const response = await createApp(stubDeps()).request('/no-such-page', { headers: { Accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('找不到所请求的内容');
    expect(page).toContain('返回首页');
  });

  it('maps adapter errors to statuses, with Retry-After when waiting may help, and hides internals', async () => {
    const app = createApp(stubDeps());
    app.get('/api/test/storage-down', () => {
      throw new StorageError('unavailable', 'ECONNREFUSED 10.0.0.5:9000');
    });
    app.get('/api/test/search-down', () => {
      throw new SearchError('unavailable', 'Meilisearch unreachable');
    });
    app.get('/api/test/stale', () => {
      throw new StorageError('precondition_failed', 'etag mismatch');
    });
    app.get('/api/test/bug', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    });
    app.get('/api/test/detail', () => {
      throw new AppError('bad_request', { detail: { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'dates are YYYY-MM-DD' } });
    });

    const storage = await app.request('/api/test/storage-down');
    expect(storage.status).toBe(503);
    expect(storage.headers.get('retry-after')).toBe('5');
    const storageBody = (await storage.json()) as { error: { code: string; message: string } };
    expect(storageBody.error.code).toBe('storage_unavailable');
    expect(storageBody.error.message).not.toContain('10.0.0.5');

    expect((await app.request('/api/test/search-down')).status).toBe(503);
    expect((await app.request('/api/test/stale')).status).toBe(412);
    const bug = await app.request('/api/test/bug');
    expect(bug.status).toBe(500);
    expect(JSON.stringify(await bug.json())).not.toContain('properties of undefined');
    expect(await (await app.request('/api/test/detail')).json()).toMatchObject({ error: { code: 'bad_request', message: '日期格式应为 YYYY-MM-DD' } });
  });

  it('compresses JSON only for clients that accept it, and says Vary: Accept-Encoding once either way', async () => {
    const app = createApp({ ...stubDeps(), compressResponses: true });
    const big = { items: Array.from({ length: 200 }, (_, i) => `第${i}条`) };
    app.get('/api/test/varied', (c) => c.json(big, 200, { Vary: 'Origin' }));

    const plain = await app.request('/api/openapi.json');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    const document = (await plain.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain('/api/search');

    const gzipped = await app.request('/api/openapi.json', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('vary')).toBe('Accept-Encoding');
    expect(JSON.parse(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString('utf8'))).toEqual(document);

    const varied = await app.request('/api/test/varied', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(varied.headers.get('vary')).toBe('Origin, Accept-Encoding');
    expect(JSON.parse(gunzipSync(Buffer.from(await varied.arrayBuffer())).toString('utf8'))).toEqual(big);
  });
});
