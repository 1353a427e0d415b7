import { describe, expect, it } from 'vitest';
import { articleSchema, pagesOfArticle } from '../../src/domain/article.ts';
import {
  articleId,
  articlePath,
  issueId,
  issueKeyOf,
  issuePath,
  pageId,
  pagePath,
  parseId,
  recordKindOfStorageKey,
  storageKeys,
  titleIdSchema,
  urls,
  articleKeySchema,
  issueKeySchema,
  pageKeySchema,
  type ArticleKey,
  type PageKey,
} from '../../src/domain/natural-keys.ts';
import { titleSchema } from '../../src/domain/title.ts';

const meiliIdPattern = /^[A-Za-z0-9_-]{1,511}$/;

describe('natural keys', () => {
  // 《清远日报》 is the paper the Qingyuan library project digitizes (1990–2003).
  const qingyuanPage: PageKey = { title: 'qingyuan-ribao', date: '1995-03-01', edition: 1, seq: 3 };
  const secondEdition: PageKey = { title: 'qingyuan-ribao', date: '1995-03-01', edition: 2, seq: 1 };
  const gazetteerPage: PageKey = { title: 'qingyuan-xianzhi', volume: 3, seq: 12 };

  it('gives a Chinese newspaper page its path, URL, storage keys and Meilisearch id', () => {
    expect(pagePath(qingyuanPage)).toBe('qingyuan-ribao/1995-03-01/ed-1/seq-3');
    expect(urls.page(qingyuanPage)).toBe('/titles/qingyuan-ribao/1995-03-01/ed-1/seq-3');
    expect(pageId(qingyuanPage)).toBe('qingyuan-ribao_1995-03-01_ed-1_seq-3');
    expect(pageId(qingyuanPage)).toMatch(meiliIdPattern);
    expect(storageKeys.page(qingyuanPage)).toBe('records/qingyuan-ribao/1995-03-01/ed-1/seq-3/page.json');
    expect(storageKeys.pageOriginal(qingyuanPage, 'tif')).toBe('pages/qingyuan-ribao/1995-03-01/ed-1/seq-3/original.tif');
    expect(storageKeys.iiifImage(qingyuanPage)).toBe('iiif/qingyuan-ribao_1995-03-01_ed-1_seq-3');
    expect(urls.iiifImage(qingyuanPage)).toBe('/iiif/3/qingyuan-ribao_1995-03-01_ed-1_seq-3');
  });

  it('keeps two editions of the same day apart', () => {
    expect(pageId(secondEdition)).not.toBe(pageId({ ...secondEdition, edition: 1 }));
    expect(issuePath(secondEdition)).toBe('qingyuan-ribao/1995-03-01/ed-2');
    expect(urls.issue(issueKeyOf(secondEdition))).toBe('/titles/qingyuan-ribao/1995-03-01/ed-2');
  });

  it('addresses volumes of a local-history document by volume, not date', () => {
    expect(pagePath(gazetteerPage)).toBe('qingyuan-xianzhi/vol-3/seq-12');
    expect(issueId(gazetteerPage)).toBe('qingyuan-xianzhi_vol-3');
    expect(storageKeys.issue(issueKeyOf(gazetteerPage))).toBe('records/qingyuan-xianzhi/vol-3/issue.json');
  });

  it('numbers articles within their issue, and a continued article (转版) lists each of its pages once', () => {
    const key: ArticleKey = { title: 'qingyuan-ribao', date: '1995-03-01', edition: 1, article: 12 };
    expect(articlePath(key)).toBe('qingyuan-ribao/1995-03-01/ed-1/art-12');
    expect(articleId(key)).toBe('qingyuan-ribao_1995-03-01_ed-1_art-12');
    expect(urls.article(key)).toBe('/articles/qingyuan-ribao_1995-03-01_ed-1_art-12');
    expect(storageKeys.article(key)).toBe('records/qingyuan-ribao/1995-03-01/ed-1/art-12/article.json');
    const continued = {
      regions: [
        { seq: 1, x: 100, y: 200, w: 800, h: 1200 },
        { seq: 1, x: 950, y: 200, w: 400, h: 600 },
        { seq: 4, x: 80, y: 3000, w: 1200, h: 900 },
      ],
    };
    expect(pagesOfArticle(continued)).toEqual([1, 4]);
  });

  it('reads every id and path back into the key it came from', () => {
    const article: ArticleKey = { title: 'nanfang-ribao', date: '2003-12-31', edition: 3, article: 240 };
    expect(parseId(pageId(qingyuanPage))).toEqual({ kind: 'page', key: qingyuanPage });
    expect(parseId(pagePath(gazetteerPage))).toEqual({ kind: 'page', key: gazetteerPage });
    expect(parseId(articleId(article))).toEqual({ kind: 'article', key: article });
    expect(parseId(issueId(secondEdition))).toEqual({ kind: 'issue', key: { title: 'qingyuan-ribao', date: '1995-03-01', edition: 2 } });
    expect(parseId('qingyuan-ribao')).toEqual({ kind: 'title', key: { title: 'qingyuan-ribao' } });
  });

  it.each([
    ['清远日报_1995-03-01_ed-1_seq-3', 'a Chinese title id (ids are ASCII; the name stays Chinese)'],
    ['qyrb_1995-02-30_ed-1_seq-3', 'a day that does not exist'],
    ['qyrb_1995-03-01_ed-0_seq-3', 'edition 0'],
    ['qyrb_1995-03-01_ed-1_seq-03', 'a zero-padded number'],
    ['qyrb_1995-03-01_ed-1_seq-3_extra', 'trailing segments'],
    ['qyrb_1995-03-01', 'a date without an edition'],
    ['QYRB_1995-03-01_ed-1', 'upper case'],
    ['qyrb/../etc_1995-03-01_ed-1', 'path tricks'],
  ])('rejects %s (%s)', (id) => {
    expect(parseId(id)).toBeNull();
  });

  it('reads ids by the very rules of the key schemas (checked against them over many near misses)', () => {
    // The schemas' verdict on the key an id spells out, the slow way.
    const bySchemas = (id: string): unknown => {
      const [title, second, third, fourth, ...extra] = id.split('_');
      if (extra.length > 0) return null;
      const number = (prefix: string, segment?: string) => (segment?.startsWith(`${prefix}-`) && /^[1-9]\d*$/.test(segment.slice(prefix.length + 1)) ? Number(segment.slice(prefix.length + 1)) : NaN);
      const volume = number('vol', second);
      const issue = Number.isNaN(volume) ? { title, date: second, edition: number('ed', third) } : { title, volume };
      const child = Number.isNaN(volume) ? fourth : third;
      if (!Number.isNaN(volume) && fourth !== undefined) return null;
      if (second === undefined) return titleIdSchema.safeParse(title).success ? { kind: 'title', key: { title } } : null;
      if (child === undefined) return issueKeySchema.safeParse(issue).success ? { kind: 'issue', key: issue } : null;
      const page = pageKeySchema.safeParse({ ...issue, seq: number('seq', child) });
      if (page.success) return { kind: 'page', key: page.data };
      const article = articleKeySchema.safeParse({ ...issue, article: number('art', child) });
      return article.success ? { kind: 'article', key: article.data } : null;
    };
    const titles = ['qyrb', 'cn44-0043', 'a'.repeat(64), 'a'.repeat(65), 'QYRB', 'a--b', '-a', ''];
    const issues = ['1995-03-01_ed-1', '2000-02-29_ed-99', '1900-02-29_ed-1', '1995-13-01_ed-1', '1995-03-01_ed-100', '1995-03-01_ed-01', '1995-3-1_ed-1', 'vol-1', 'vol-9999', 'vol-10000', 'vol-0', 'vol-x'];
    const children = ['', '_seq-1', '_seq-9999', '_seq-10000', '_seq-0', '_art-99999', '_art-100000', '_art-7', '_art-1_seq-1', '_page-1', '_seq-'];
    let checked = 0;
    for (const title of titles) {
      expect(parseId(title)).toEqual(bySchemas(title));
      for (const issue of issues) {
        for (const child of children) {
          const id = `${title}_${issue}${child}`;
          expect(parseId(id), id).toEqual(bySchemas(id));
          checked++;
        }
      }
    }
    expect(checked).toBe(titles.length * issues.length * children.length);
  });

  it('accepts pinyin slugs and CN / LCCN numbers as title ids, and explains what it refuses', () => {
    for (const id of ['qingyuan-ribao', 'cn44-0043', 'sn85058233', 'qyrb']) expect(titleIdSchema.safeParse(id).success).toBe(true);
    const refused = titleIdSchema.safeParse('清远日报');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toContain('lowercase');
  });

  it('tells which kind of record a storage key holds, so a rebuild can route what it lists', () => {
    expect(recordKindOfStorageKey(storageKeys.title('qyrb'))).toBe('title');
    expect(recordKindOfStorageKey(storageKeys.page(qingyuanPage))).toBe('page');
    expect(recordKindOfStorageKey(storageKeys.article({ title: 'qyrb', volume: 1, article: 2 }))).toBe('article');
    expect(recordKindOfStorageKey(storageKeys.pageOcr(qingyuanPage))).toBeNull();
  });
});

