/**
 * `difang verify`: is the store whole? Every record is read back through its schema; every
 * stored original (and OCR file as delivered) is hashed again and compared with the checksum its
 * page record holds; every page has its derivatives (normalized OCR, IIIF info.json, thumbnail);
 * and records hang together — an issue has its title, a page its issue, an article its issue and
 * the pages its regions are on, page files and IIIF tiles their page record, an issue's own files
 * its issue record; and every other object difang keeps (src/services/stored-objects.ts) reads
 * back through its schema. Nothing is changed; each problem names the key and what is wrong.
 */
import { pagesOfArticle, type Article } from '../../src/domain/article.ts';
import type { Issue } from '../../src/domain/issue.ts';
import { issueKeyOf, issuePath, pageId, pagePath, recordKindOfStorageKey, storageKeys, type IssueKey, type PageKey } from '../../src/domain/natural-keys.ts';
import type { Page } from '../../src/domain/page.ts';
import type { Text } from '../../src/i18n.ts';
import type { ObjectStore } from '../../src/ports.ts';
import { keysUnder } from '../../src/services/keys-under.ts';
import { readStoredJson, RecordStore, storageKeyOf, type RecordKind } from '../../src/services/record-store.ts';
import { storedKinds } from '../../src/services/stored-objects.ts';
import { extensionOf } from '../images/sniff-format.ts';
import { forEachLimited } from '../pipeline/page-steps.ts';
import { hashObject } from './copy-store.ts';

export interface VerifyProblem {
  key: string;
  problem: Text;
}

export interface VerifyReport {
  records: number;
  /** Other objects read back through their schema (accounts, working copies, jobs…). */
  others: number;
  /** Originals and delivered OCR files hashed again. */
  files: number;
  bytes: number;
  problems: VerifyProblem[];
  seconds: number;
}

export interface VerifyProgress {
  (done: { step: 'records' | 'files'; done: number; total: number }): void;
}

