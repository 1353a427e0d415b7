/**
 * One HTTP suite for every runtime difang runs on (Node with `difang serve`, Cloudflare's workerd
 * with `wrangler dev`): the read paths readers and other software use, and a cataloguer's writes
 * with sign-in, the stale-save refusal and publication. It talks to a URL only, and records the
 * answers that must not depend on the runtime so a test can compare them across runtimes.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import type { CatalogRecord } from '../../src/services/catalog.ts';
import type { Queue } from '../../src/services/catalog-queue.ts';

export interface RuntimeTarget {
  url: string;
  adminToken: string;
  cataloguer: { username: string; password: string };
  reviewer: { username: string; password: string };
}

/** Answers that must be byte-for-byte (or field-for-field) the same on every runtime. */
export type Observed = Map<string, unknown>;

const page1 = 'demo-ribao_2023-05-04_ed-1_seq-1';

interface Session {
  cookie: string;
  csrf: string;
}

/** What readers and other software do: nothing here changes anything stored. */
export function readSuite(target: () => RuntimeTarget, observed: Observed): void {
  const { get, json, url, rebased } = client(target);

  it('answers /healthz with storage and search up', async () => {
    const health = await json<{ status: string; storage: { status: string; kind: string }; search: { status: string } }>('/healthz');
    expect(health).toMatchObject({ status: 'ok', storage: { status: 'up', kind: 's3' }, search: { status: 'up' } });
  });

  it('serves the reader pages in Chinese first, with their scripts and styles', async () => {
    const home = await get('/');
    const html = await home.text();
    expect(home.status).toBe(200);
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('/titles/demo-ribao');
    const viewer = await get(`/titles/demo-ribao/2023-05-04/ed-1/seq-1`);
    expect(viewer.status).toBe(200);
    expect(await viewer.text()).toContain(`data-service="/iiif/3/${page1}"`);
    const english = await (await get('/?lang=en')).text();
    expect(english).toContain('lang="en"');
    for (const asset of ['/static/app.js', '/static/app.css']) {
      const response = await get(asset);
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(500);
    }
  });

  it('searches Chinese with simplified = traditional, and browses', async () => {
    type Result = { total: number; hits: { id: string; boxes: unknown[] }[] };
    const simplified = await json<Result>(`/api/search?q=${encodeURIComponent('图书馆')}&per=50`);
    const traditional = await json<Result>(`/api/search?q=${encodeURIComponent('圖書館')}&per=50`);
    expect(simplified.total).toBeGreaterThan(0);
    expect(traditional.hits.map((hit) => hit.id)).toEqual(simplified.hits.map((hit) => hit.id));
    expect(simplified.hits.some((hit) => hit.boxes.length > 0)).toBe(true);
    observed.set('search', rebased(simplified.hits));
    const titles = await json<{ titles: { id: string }[] }>('/api/titles');
    expect(titles.titles.map((title) => title.id)).toContain('demo-ribao');
    observed.set('calendar', await json('/api/titles/demo-ribao/calendar'));
    observed.set('page', rebased(await json(`/api/pages/${page1}`)));
    const bad = await get('/api/search?q=x&from=1995-13');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });

  it('serves IIIF images from the stored tiles and manifests whose ids follow the URL', async () => {
    const info = await json<{ id: string; width: number }>(`/iiif/3/${page1}/info.json`);
    expect(info.id).toBe(url(`/iiif/3/${page1}`));
    const tile = await get(`/iiif/3/${page1}/0,0,512,512/512,512/0/default.jpg`);
    expect(tile.status).toBe(200);
    expect(tile.headers.get('Content-Type')).toBe('image/jpeg');
    observed.set('tile', createHash('sha256').update(new Uint8Array(await tile.arrayBuffer())).digest('hex'));
    const manifest = await json<{ id: string; items: unknown[] }>('/iiif/3/manifests/demo-ribao_2023-05-04_ed-1');
    expect(manifest.id).toBe(url('/iiif/3/manifests/demo-ribao_2023-05-04_ed-1'));
    expect(manifest.items.length).toBeGreaterThan(0);
    observed.set('manifest', rebased(manifest));
  });

  it('answers OAI-PMH and streams an export to an administrator', async () => {
    const identify = await get('/oai?verb=Identify');
    expect(identify.status).toBe(200);
    expect(await identify.text()).toContain('<repositoryName>');
    const sets = await (await get('/oai?verb=ListSets')).text();
    expect(sets).toContain('<setSpec>');
    observed.set('oai sets', rebased(sets.replace(/<responseDate>[^<]*<\/responseDate>/, '')));
    expect((await get('/api/exports/csv')).status).toBe(401);
    const csv = await get('/api/exports/csv?status=draft,in_review,reviewed,published', { headers: { Authorization: `Bearer ${target().adminToken}` } });
    expect(csv.status).toBe(200);
    const rows = parse(await csv.text(), { bom: true }) as string[][];
    expect(rows.length - 1).toBe(Number(csv.headers.get('X-Total-Records')));
    expect(rows.length).toBeGreaterThan(1);
  });

  it('reports its traffic, dependencies, index lag and the page texts kept for hits as Prometheus metrics', async () => {
    const hits = ((await (await get(`/api/search?q=${encodeURIComponent('图书馆')}`)).json()) as { hits: { boxes: unknown[] }[] }).hits;
    expect(hits.some((hit) => hit.boxes.length > 0)).toBe(true);
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(text).toContain('difang_up{dependency="storage",kind="s3"} 1');
    expect(text).toContain('difang_up{dependency="search",kind="meilisearch"} 1');
    expect(text).toMatch(/^difang_index_pending_tasks \d+$/m);
    expect(text).toMatch(/^difang_index_lag_seconds [\d.]+$/m);
    expect(text).toMatch(/difang_http_requests_total\{method="GET",route="\/iiif\/3\/:id\{\[A-Za-z0-9_-\]\+\}\/info\.json",status="200"\} \d+/);
    // Placing those hits asked for page texts, kept within the configured memory.
    const lookups = [...text.matchAll(/^difang_page_text_cache_lookups_total\{result="(?:hit|miss)"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(lookups).toBeGreaterThan(0);
    const held = Number(/^difang_page_text_cache_bytes (\d+)$/m.exec(text)?.[1]);
    const capacity = Number(/^difang_page_text_cache_capacity_bytes (\d+)$/m.exec(text)?.[1]);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(capacity);
  });

  it('answers what does not exist with a JSON 404', async () => {
    const missing = await get('/api/articles/no-such-article');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
}

/** What cataloguers do: sign in, save, conflict, review and publish. */
export function writeSuite(target: () => RuntimeTarget): void {
  const { get, json, send, signIn } = client(target);

  it('lets a cataloguer sign in and save, refuses a stale save, and publishes through a reviewer', async () => {
    const cataloguer = await signIn(target().cataloguer);
    const reviewer = await signIn(target().reviewer);
    expect((await get('/api/catalog/queue')).status).toBe(401);
    const queue = await json<Queue>('/api/catalog/queue?status=draft&per=1', { headers: { Cookie: cataloguer.cookie } });
    const id = queue.items[0]!.id;
    const opened = await json<CatalogRecord>(`/api/catalog/articles/${id}`, { headers: { Cookie: cataloguer.cookie } });
    const keyword = `运行时${target().url.split(':').pop()}`;
    const saved = await send(`/api/catalog/articles/${id}`, 'PUT', cataloguer, { version: opened.version, changes: { keywords: [keyword] } });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const stale = await send(`/api/catalog/articles/${id}`, 'PUT', cataloguer, { version: opened.version, changes: { keywords: ['过时的修改'] } });
    expect(stale.status).toBe(412);
    const { version } = (await saved.json()) as CatalogRecord;
    expect(version).not.toBe(opened.version);
    // Readers keep the published record until a reviewer publishes.
    expect(JSON.stringify(await json(`/api/articles/${id}`))).not.toContain(keyword);
    expect((await send(`/api/catalog/articles/${id}/publish`, 'POST', cataloguer, { version })).status).toBe(403);
    const submitted = await send(`/api/catalog/articles/${id}/submit`, 'POST', cataloguer, { version });
    expect(submitted.status).toBe(200);
    const published = await send(`/api/catalog/articles/${id}/publish`, 'POST', reviewer, { version: ((await submitted.json()) as CatalogRecord).version });
    expect(published.status, await published.clone().text()).toBe(200);
    expect(JSON.stringify(await json(`/api/articles/${id}`))).toContain(keyword);
    const audit = await json<{ entries: { action: string; by: string }[] }>(`/api/catalog/articles/${id}/audit`, { headers: { Cookie: reviewer.cookie } });
    expect(audit.entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['save', 'submit', 'publish']));
  });
}

function client(target: () => RuntimeTarget) {
  const url = (path: string) => `${target().url}${path}`;
  const get = (path: string, init: RequestInit = {}) => fetch(url(path), { ...init, signal: AbortSignal.timeout(30_000) });
  return {
    url,
    get,
    /** An answer with this runtime's own address taken out, to compare across runtimes. */
    rebased: (value: unknown): unknown => JSON.parse(JSON.stringify(value).replaceAll(target().url, 'BASE')),
    async json<T>(path: string, init: RequestInit = {}): Promise<T> {
      const response = await get(path, init);
      const text = await response.text();
      expect(response.status, `${path}: ${text.slice(0, 300)}`).toBe(200);
      return JSON.parse(text) as T;
    },
    send: (path: string, method: string, session: Session, body: unknown) =>
      get(path, { method, headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, 'Content-Type': 'application/json', Origin: target().url }, body: JSON.stringify(body) }),
    async signIn(who: { username: string; password: string }): Promise<Session> {
      const response = await get('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: target().url }, body: JSON.stringify(who) });
      expect(response.status, await response.clone().text()).toBe(200);
      const cookie = response.headers.get('Set-Cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/i);
      return { cookie: cookie.split(';')[0]!, csrf: ((await response.json()) as { csrf: string }).csrf };
    },
  };
}