describe('record schemas', () => {
  const meta = { version: 1, updatedAt: '2026-11-23T10:00:00+08:00' };

  it('takes a Chinese newspaper title with its CN number and rights statement', () => {
    const title = titleSchema.parse({ ...meta, key: { title: 'qingyuan-ribao' }, kind: 'newspaper', name: '清远日报', cn: 'CN 44-0043', place: '广东省清远市', rights: '清远市图书馆保留权利' });
    expect(title).toMatchObject({ name: '清远日报', language: 'chi', hidden: false, otherNames: [] });
  });

  it('takes a continued article with every FIELDS.md field, and refuses one without regions', () => {
    const article = articleSchema.parse({
      ...meta,
      key: { title: 'qingyuan-ribao', date: '1995-03-01', edition: 1, article: 12 },
      title: '清远市图书馆新馆落成开放',
      kicker: '市民文化生活又添新去处',
      subtitle: '藏书逾三十万册',
      creators: [
        { name: '李明', role: 'reporter' },
        { name: '陈华', role: 'photographer' },
      ],
      column: '城市新闻',
      genre: 'news',
      abstract: '清远市图书馆新馆昨日正式开放。',
      subjects: [{ term: '公共图书馆' }],
      keywords: ['新馆', '开放'],
      clc: ['G259.276.5'],
      persons: ['李明'],
      organizations: ['清远市图书馆'],
      places: [{ name: '清远市', code: '441800' }],
      temporal: '1995年春',
      text: { ocr: '清远市图书馆新馆昨日正式开放……', corrected: '清远市图书馆新馆昨日正式开放。' },
      regions: [
        { seq: 1, x: 10, y: 20, w: 300, h: 400 },
        { seq: 4, x: 10, y: 20, w: 300, h: 200 },
      ],
      status: 'draft',
      segmentation: 'machine',
    });
    expect(article.subjects).toEqual([{ term: '公共图书馆', scheme: 'CCT' }]);
    expect(pagesOfArticle(article)).toEqual([1, 4]);
    const withoutRegions = articleSchema.safeParse({ ...article, regions: [] });
    expect(withoutRegions.success).toBe(false);
    const badClass = articleSchema.safeParse({ ...article, clc: ['图书馆'] });
    expect(badClass.success).toBe(false);
    const badPlace = articleSchema.safeParse({ ...article, places: [{ name: '清远市', code: '4418' }] });
    expect(badPlace.success).toBe(false);
  });
});

