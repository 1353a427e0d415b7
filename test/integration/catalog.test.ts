/**
 * Cataloguing through the HTTP API on real storage and the real Meilisearch: accounts and
 * sessions (scrypt, HttpOnly cookie, CSRF, throttled sign-in, API tokens), every role boundary,
 * the stale-save conflict, the review workflow with what readers see at each step, the audit
 * trail, queues, bulk actions, the dashboard, and a rebuild that keeps the workflow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scryptPasswords } from '../../src/adapters/node-crypto/scrypt-passwords.ts';
import type { createApp } from '../../src/app.ts';
import type { AuditEntry } from '../../src/domain/catalog.ts';
import { Accounts } from '../../src/services/accounts.ts';
import { staffAuthenticator } from '../../src/services/authenticator.ts';
import type { CatalogRecord } from '../../src/services/catalog.ts';
import type { Dashboard, Queue } from '../../src/services/catalog-queue.ts';
import { reindex } from '../../src/services/reindex.ts';
import { appOver, fixtureWorld, type IngestWorld } from '../helpers/ingest.ts';
import { storageKeys } from '../../src/domain/natural-keys.ts';
import { groundTruth } from '../helpers/fixtures.ts';

const base = 'http://difang.test';
const adminToken = 'test-admin-token-0123456789abcdef';
const passwords = { alice: 'alice-password-1', bob: 'bob-password-22', carol: 'carol-password-3' };

interface Session {
  cookie: string;
  csrf: string;
}

describe('cataloguing API', () => {
  let world: IngestWorld;
  let app: ReturnType<typeof createApp>;
  let alice: Session; // cataloguer
  let bob: Session; // reviewer
  let articleIds: string[];

  const call = (path: string, init: RequestInit & { session?: Session; json?: unknown; token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.session) {
      headers.set('Cookie', init.session.cookie);
      if (!headers.has('X-CSRF-Token')) headers.set('X-CSRF-Token', init.session.csrf);
    }
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    if (init.json !== undefined) headers.set('Content-Type', 'application/json');
    return app.request(`${base}${path}`, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
  };
  const signIn = async (username: keyof typeof passwords): Promise<Session> => {
    const response = await call('/api/session', { method: 'POST', json: { username, password: passwords[username] } });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    return { cookie: cookie.split(';')[0]!, csrf: ((await response.json()) as { csrf: string }).csrf };
  };
  const open = async (id: string, session: Session = alice) => (await (await call(`/api/catalog/articles/${id}`, { session })).json()) as CatalogRecord;
  const readerSearch = async (q: string) => ((await (await call(`/api/search?q=${encodeURIComponent(q)}`)).json()) as { hits: { id: string }[] }).hits.map((hit) => hit.id);
  const eventually = async <T>(probe: () => Promise<T>, ok: (value: T) => boolean): Promise<T> => {
    let value = await probe();
    for (let i = 0; i < 100 && !ok(value); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      value = await probe();
    }
    return value;
  };

  beforeAll(async () => {
    world = await fixtureWorld();
    // A cheaper scrypt cost than production's, only to keep the suite quick.
    const accounts = new Accounts(world.store, scryptPasswords({ N: 2 ** 12, r: 8, p: 1 }));
    app = appOver(world, base, { auth: staffAuthenticator(adminToken, accounts) });
    for (const [username, roles] of [['alice', ['cataloguer']], ['bob', ['reviewer']]] as const) {
      const response = await call('/api/users', { method: 'POST', token: adminToken, json: { username, displayName: username === 'alice' ? '李爱丽' : '包博', roles, password: passwords[username] } });
      expect(response.status).toBe(201);
      expect(await response.json()).not.toHaveProperty('passwordHash');
    }
    alice = await signIn('alice');
    bob = await signIn('bob');
    const queue = (await (await call('/api/catalog/queue?status=draft&per=200', { session: alice })).json()) as Queue;
    articleIds = queue.items.map((item) => item.id);
    expect(articleIds.length).toBeGreaterThanOrEqual(4);
  }, 120_000);
  afterAll(() => world?.close());

  it('keeps passwords as scrypt hashes and never answers with them', async () => {
    const stored = (await world.store.get('users/alice.json'))!;
    const text = await new Response(stored.body as ReadableStream).text();
    expect(text).toMatch(/"passwordHash":"scrypt\$4096\$8\$1\$/);
    expect(text).not.toContain(passwords.alice);
    const listed = (await (await call('/api/users', { token: adminToken })).json()) as { users: object[] };
    expect(listed.users).toHaveLength(2);
    for (const user of listed.users) expect(user).not.toHaveProperty('passwordHash');
  });

  it('refuses a wrong password, then throttles guessing, and says who is signed in', async () => {
    await call('/api/users', { method: 'POST', token: adminToken, json: { username: 'carol', displayName: '卡罗', roles: ['cataloguer'], password: passwords.carol } });
    const wrong = () => call('/api/session', { method: 'POST', json: { username: 'carol', password: 'not-her-password' } });
    expect((await wrong()).status).toBe(401);
    for (let i = 0; i < 4; i++) await wrong();
    const throttled = await call('/api/session', { method: 'POST', json: { username: 'carol', password: passwords.carol } });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('Retry-After'))).toBeGreaterThan(0);
    // Someone else is not slowed down by it.
    const me = (await (await call('/api/session', { session: alice })).json()) as { username: string; roles: string[]; csrf: string };
    expect(me).toMatchObject({ username: 'alice', roles: ['cataloguer'], csrf: alice.csrf });
    expect((await call('/api/session')).status).toBe(401);
  });

  it('holds every role boundary', async () => {
    const id = articleIds[0]!;
    const { version } = await open(id);
    // A reader (no credentials) can neither read the workspace nor write.
    expect((await call('/api/catalog/queue')).status).toBe(401);
    expect((await call(`/api/catalog/articles/${id}`, { method: 'PUT', json: { version, changes: { keywords: ['x'] } } })).status).toBe(401);
    // A cataloguer cannot approve, publish, return, or manage accounts.
    for (const action of ['approve', 'publish', 'return']) {
      expect((await call(`/api/catalog/articles/${id}/${action}`, { method: 'POST', session: alice, json: { version, comment: 'x' } })).status).toBe(403);
    }
    expect((await call('/api/users', { session: alice })).status).toBe(403);
    expect((await call('/api/exports/csv', { session: alice })).status).toBe(403);
    // A reviewer cannot manage accounts either.
    expect((await call('/api/users', { method: 'POST', session: bob, json: { username: 'eve', displayName: 'e', roles: ['admin'], password: 'eve-password-1' } })).status).toBe(403);
    // Nothing was changed by the refusals.
    expect((await open(id)).version).toBe(version);
  });

  it('refuses a change made with the session cookie but without the CSRF token, or from another site', async () => {
    const id = articleIds[0]!;
    const { version } = await open(id);
    const noToken = await call(`/api/catalog/articles/${id}`, { method: 'PUT', headers: { Cookie: alice.cookie, 'Content-Type': 'application/json' }, body: JSON.stringify({ version, changes: { keywords: ['x'] } }) });
    expect(noToken.status).toBe(403);
    const wrongToken = await call(`/api/catalog/articles/${id}`, { method: 'PUT', session: { ...alice, csrf: 'forged-token-forged-token' }, json: { version, changes: { keywords: ['x'] } } });
    expect(wrongToken.status).toBe(403);
    const otherSite = await call(`/api/catalog/articles/${id}`, { method: 'PUT', session: alice, headers: { Origin: 'https://evil.example' }, json: { version, changes: { keywords: ['x'] } } });
    expect(otherSite.status).toBe(403);
    expect((await open(id)).version).toBe(version);
  });

  it('refuses a stale save with 412 and the newer version, even from two browsers on one article', async () => {
    const id = articleIds[1]!;
    const start = await open(id);
    const [first, second] = await Promise.all([
      call(`/api/catalog/articles/${id}`, { method: 'PUT', session: alice, json: { version: start.version, changes: { keywords: ['第一个浏览器'] } } }),
      call(`/api/catalog/articles/${id}`, { method: 'PUT', session: bob, json: { version: start.version, changes: { keywords: ['第二个浏览器'] } } }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 412]);
    const refused = (await (first.status === 412 ? first : second).json()) as { error: { code: string; message: string }; current: CatalogRecord };
    const won = first.status === 200 ? '第一个浏览器' : '第二个浏览器';
    expect(refused.error.code).toBe('precondition_failed');
    expect(refused.error.message).toBe('记录已被他人修改，请刷新后再保存');
    expect(refused.current.version).toBe(start.version + 1);
    expect(refused.current.article.keywords).toEqual([won]);
    // Saving again on the old version is still refused; on the new one it goes through.
    expect((await call(`/api/catalog/articles/${id}`, { method: 'PUT', session: alice, json: { version: start.version, changes: { keywords: ['again'] } } })).status).toBe(412);
    const retried = await call(`/api/catalog/articles/${id}`, { method: 'PUT', session: alice, json: { version: refused.current.version, changes: { keywords: [won, '合并'] } } });
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as CatalogRecord).article.keywords).toEqual([won, '合并']);
  });

  it('keeps readers on the published version until a reviewer publishes; then search finds the corrected word and the new tag', async () => {
    const id = articleIds[2]!;
    const before = await open(id);
    const ocr = before.article.text.ocr;
    const corrected = `${ocr}\n馥郁桂花`;
    const saved = await call(`/api/catalog/articles/${id}`, {
      method: 'PUT',
      session: alice,
      json: { version: before.version, changes: { correctedText: corrected, keywords: [...before.article.keywords, '桂花节'], subjects: [{ term: '园林绿化', scheme: 'CCT' }] } },
    });
    expect(saved.status).toBe(200);
    const draft = (await saved.json()) as CatalogRecord;
    expect(draft).toMatchObject({ version: before.version + 1, hasWorkingCopy: true, article: { status: 'draft', cataloguer: 'alice', text: { ocr, corrected } } });
    // The save is in storage before the reply, and the queue shows it at once.
    expect(await world.store.get(`catalog/working/${id}.json`)).not.toBeNull();
    // Readers still see the record as it was.
    const readerText = async () => {
      const { article } = (await (await call(`/api/articles/${id}`)).json()) as { article: { text: { ocr: string; corrected?: string } } };
      return article.text.corrected ?? article.text.ocr;
    };
    expect(await readerText()).not.toContain('馥郁桂花');
    expect(await readerSearch('馥郁桂花')).toEqual([]);

    const submitted = await call(`/api/catalog/articles/${id}/submit`, { method: 'POST', session: alice, json: { version: draft.version } });
    expect(submitted.status).toBe(200);
    const inReview = (await submitted.json()) as CatalogRecord;
    expect(inReview.article.status).toBe('in_review');
    const reviewQueue = await eventually(
      async () => (await (await call('/api/catalog/queue?status=in_review', { session: bob })).json()) as Queue,
      (queue) => queue.items.some((item) => item.id === id),
    );
    expect(reviewQueue.items.find((item) => item.id === id)).toMatchObject({ workStatus: 'in_review', workBy: 'alice', workVersion: inReview.version });

    const published = await call(`/api/catalog/articles/${id}/publish`, { method: 'POST', session: bob, json: { version: inReview.version } });
    expect(published.status).toBe(200);
    expect((await published.json()) as CatalogRecord).toMatchObject({ hasWorkingCopy: false, article: { status: 'published', updatedBy: 'bob' } });
    expect(await world.store.get(`catalog/working/${id}.json`)).toBeNull();
    expect(await readerText()).toContain('馥郁桂花');
    expect(await eventually(() => readerSearch('馥郁桂花'), (ids) => ids.includes(id))).toContain(id);
    expect(await readerSearch('桂花节')).toContain(id);
    // The OCR as delivered stays searchable beside the correction: its first words still find the article.
    const firstWords = ocr.replace(/\s+/g, '').slice(0, 6);
    expect(await readerSearch(firstWords)).toContain(id);
  });

  it('keeps an audit trail of who changed what, before and after, and asks a returning reviewer for a comment', async () => {
    const id = articleIds[3]!;
    const start = await open(id);
    const saved = (await (await call(`/api/catalog/articles/${id}`, { method: 'PUT', session: alice, json: { version: start.version, changes: { title: '新标题', genre: 'news' } } })).json()) as CatalogRecord;
    const submitted = (await (await call(`/api/catalog/articles/${id}/submit`, { method: 'POST', session: alice, json: { version: saved.version } })).json()) as CatalogRecord;
    expect((await call(`/api/catalog/articles/${id}/return`, { method: 'POST', session: bob, json: { version: submitted.version } })).status).toBe(400);
    const returned = (await (await call(`/api/catalog/articles/${id}/return`, { method: 'POST', session: bob, json: { version: submitted.version, comment: '标题请核对原文' } })).json()) as CatalogRecord;
    expect(returned.article).toMatchObject({ status: 'draft', review: { comment: '标题请核对原文', by: 'bob' } });
    // The draft queue marks it 已退回 and a filter lists only returned articles, under the working copy's title.
    const returnedQueue = await eventually(
      async () => (await (await call('/api/catalog/queue?status=draft&returned=1', { session: alice })).json()) as Queue,
      (queue) => queue.items.some((item) => item.id === id),
    );
    expect(returnedQueue.items.every((item) => item.workReturned)).toBe(true);
    expect(returnedQueue.items.find((item) => item.id === id)).toMatchObject({ workReturned: true, workTitle: returned.article.title });
    expect(returnedQueue.returned).toBeGreaterThanOrEqual(1);
    const queuePage = await (await call('/catalog?status=draft&returned=1', { session: alice })).text();
    expect(queuePage).toContain('data-testid="returned-mark"');

    const { entries } = (await (await call(`/api/catalog/articles/${id}/audit`, { session: alice })).json()) as { entries: AuditEntry[] };
    expect(entries.map((entry) => [entry.version, entry.by, entry.action])).toEqual([
      [start.version + 1, 'alice', 'save'],
      [start.version + 2, 'alice', 'submit'],
      [start.version + 3, 'bob', 'return'],
    ]);
    expect(entries[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'title', before: start.article.title, after: '新标题' },
        { field: 'genre', before: null, after: 'news' },
      ]),
    );
    expect(entries[1]!.changes).toEqual([{ field: 'status', before: 'draft', after: 'in_review' }]);
    expect(entries[2]).toMatchObject({ comment: '标题请核对原文', changes: [{ field: 'status', before: 'in_review', after: 'draft' }] });
    // The trail is in storage, one object per version.
    expect(await world.store.get(`catalog/audit/${id}/${String(start.version + 3).padStart(8, '0')}.json`)).not.toBeNull();
  });

  it('rejects invalid fields with a message that names them, changing nothing', async () => {
    const id = articleIds[4] ?? articleIds[0]!;
    const { version } = await open(id);
    const bad = await call(`/api/catalog/articles/${id}`, { method: 'PUT', session: alice, json: { version, changes: { clc: ['not a class'] } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('clc');
    const unknown = await call(`/api/catalog/articles/${id}`, { method: 'PUT', session: alice, json: { version, changes: { status: 'published' } } });
    expect(unknown.status).toBe(400);
    expect((await open(id)).version).toBe(version);
  });

  it('takes a bulk action item by item, refusing only the stale ones', async () => {
    const [x, y] = [articleIds[articleIds.length - 1]!, articleIds[articleIds.length - 2]!];
    const [vx, vy] = [(await open(x)).version, (await open(y)).version];
    const response = await call('/api/catalog/bulk', { method: 'POST', session: alice, json: { action: 'submit', items: [{ id: x, version: vx }, { id: y, version: vy + 1 }] } });
    const result = (await response.json()) as { done: number; results: { id: string; ok: boolean; code?: string }[] };
    expect(response.status, JSON.stringify(result)).toBe(200);
    expect(result.done).toBe(1);
    expect(result.results).toEqual([expect.objectContaining({ id: x, ok: true }), expect.objectContaining({ id: y, ok: false, code: 'precondition_failed' })]);
  });

  it('works with an API token for scripts, without a CSRF token', async () => {
    const created = await call('/api/users/alice/tokens', { method: 'POST', token: adminToken, json: { label: '批量脚本' } });
    const { token } = (await created.json()) as { token: string };
    expect(token).toMatch(/^dft_/);
    const id = articleIds[0]!;
    const { version } = await open(id);
    const saved = await call(`/api/catalog/articles/${id}`, { method: 'PUT', token, json: { version, changes: { keywords: ['脚本'] } } });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as CatalogRecord).article.updatedBy).toBe('alice');
    expect((await call('/api/catalog/queue', { token: 'dft_not-a-real-token' })).status).toBe(401);
  });

  it('shows progress: pages, articles by status, and each person’s work today', async () => {
    const board = (await (await call('/api/catalog/dashboard?days=7', { session: bob })).json()) as Dashboard;
    expect(board.targets).toEqual({ pages: 10_000, articles: 27_000 });
    expect(board.pages.ingested).toBeGreaterThan(0);
    expect(board.days).toHaveLength(7);
    const today = board.days.at(-1)!;
    expect(today.users.alice!.saved).toBeGreaterThanOrEqual(4);
    expect(today.users.alice!.submitted).toBeGreaterThanOrEqual(2);
    expect(today.users.bob!).toMatchObject({ published: 1, returned: 1 });
    // Articles, not clicks: saving one article again the same day counts it once.
    const savedToday = async () => ((await (await call('/api/catalog/dashboard?days=1', { session: bob })).json()) as Dashboard).days.at(-1)!.users.alice!.saved;
    const id = ((await (await call('/api/catalog/queue?status=draft&per=1', { session: alice })).json()) as Queue).items[0]!.id;
    const first = await call(`/api/catalog/articles/${id}`, { method: 'PUT', session: alice, json: { version: (await open(id)).version, changes: { keywords: ['一次'] } } });
    expect(first.status).toBe(200);
    const once = await savedToday();
    const second = await call(`/api/catalog/articles/${id}`, { method: 'PUT', session: alice, json: { version: ((await first.json()) as CatalogRecord).version, changes: { keywords: ['两次'] } } });
    expect(second.status).toBe(200);
    expect(await savedToday()).toBe(once);
    const statuses = await eventually(
      async () => ((await (await call('/api/catalog/dashboard?days=1', { session: bob })).json()) as Dashboard).articles.byStatus,
      (counts) => (counts.published ?? 0) >= 1 && (counts.in_review ?? 0) >= 1,
    );
    expect(statuses.published).toBeGreaterThanOrEqual(1);
  });

  it('keeps the workflow through a rebuild of the index from storage', async () => {
    await reindex(world.store, world.search);
    const queue = (await (await call('/api/catalog/queue?status=in_review', { session: bob })).json()) as Queue;
    expect(queue.items.map((item) => item.id)).toContain(articleIds[articleIds.length - 1]);
    expect(await readerSearch('馥郁桂花')).toContain(articleIds[2]);
  });

  it('lists the pages still to segment, and cuts a new article from one by its regions', async () => {
    const { items, total } = (await (await call('/api/catalog/pages?per=100', { session: alice })).json()) as { items: { id: string; issueId: string; seq: number; hasText: boolean }[]; total: number };
    const page = items.find((item) => item.hasText)!;
    expect(page).toBeDefined();
    const outside = await call(`/api/catalog/issues/${page.issueId}/articles`, { method: 'POST', session: alice, json: { regions: [{ seq: page.seq, x: 0, y: 0, w: 100_000, h: 10 }] } });
    expect(outside.status).toBe(400);
    const created = await call(`/api/catalog/issues/${page.issueId}/articles`, { method: 'POST', session: alice, json: { regions: [{ seq: page.seq, x: 0, y: 0, w: 400, h: 400 }] } });
    expect(created.status).toBe(201);
    const record = (await created.json()) as CatalogRecord;
    expect(record.article).toMatchObject({ status: 'draft', segmentation: 'cataloguer', cataloguer: 'alice', version: 1, regions: [{ seq: page.seq, x: 0, y: 0, w: 400, h: 400 }] });
    expect(record.article.text.ocr.length).toBeGreaterThan(0);
    const after = await eventually(
      async () => (await (await call('/api/catalog/pages?per=100', { session: alice })).json()) as { items: { id: string }[]; total: number },
      (found) => found.total === total - 1,
    );
    expect(after.items.map((item) => item.id)).not.toContain(page.id);
    const { entries } = (await (await call(`/api/catalog/articles/${record.id}/audit`, { session: alice })).json()) as { entries: AuditEntry[] };
    expect(entries).toEqual([expect.objectContaining({ version: 1, by: 'alice', action: 'create' })]);
    // A reader cannot cut articles.
    expect((await call(`/api/catalog/issues/${page.issueId}/articles`, { method: 'POST', json: { regions: [{ seq: page.seq, x: 0, y: 0, w: 10, h: 10 }] } })).status).toBe(401);
  });

  it("takes a hand-cut article's text from the words inside its regions, in reading order, even when the OCR is one block for the whole page (issue 21)", async () => {
    // The page's OCR as some engines deliver it: one block for the whole page, its lines out of order.
    const pageKey = { title: 'demo-ribao', date: '2023-05-04', edition: 1, seq: 2 } as const;
    const stored = (await world.records.getPageOcr(pageKey))!;
    // The OCR was unsure of one character of the first printed line (issue 24: cataloguers never saw which).
    const top = [...stored.blocks.flatMap((block) => block.lines)].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x)[0]!;
    const unsure = top.words[0]!;
    unsure.charScores = [...unsure.text].map((_, i) => (i === 0 ? 0.31 : 0.97));
    const lines = stored.blocks.flatMap((block) => block.lines);
    const oneBlock = { ...stored, blocks: [{ box: { x: 0, y: 0, w: 1400, h: 2000 }, lines: [...lines].reverse() }] };
    await world.store.put(storageKeys.pageOcr(pageKey), JSON.stringify(oneBlock));
    // A region around the first two printed lines of the page.
    const [first, second] = [...lines].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
    const region = { seq: 2, x: Math.min(first!.box.x, second!.box.x) - 2, y: first!.box.y - 2, w: Math.max(first!.box.x + first!.box.w, second!.box.x + second!.box.w) - Math.min(first!.box.x, second!.box.x) + 4, h: second!.box.y + second!.box.h - first!.box.y + 4 };
    const created = await call('/api/catalog/issues/demo-ribao_2023-05-04_ed-1/articles', { method: 'POST', session: alice, json: { regions: [region] } });
    expect(created.status).toBe(201);
    const record = (await created.json()) as CatalogRecord & { notice?: unknown };
    const words = (line: typeof first) => line!.words.map((word) => word.text).join('');
    expect(record.article.text.ocr.replace(/\s/g, '')).toBe(`${words(first)}${words(second)}`.replace(/\s/g, ''));
    expect(record.notice).toBeUndefined();
    // The editor shows the machine's reading with that character marked, to check first.
    const editor = await (await call(`/catalog/articles/${record.id}`, { session: alice })).text();
    expect(editor).toContain('data-doubtful="1"');
    expect(editor).toContain(`<mark>${[...unsure.text][0]}</mark>`);
    // It cannot go to review without a title (issue 21).
    const untitled = await call(`/api/catalog/articles/${record.id}/submit`, { method: 'POST', session: alice, json: { version: record.version } });
    expect(untitled.status).toBe(400);
    expect(((await untitled.json()) as { error: { message: string } }).error.message).toBe('送审前请填写标题');
    // A region with nothing printed in it says so.
    const empty = await call('/api/catalog/issues/demo-ribao_2023-05-04_ed-1/articles', { method: 'POST', session: alice, json: { regions: [{ seq: 2, x: 1390, y: 1990, w: 8, h: 8 }] } });
    expect(((await empty.json()) as { notice: { 'zh-CN': string } }).notice['zh-CN']).toContain('没有识别出的文字');
  });

  it("keeps a template per paper (著录模板) that the editor offers to every article of that paper", async () => {
    const path = '/api/catalog/templates/demo-ribao';
    expect(((await (await call(path, { session: alice })).json()) as { fields: object }).fields).toEqual({});
    const saved = await call(path, { method: 'PUT', session: alice, json: { fields: { genre: 'news', column: '要闻', creators: [{ name: '本报记者', role: 'reporter' }], places: [{ name: '清远市', code: '441800' }], subjects: [] } } });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { fields: object }).fields).toEqual({ genre: 'news', column: '要闻', creators: [{ name: '本报记者', role: 'reporter' }], places: [{ name: '清远市', code: '441800' }] });
    expect((await call(path, { method: 'PUT', session: alice, json: { fields: { genre: 'poem' } } })).status).toBe(400);
    expect((await call('/api/catalog/templates/no-such-paper', { method: 'PUT', session: alice, json: { fields: {} } })).status).toBe(404);
    const editor = await (await call(`/catalog/articles/${articleIds[0]!}`, { session: alice })).text();
    expect(editor).toContain('id="apply-template"');
    expect(editor).toContain('"column":"要闻"');
  });

  it('adds the same tags to many articles at once, each its own save, a stale one refused alone (批量标引)', async () => {
    const [first, second] = [articleIds[5]!, articleIds[6]!];
    const [a, b] = [await open(first), await open(second)];
    const answer = await call('/api/catalog/bulk-tags', {
      method: 'POST',
      session: alice,
      json: { field: 'keywords', values: ['防汛', '抢险'], items: [{ id: first, version: a.version }, { id: second, version: b.version - 1 }] },
    });
    expect(answer.status).toBe(200);
    const result = (await answer.json()) as { done: number; results: { id: string; ok: boolean; code?: string }[] };
    expect(result.done).toBe(1);
    expect(result.results).toEqual([expect.objectContaining({ id: first, ok: true }), expect.objectContaining({ id: second, ok: false, code: 'precondition_failed' })]);
    const tagged = await open(first);
    expect(tagged.article.keywords).toEqual(expect.arrayContaining([...a.article.keywords, '防汛', '抢险']));
    expect(tagged.version).toBe(a.version + 1);
    expect((await open(second)).article.keywords).toEqual(b.article.keywords);
    expect((await call('/api/catalog/bulk-tags', { method: 'POST', session: alice, json: { field: 'title', values: ['x'], items: [{ id: first, version: 1 }] } })).status).toBe(400);
  });

  it("prefills a hand-cut article's empty title with the headline printed largest inside its region (issue 21)", async () => {
    const truth = groundTruth.find((page) => page.file === 'demo-ribao/2023-05-04/03.png')!;
    const article = truth.articles[1]!;
    const created = (await (await call('/api/catalog/issues/demo-ribao_2023-05-04_ed-1/articles', { method: 'POST', session: alice, json: { regions: [{ seq: truth.seq, ...article.box }] } })).json()) as CatalogRecord;
    expect(created.article.title).toBe('');
    const { suggestions } = (await (await call(`/api/articles/${created.id}/suggestions`, { session: alice })).json()) as { suggestions: { title: { text: string } | null } };
    expect(suggestions.title?.text.replace(/\s/g, '')).toBe(article.headline.replace(/\s/g, ''));
    // An article that has a title is offered none.
    const titled = (await (await call(`/api/articles/demo-ribao_2023-05-06_ed-1_art-4/suggestions`, { session: alice })).json()) as { suggestions: { title: unknown } };
    expect(titled.suggestions.title).toBeNull();
  });

  it('splits an article in two where a second story begins, refusing a stale version', async () => {
    const id = 'demo-ribao_2023-05-06_ed-1_art-4';
    const before = await open(id);
    expect(before.article.regions.length).toBeGreaterThanOrEqual(4);
    const countArticles = async () => (await world.store.list('records/demo-ribao/2023-05-06/ed-1/')).items.filter((item) => item.key.endsWith('/article.json')).length;
    const articlesBefore = await countArticles();
    const stale = await call(`/api/catalog/articles/${id}/split`, { method: 'POST', session: alice, json: { version: before.version - 1 || 999, at: 2 } });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { current: CatalogRecord }).current.version).toBe(before.version);
    expect((await call(`/api/catalog/articles/${id}/split`, { method: 'POST', session: alice, json: { version: before.version, at: before.article.regions.length } })).status).toBe(400);
    expect((await call(`/api/catalog/articles/${id}/split`, { method: 'POST', json: { version: before.version, at: 2 } })).status).toBe(401);
    expect(await countArticles()).toBe(articlesBefore);

    const split = await call(`/api/catalog/articles/${id}/split`, { method: 'POST', session: alice, json: { version: before.version, at: 3 } });
    expect(split.status).toBe(201);
    const { kept, created } = (await split.json()) as { kept: CatalogRecord; created: CatalogRecord };
    expect(split.headers.get('Location')).toBe(`/api/catalog/articles/${created.id}`);
    expect(kept.article.regions).toEqual(before.article.regions.slice(0, 3));
    expect(kept.version).toBe(before.version + 1);
    expect(created.article).toMatchObject({ regions: before.article.regions.slice(3), status: 'draft', segmentation: 'cataloguer', cataloguer: 'alice' });
    expect(await countArticles()).toBe(articlesBefore + 1);
    // The OCR text is cut between the two, each from the blocks inside its own regions.
    const chars = (text: string) => text.replace(/\s/g, '');
    const [keptText, createdText, wholeText] = [chars(kept.article.text.ocr), chars(created.article.text.ocr), chars(before.article.text.ocr)];
    expect(keptText.length).toBeGreaterThan(0);
    expect(createdText.length).toBeGreaterThan(20);
    expect(wholeText).toContain(createdText);
    expect(keptText).not.toContain(createdText.slice(0, 20));
    expect(wholeText.endsWith(createdText)).toBe(true);
    const { entries } = (await (await call(`/api/catalog/articles/${id}/audit`, { session: alice })).json()) as { entries: AuditEntry[] };
    expect(entries.at(-1)).toMatchObject({ version: kept.version, action: 'save', by: 'alice', comment: expect.stringContaining('split') });
    expect(entries.at(-1)!.changes.map((change) => change.field)).toEqual(expect.arrayContaining(['regions', 'text']));
    // Both are in the cataloguers' queue.
    const queued = await eventually(
      async () => ((await (await call('/api/catalog/queue?status=draft&per=200', { session: alice })).json()) as Queue).items.map((item) => item.id),
      (ids) => ids.includes(created.id),
    );
    expect(queued).toContain(created.id);
  });

  it('signs out: the session no longer works', async () => {
    const carolSession = { cookie: alice.cookie, csrf: alice.csrf };
    expect((await call('/api/session', { method: 'DELETE', session: carolSession })).status).toBe(204);
    expect((await call('/api/catalog/queue', { session: carolSession })).status).toBe(401);
  });
});
