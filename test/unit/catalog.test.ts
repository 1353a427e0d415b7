import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import type { Article } from '../../src/domain/article.ts';
import { applyEdit, articleEditSchema, changedFields, checkStep, statusAfter } from '../../src/domain/catalog.ts';
import { LoginThrottle } from '../../src/services/login-throttle.ts';
import { safeNext } from '../../src/routes/session.ts';

const article: Article = {
  key: { title: 'qingyuan-ribao', date: '1995-03-01', edition: 1, article: 2 },
  title: '清远市图书馆新馆落成',
  creators: [],
  language: 'chi',
  subjects: [],
  keywords: ['图书馆'],
  clc: [],
  persons: [],
  organizations: [],
  places: [],
  text: { ocr: '本报讯 清远市图书馆新馆昨日落成。' },
  regions: [{ seq: 1, x: 10, y: 20, w: 300, h: 400 }],
  status: 'draft',
  segmentation: 'vendor',
  version: 3,
  updatedAt: '1995-03-02T08:00:00+08:00',
};

describe('catalog edits', () => {
  it('applies given fields whole, clears with null, and keeps the OCR beside a correction', () => {
    const edited = applyEdit(article, { keywords: ['新馆'], kicker: '喜讯', correctedText: '本报讯 清远市图书馆新馆昨日落成！' });
    expect(edited.keywords).toEqual(['新馆']);
    expect(edited.kicker).toBe('喜讯');
    expect(edited.text).toEqual({ ocr: article.text.ocr, corrected: '本报讯 清远市图书馆新馆昨日落成！' });
    const cleared = applyEdit(edited, { kicker: null, correctedText: null });
    expect(cleared).not.toHaveProperty('kicker');
    expect(cleared.text).toEqual({ ocr: article.text.ocr });
    // A "correction" equal to the OCR is no correction.
    expect(applyEdit(article, { correctedText: article.text.ocr }).text).toEqual({ ocr: article.text.ocr });
  });

  it('accepts only the fields a cataloguer may edit', () => {
    expect(articleEditSchema.safeParse({ title: '新' }).success).toBe(true);
    expect(articleEditSchema.safeParse({ status: 'published' }).success).toBe(false);
    expect(articleEditSchema.safeParse({ version: 9 }).success).toBe(false);
    expect(articleEditSchema.safeParse({ text: { ocr: 'forged' } }).success).toBe(false);
    expect(articleEditSchema.safeParse({ regions: [{ seq: 1, x: 0, y: 0, w: 0, h: 5 }] }).success).toBe(false);
  });

  it('lists what changed, with both values', () => {
    const after = applyEdit(article, { title: '新馆落成', genre: 'news' });
    expect(changedFields(article, after)).toEqual([
      { field: 'title', before: '清远市图书馆新馆落成', after: '新馆落成' },
      { field: 'genre', before: null, after: 'news' },
    ]);
    expect(changedFields(article, { ...article })).toEqual([]);
  });
});

describe('workflow', () => {
  it('lets each role take only its steps, from the right status', () => {
    expect(checkStep('save', 'draft', ['cataloguer'])).toBeNull();
    expect(checkStep('submit', 'draft', ['cataloguer'])).toBeNull();
    expect(checkStep('publish', 'in_review', ['cataloguer'])).toBe('role');
    expect(checkStep('approve', 'in_review', ['cataloguer'])).toBe('role');
    expect(checkStep('publish', 'in_review', ['reviewer'])).toBeNull();
    expect(checkStep('publish', 'draft', ['reviewer'])).toBe('status');
    expect(checkStep('submit', 'in_review', ['cataloguer'])).toBe('status');
    expect(checkStep('return', 'reviewed', ['admin'])).toBeNull();
  });

  it('starts a draft when a published record is edited, and otherwise keeps the status on save', () => {
    expect(statusAfter('save', 'published')).toBe('draft');
    expect(statusAfter('save', 'in_review')).toBe('in_review');
    expect(statusAfter('submit', 'draft')).toBe('in_review');
    expect(statusAfter('return', 'in_review')).toBe('draft');
    expect(statusAfter('publish', 'reviewed')).toBe('published');
  });
});