describe('page OCR, vocabulary terms and users', async () => {
  const { pageOcrSchema, countWords } = await import('../../src/domain/page-ocr.ts');
  const { termSchema } = await import('../../src/domain/term.ts');
  const { userSchema } = await import('../../src/domain/user.ts');

  it('holds blocks, lines and words with boxes, and one derived box per Chinese character', () => {
    const ocr = pageOcrSchema.parse({
      width: 5000,
      height: 7000,
      source: { format: 'paddle' },
      script: 'cjk',
      blocks: [
        {
          box: { x: 100, y: 100, w: 400, h: 50 },
          lines: [
            {
              box: { x: 100, y: 100, w: 400, h: 50 },
              words: [
                {
                  text: '图书馆',
                  box: { x: 100, y: 100, w: 150, h: 50 },
                  confidence: 0.97,
                  chars: [
                    { x: 100, y: 100, w: 50, h: 50 },
                    { x: 150, y: 100, w: 50, h: 50 },
                    { x: 200, y: 100, w: 50, h: 50 },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(countWords(ocr)).toBe(1);
    const badChars = pageOcrSchema.safeParse({ ...ocr, blocks: [{ ...ocr.blocks[0], lines: [{ ...ocr.blocks[0]!.lines[0], words: [{ text: '图书馆', box: { x: 1, y: 1, w: 1, h: 1 }, chars: [{ x: 1, y: 1, w: 1, h: 1 }] }] }] }] });
    expect(badChars.success).toBe(false);
  });

  it('holds a subject term with its non-preferred forms, and a place with its GB/T 2260 code', () => {
    expect(termSchema.parse({ vocabulary: 'subject', id: '公共图书馆', preferred: '公共图书馆', variants: ['公立图书馆'] })).toMatchObject({ broader: [] });
    expect(termSchema.parse({ vocabulary: 'place', id: '441800', preferred: '清远市', code: '441800', variants: ['清远地区'] }).code).toBe('441800');
  });

  it('holds users with scrypt hashes and at least one role, never a password', () => {
    const user = userSchema.parse({ version: 1, updatedAt: '2026-11-23T00:00:00Z', username: 'li.ming', displayName: '李明', roles: ['cataloguer'], passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA' });
    expect(user.disabled).toBe(false);
    expect(userSchema.safeParse({ ...user, roles: [] }).success).toBe(false);
    expect(userSchema.safeParse({ ...user, passwordHash: 'hunter2' }).success).toBe(false);
    expect(userSchema.safeParse({ ...user, username: '李明' }).success).toBe(false);
  });
});
