/**
 * The size of one city daily, made up for the benchmarks: `total` article records (27,000 for
 * 1990–2003) on three pages per issue, nine articles per issue, stored as records in `store` and
 * indexed in `search` — published, catalogued, with realistic Chinese fields and text.
 */
import type { Article } from '../src/domain/article.ts';
import type { Issue } from '../src/domain/issue.ts';
import { storageKeys, type DatedIssueKey } from '../src/domain/natural-keys.ts';
import type { Page } from '../src/domain/page.ts';
import { articleDocument } from '../src/domain/search-documents.ts';
import type { Title } from '../src/domain/title.ts';
import type { ObjectStore, SearchIndex } from '../src/ports.ts';
import { ensureSearchIndexes } from '../src/services/search-indexes.ts';

export async function buildCityDaily(store: ObjectStore, search: SearchIndex, total: number): Promise<{ issues: number; pagesPerIssue: number }> {
  const pagesPerIssue = 3;
  const articlesPerIssue = 9;
  const issues = Math.ceil(total / articlesPerIssue);
  await ensureSearchIndexes(search);
  const now = '2026-11-23T00:00:00.000Z';
  const title: Title = { key: { title: 'qingyuan-ribao' }, kind: 'newspaper', name: '清远日报', otherNames: [], cn: 'CN 44-0043', place: '广东省清远市', language: 'chi', rights: '版权归原权利人所有', hidden: false, version: 1, updatedAt: now };
  await store.put(storageKeys.title('qingyuan-ribao'), JSON.stringify(title));
  const put = (key: string, value: unknown) => store.put(key, JSON.stringify(value), { durable: false });
  const documents: Record<string, unknown>[] = [];
  let made = 0;
  for (let i = 0; i < issues && made < total; i++) {
    const date = new Date(Date.UTC(1990, 0, 1) + Math.floor((i * 14 * 365) / issues) * 86_400_000).toISOString().slice(0, 10);
    const key: DatedIssueKey = { title: 'qingyuan-ribao', date, edition: 1 };
    const issue: Issue = { key, issueNo: String(1000 + i), version: 1, updatedAt: now };
    const pages: Page[] = Array.from({ length: pagesPerIssue }, (_, p) => ({
      key: { ...key, seq: p + 1 },
      label: `第${p + 1}版`,
      section: ['要闻', '综合', '副刊'][p]!,
      width: 4900,
      height: 7000,
      image: { format: 'tiff', sha256: '0'.repeat(64), bytes: 1, sourceName: `${date}/0${p + 1}.tif` },
      ocr: { status: 'vendor', format: 'alto', words: 3000 },
      version: 1,
      updatedAt: now,
    }));
    await Promise.all([put(storageKeys.issue(key), issue), ...pages.map((page) => put(storageKeys.page(page.key), page))]);
    for (let a = 0; a < articlesPerIssue && made < total; a++, made++) {
      const seq = 1 + (a % pagesPerIssue);
      const article: Article = {
        key: { ...key, article: a + 1 },
        title: `清远市图书馆推进阅读推广工作之${made + 1}`,
        kicker: '公共图书馆年度工作报告摘登',
        creators: [{ name: '林晓红', role: 'reporter' }],
        column: '文化视点',
        genre: 'news',
        language: 'chi',
        abstract: '清远市图书馆修订管理制度，规范工作流程，开展乡村阅读推广活动。',
        subjects: [{ term: '公共图书馆', scheme: 'CCT' }, { term: '阅读推广', scheme: 'CCT' }],
        keywords: ['乡村阅读', '绘本'],
        clc: ['G259.276.5'],
        persons: ['林晓红'],
        organizations: ['清远市图书馆'],
        places: [{ name: '清远市', code: '441800' }],
        text: { ocr: '聚集“百千万工程”、文旅融合等中心工作，打造了“绘本阅读进乡村”“读游清远”等阅读推广品牌矩阵。'.repeat(12) },
        regions: [{ seq, x: 100, y: 200 + a * 600, w: 2000, h: 550 }],
        status: 'published',
        segmentation: 'cataloguer',
        version: 1,
        updatedAt: new Date(Date.UTC(2026, 0, 1) + made * 1000).toISOString(),
      };
      await put(storageKeys.article(article.key), article);
      documents.push(articleDocument(title, issue, article, pages) as unknown as Record<string, unknown>);
    }
  }
  const tasks = [];
  for (let i = 0; i < documents.length; i += 5000) tasks.push(await search.putDocuments(search.indexUid('articles'), documents.slice(i, i + 5000)));
  for (const task of tasks) await search.waitForTask(task, { timeoutMs: 3600_000 });
  return { issues, pagesPerIssue };
}