async function withThrottles(test: (world: { one: LoginThrottle; two: LoginThrottle; store: FsObjectStore; advance(ms: number): void }) => Promise<void>): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'difang-throttle-'));
  try {
    const store = await FsObjectStore.open(folder);
    let now = 1_000_000;
    const [one, two] = [new LoginThrottle(store, {}, () => now), new LoginThrottle(store, {}, () => now)];
    await test({ one, two, store, advance: (ms) => (now += ms) });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe('sign-in safety', () => {
  it("slows one client guessing one account, without locking the account's owner out elsewhere", async () => {
    await withThrottles(async ({ one, advance }) => {
      const attacker = { username: 'alice', client: '203.0.113.9' };
      // Any letter case or spacing is the same account.
      for (const username of ['alice', 'ALICE', ' Alice ', 'alice', 'aLiCe']) {
        expect(await one.retryAfter(attacker)).toBe(0);
        await one.failed({ ...attacker, username }, true);
        advance(1000);
      }
      expect(await one.retryAfter(attacker)).toBe(895);
      expect(await one.retryAfter({ username: 'alice', client: '198.51.100.7' })).toBe(0);
      advance(895_000);
      expect(await one.retryAfter(attacker)).toBe(0);
    });
  });

  it('slows one client trying many names (spraying), and writes nothing for names that are not accounts', async () => {
    await withThrottles(async ({ one, store }) => {
      const client = '203.0.113.9';
      for (let i = 0; i < 20; i++) {
        expect(await one.retryAfter({ username: `user${i}`, client })).toBe(0);
        await one.failed({ username: `user${i}`, client }, false);
      }
      expect(await one.retryAfter({ username: 'user99', client })).toBeGreaterThan(0);
      expect(await one.retryAfter({ username: 'user99', client: '198.51.100.7' })).toBe(0);
      expect((await store.list('signin-failures/')).items).toEqual([]);
    });
  });

  it('slows everyone for an account guessed from many addresses, counted across processes; a success clears it', async () => {
    await withThrottles(async ({ one, two, store }) => {
      // Two servers over one store, as two processes (or two Workers isolates) would be.
      for (let i = 0; i < 45; i++) await (i % 2 === 0 ? one : two).failed({ username: 'carol', client: `10.0.${i}.1` }, true);
      expect(await two.retryAfter({ username: 'carol', client: '198.51.100.7' })).toBe(0);
      // Failures at the same moment from two places are all counted.
      await Promise.all(Array.from({ length: 5 }, (_, i) => (i % 2 === 0 ? one : two).failed({ username: 'carol', client: `10.1.${i}.1` }, true)));
      expect(await two.retryAfter({ username: 'carol', client: '198.51.100.7' })).toBeGreaterThan(0);
      expect((await store.list('signin-failures/')).items).toHaveLength(1);
      await one.succeeded({ username: 'carol', client: '10.0.0.1' });
      expect(await two.retryAfter({ username: 'carol', client: '198.51.100.7' })).toBe(0);
    });
  });

  it('checks two passwords at a time and turns a crowd away at once', async () => {
    await withThrottles(async ({ store }) => {
      const gate = new LoginThrottle(store, { concurrentChecks: 2, waitingChecks: 1 });
      const releases: (() => void)[] = [];
      let running = 0;
      let most = 0;
      const check = () =>
        gate.check(async () => {
          most = Math.max(most, ++running);
          await new Promise<void>((done) => releases.push(done));
          running--;
          return 'checked';
        });
      const started = [check(), check(), check()];
      expect(await check()).toBeNull();
      let all: string[] | null = null;
      void Promise.all(started).then((done) => (all = done as string[]));
      while (!all) {
        releases.shift()?.();
        await new Promise((tick) => setTimeout(tick, 1));
      }
      expect(all).toEqual(['checked', 'checked', 'checked']);
      expect(most).toBe(2);
    });
  });

  it('goes on only to a path on this site', () => {
    expect(safeNext('/catalog/articles/x')).toBe('/catalog/articles/x');
    expect(safeNext('//evil.example/')).toBe('/catalog');
    expect(safeNext('/\\evil.example')).toBe('/catalog');
    expect(safeNext('https://evil.example/')).toBe('/catalog');
    // Browsers drop tabs and line breaks: "/\t/evil.example" would be "//evil.example" (issue 22).
    expect(safeNext('/\t/evil.example/phish')).toBe('/catalog');
    expect(safeNext('/\n/evil.example')).toBe('/catalog');
    expect(safeNext('/\r\nSet-Cookie: x=1')).toBe('/catalog');
    expect(safeNext('/%09/evil.example')).toBe('/%09/evil.example');
    expect(safeNext('/catalog/queue?status=草稿')).toBe('/catalog/queue?status=草稿');
    expect(safeNext(undefined)).toBe('/catalog');
  });
});