export async function verifyStore(store: ObjectStore, options: { concurrency?: number; progress?: VerifyProgress } = {}): Promise<VerifyReport> {
  const started = performance.now();
  const concurrency = options.concurrency ?? 4;
  const problems: VerifyProblem[] = [];
  const report = (key: string, zh: string, en: string): void => void problems.push({ key, problem: { 'zh-CN': zh, en } });

  // 1. Every record, read back through its schema.
  const records = new RecordStore(store);
  const recordKeys: { key: string; kind: RecordKind }[] = [];
  for await (const key of keysUnder(store, storageKeys.recordsPrefix)) {
    const kind = recordKindOfStorageKey(key);
    if (kind) recordKeys.push({ key, kind });
  }
  const titles = new Set<string>();
  const issues = new Map<string, Issue>();
  const pages = new Map<string, Page>();
  const articles: { key: string; article: Article }[] = [];
  let read = 0;
  await forEachLimited(recordKeys, concurrency, async ({ key, kind }) => {
    let stored;
    try {
      stored = await records.read(kind, key);
    } catch (error) {
      return report(key, `记录无法读取：${(error as Error).message}`, `unreadable record: ${(error as Error).message}`);
    } finally {
      options.progress?.({ step: 'records', done: ++read, total: recordKeys.length });
    }
    if (!stored) return report(key, '记录在列出后消失', 'the record disappeared after it was listed');
    const record = stored.record;
    const belongs = storageKeyOf(kind, record);
    if (key !== belongs) return report(key, `记录的 key 与存放位置不符（应在 ${belongs}）`, `the record's key does not match where it is stored (${belongs})`);
    if (kind === 'title') titles.add((record as { key: { title: string } }).key.title);
    else if (kind === 'issue') issues.set(issuePath((record as Issue).key), record as Issue);
    else if (kind === 'page') pages.set(pagePath((record as Page).key), record as Page);
    else articles.push({ key, article: record as Article });
  });

  // 2. Records hang together.
  for (const issue of issues.values()) {
    if (!titles.has(issue.key.title)) report(storageKeys.issue(issue.key), `题名记录 ${storageKeys.title(issue.key.title)} 不存在`, `its title record ${storageKeys.title(issue.key.title)} is missing`);
  }
  for (const page of pages.values()) {
    const issueKey = issueKeyOf(page.key);
    if (!issues.has(issuePath(issueKey))) report(storageKeys.page(page.key), `所属期的记录 ${storageKeys.issue(issueKey)} 不存在`, `its issue record ${storageKeys.issue(issueKey)} is missing`);
  }
  for (const { key, article } of articles) {
    const issueKey = issueKeyOf(article.key);
    if (!issues.has(issuePath(issueKey))) report(key, `所属期的记录 ${storageKeys.issue(issueKey)} 不存在`, `its issue record ${storageKeys.issue(issueKey)} is missing`);
    for (const seq of pagesOfArticle(article)) {
      const pageKey = { ...issueKey, seq } as PageKey;
      if (!pages.has(pagePath(pageKey))) report(key, `区域所在的第 ${seq} 页（${storageKeys.page(pageKey)}）不存在`, `page ${seq} its regions are on (${storageKeys.page(pageKey)}) is missing`);
    }
  }

  // 3. Every page's files: originals and delivered OCR hashed again, derivatives present.
  const files = { count: 0, bytes: 0 };
  const wholeIssueOriginals = new Map<string, Promise<string | null>>();
  let checked = 0;
  await forEachLimited([...pages.values()], concurrency, async (page) => {
    const pageKey = page.key;
    const listed = new Map<string, number>();
    for await (const key of keysUnder(store, `pages/${pagePath(pageKey)}/`)) listed.set(key, 0);
    const original = storageKeys.pageOriginal(pageKey, extensionOf[page.image.format]);
    if (listed.has(original)) {
      const hashed = await hashObject(store, original);
      if (hashed) {
        files.count++;
        files.bytes += hashed.bytes;
        if (hashed.sha256 !== page.image.sha256) report(original, `校验和不符：记录为 ${page.image.sha256.slice(0, 12)}…，实为 ${hashed.sha256.slice(0, 12)}…`, `checksum mismatch: recorded ${page.image.sha256.slice(0, 12)}…, found ${hashed.sha256.slice(0, 12)}…`);
        else if (hashed.bytes !== page.image.bytes) report(original, `大小不符：记录为 ${page.image.bytes} 字节，实为 ${hashed.bytes}`, `size mismatch: recorded ${page.image.bytes} bytes, found ${hashed.bytes}`);
      }
    } else if (page.image.format === 'pdf' && page.image.sourceName.includes('#page=')) {
      // A page of a multi-page PDF: the delivered file is the issue's, hashed once for all its pages.
      const issueOriginal = storageKeys.issueOriginal(issueKeyOf(pageKey) as IssueKey, 'pdf');
      let hashing = wholeIssueOriginals.get(issueOriginal);
      if (!hashing) {
        hashing = hashObject(store, issueOriginal).then((hashed) => {
          if (hashed) {
            files.count++;
            files.bytes += hashed.bytes;
          }
          return hashed?.sha256 ?? null;
        });
        wholeIssueOriginals.set(issueOriginal, hashing);
      }
      const sha256 = await hashing;
      if (sha256 === null) report(issueOriginal, `原件缺失（${storageKeys.page(pageKey)} 的来源）`, `the original is missing (the source of ${storageKeys.page(pageKey)})`);
      else if (sha256 !== page.image.sha256) report(issueOriginal, `校验和与 ${storageKeys.page(pageKey)} 记录的不符`, `checksum does not match what ${storageKeys.page(pageKey)} records`);
    } else {
      report(original, `原件缺失（${storageKeys.page(pageKey)} 记录了它）`, `the original is missing (${storageKeys.page(pageKey)} records it)`);
    }
    if (page.ocr.sourceSha256) {
      const source = [...listed.keys()].find((key) => key.startsWith(`pages/${pagePath(pageKey)}/ocr-source.`));
      const hashed = source ? await hashObject(store, source) : null;
      if (!source || !hashed) report(storageKeys.page(pageKey), '交付的 OCR 文件缺失', 'the OCR file as delivered is missing');
      else {
        files.count++;
        files.bytes += hashed.bytes;
        if (hashed.sha256 !== page.ocr.sourceSha256) report(source, 'OCR 文件的校验和与页面记录不符', "the OCR file's checksum does not match the page record");
      }
    }
    if (page.ocr.status !== 'none' && !listed.has(storageKeys.pageOcr(pageKey))) report(storageKeys.pageOcr(pageKey), '规范化 OCR 缺失', 'the normalized OCR is missing');
    if (!listed.has(storageKeys.pageThumbnail(pageKey))) report(storageKeys.pageThumbnail(pageKey), '缩略图缺失', 'the thumbnail is missing');
    const info = `${storageKeys.iiifImage(pageKey)}/info.json`;
    if (!(await store.head(info))) report(info, `IIIF info.json 缺失（${pageId(pageKey)}）`, `the IIIF info.json is missing (${pageId(pageKey)})`);
    options.progress?.({ step: 'files', done: ++checked, total: pages.size });
  });

  // 4. Page files whose page record is gone (a page removed by hand, or a record lost), and an
  //    issue's own files (a whole-issue PDF) whose issue record is gone.
  const orphans = new Set<string>();
  for await (const key of keysUnder(store, 'pages/')) {
    const folder = key.slice('pages/'.length, key.lastIndexOf('/'));
    const pageFolder = /^(.*\/seq-\d+)(\/|$)/.exec(folder)?.[1];
    if (pageFolder) {
      if (!pages.has(pageFolder)) orphans.add(pageFolder);
    } else if (!issues.has(folder)) {
      report(key, `有整期文件但没有这一期的记录 records/${folder}/issue.json`, `an issue's file without its issue record records/${folder}/issue.json`);
    }
  }
  for (const folder of orphans) report(`pages/${folder}/`, `有页面文件但没有页面记录 records/${folder}/page.json`, `page files without their page record records/${folder}/page.json`);

  // 5. IIIF images whose page record is gone (tiles left by a page refused or removed).
  const pageIds = new Set([...pages.values()].map((page) => pageId(page.key)));
  const orphanImages = new Set<string>();
  for await (const key of keysUnder(store, 'iiif/')) {
    const id = key.slice('iiif/'.length, key.indexOf('/', 'iiif/'.length));
    if (!pageIds.has(id)) orphanImages.add(id);
  }
  for (const id of orphanImages) report(`iiif/${id}/`, `有 IIIF 图块但没有页面记录（${id}）`, `IIIF tiles without their page record (${id})`);

  // 6. Everything else difang keeps (accounts, sessions, tokens, working copies, audit trail,
  //    vocabularies, jobs, sign-in failures), each read back through its schema.
  let others = 0;
  for (const kind of storedKinds) {
    const keys: string[] = [];
    for await (const key of keysUnder(store, kind.prefix)) keys.push(key);
    await forEachLimited(keys, concurrency, async (key) => {
      others++;
      try {
        await readStoredJson(store, key, kind.schema);
      } catch (error) {
        report(key, `${kind.what['zh-CN']}无法读取：${(error as Error).message}`, `unreadable ${kind.what.en}: ${(error as Error).message}`);
      }
    });
  }

  problems.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { records: recordKeys.length, others, files: files.count, bytes: files.bytes, problems, seconds: (performance.now() - started) / 1000 };
}
