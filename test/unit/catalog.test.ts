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

describe('sign-in safety', () => {
  it('throttles a username after five failures until they leave the window, counted across processes', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'difang-throttle-'));
    try {
      const store = await FsObjectStore.open(folder);
      let now = 0;
      // Two servers over one store, as two processes (or two Workers isolates) would be.
      const [one, two] = [new LoginThrottle(store, 5, 60_000, () => now), new LoginThrottle(store, 5, 60_000, () => now)];
      for (let i = 0; i < 5; i++) {
        expect(await one.retryAfter('alice')).toBe(0);
        await (i % 2 === 0 ? one : two).failed('alice');
        now += 1000;
      }
      expect(await one.retryAfter('alice')).toBe(55);
      expect(await two.retryAfter('alice')).toBe(55);
      expect(await two.retryAfter('bob')).toBe(0);
      now = 60_001;
      expect(await one.retryAfter('alice')).toBe(0);
      await one.failed('alice');
      await two.succeeded('alice');
      expect(await one.retryAfter('alice')).toBe(0);
      // Failures at the same moment from two places are all counted.
      await Promise.all(Array.from({ length: 5 }, (_, i) => (i % 2 === 0 ? one : two).failed('carol')));
      expect(await one.retryAfter('carol')).toBeGreaterThan(0);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
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
