/**
 * Real delivery packages, read as they come from ../shared/samples (never copied into the
 * project): the iArchives article-segmented unit of the Topaz Times, and Le Gaulois 1882 as METS
 * with ALTO from the BnF (page images absent in the source: stand-in images of the ALTO page size
 * are made for the test). And a folder in no layout difang knows is refused, saying so.
 */
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/domain/article.ts';
import { articlesOfIssue } from '../helpers/records.ts';
import { runDifang } from '../helpers/difang-cli.ts';
import { fixture, sample } from '../helpers/fixtures.ts';
import { fsWorld, type IngestWorld } from '../helpers/ingest.ts';
import { meiliConnection, uniqueName } from '../helpers/services.ts';
import { temporaryFolders } from '../helpers/temp-files.ts';

const folder = temporaryFolders();

describe('the Topaz Times as its iArchives unit (unit.xml + pages/ + articles/)', () => {
  let world: IngestWorld;
  let report: Awaited<ReturnType<IngestWorld['ingest']>>;
  let articles: Article[];
  const issue = { title: 'topaz-times', date: '1944-12-13', edition: 1 };

  beforeAll(async () => {
    world = await fsWorld();
    report = await world.ingest({ source: sample('topaz-times-1944-batch'), title: 'topaz-times', titleName: 'Topaz Times' });
    articles = await articlesOfIssue(world.records, issue);
  });
  afterAll(() => world.close());

  it('stores the 4 pages and the 29 articles people cut, with nothing refused and every other file named', async () => {
    expect(report.rejected).toEqual([]);
    expect(report.pages).toEqual({ stored: 4, unchanged: 0, rejected: 0 });
    expect(report.articlesCreated).toBe(29);
    // DTDs, the vendor's reports, 29 clipping images and 4 page PDFs beside the TIFFs: none silently skipped.
    const companions = report.companions.map((c) => c.file);
    expect(companions).toEqual(expect.arrayContaining(['unit.dtd', 'accuracy-report.csv', 'page-exceptions.csv', 'pages/pdf/ttt_19441101-19450131_0059.pdf']));
    expect(companions.filter((file) => file.startsWith('articles/images/'))).toHaveLength((await readdir(sample('topaz-times-1944-batch', 'articles', 'images'))).length);
    const title = (await world.records.getTitle('topaz-times'))!.record;
    expect(title).toMatchObject({ name: 'Topaz Times', language: 'eng' });
    const stored = (await world.records.getIssue(issue))!.record;
    expect(stored).toMatchObject({ printedDate: '13-DEC-1944', issueNo: '21', label: 'Vol. IX, No. 21' });
    expect((await world.records.getPage({ ...issue, seq: 1 }))!.record).toMatchObject({ width: 1162, height: 1941, label: '1', image: { format: 'tiff' }, ocr: { status: 'vendor', format: 'iarchives' } });
  });

  it('keeps each article as people cut it: headline, zones as regions, types, and the continued article on both pages', () => {
    const byTitle = new Map(articles.map((a) => [a.title, a]));
    expect(articles).toHaveLength(29);
    expect(articles.every((a) => a.segmentation === 'vendor' && a.status === 'draft' && a.language === 'eng')).toBe(true);
    expect(byTitle.get('Sharecrop Offers')!.regions).toEqual([{ seq: 1, x: 0, y: 1473, w: 406, h: 467 }]);
    // Headline across two columns, then the third column: two zones, not the whole rectangle.
    expect(byTitle.get('33 Issued Permits to Re-Enter Pacific Coast')!.regions).toEqual([
      { seq: 1, x: 405, y: 259, w: 756, h: 99 },
      { seq: 1, x: 745, y: 357, w: 416, h: 1119 },
    ]);
    const continued = byTitle.get('Reception Comm. to Meet Relocators at N.Y. Station')!;
    expect([...new Set(continued.regions.map((r) => r.seq))]).toEqual([2, 3]);
    // The export's page words are its search words (lower case, split): the text is theirs, page by page.
    expect(continued.text.ocr).toMatch(/^RECEPTION COMM[^]*settlers arriving in now york city[^]*continued on page 3\n\nEVACUEES[^]*continued from page 2/);
    expect(articles.filter((a) => a.genre === 'other').map((a) => a.title)).toHaveLength(4);
    expect(byTitle.get('报头 Masthead')?.genre).toBe('other');
    expect(byTitle.get('Sharecrop Offers')!.text.ocr).toContain('crop offers have boon received frona michigan recently');
  });

  it('takes the title id from the unit when none is given, and a second run changes nothing', async () => {
    const again = await world.ingest({ source: sample('topaz-times-1944-batch'), title: 'topaz-times' });
    expect(again.pages).toEqual({ stored: 0, unchanged: 4, rejected: 0 });
    expect(again.articlesCreated).toBe(0);
    const other = await fsWorld();
    try {
      const derived = await other.ingest({ source: sample('topaz-times-1944-batch') });
      expect(derived.pages.stored).toBe(4);
      expect((await other.records.getTitle('tanforan-totalizer'))?.record.name).toBe('Tanforan Totalizer');
    } finally {
      await other.close();
    }
  });
});

/** Le Gaulois's METS and ALTO linked into a folder, with blank stand-ins where its page images were. */
async function gauloisWithStandIns(): Promise<string> {
  const root = await folder('gaulois');
  const source = sample('le-gaulois-1882-mets');
  // Copied into a scratch folder (the batch reader follows no symlinks), never into the project.
  await cp(join(source, '18820208_1-METS.xml'), join(root, '18820208_1-METS.xml'));
  await cp(join(source, 'ALTO'), join(root, 'ALTO'), { recursive: true });
  await mkdir(join(root, 'OCRmaster'));
  const sizes = [
    [5316, 7345],
    [5305, 7386],
    [5290, 7327],
    [5302, 7363],
  ] as const;
  for (const [index, [width, height]] of sizes.entries()) {
    // A PNG under the JPEG 2000 name the METS gives: difang reads what a file is, not what it is called.
    const blank = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).greyscale().png({ compressionLevel: 9 }).toBuffer();
    await writeFile(join(root, 'OCRmaster', `18820208_1-000${index + 1}.jp2`), blank);
  }
  return root;
}

describe('Le Gaulois 1882 as METS with ALTO (BnF, CCS docWorks)', () => {
  let world: IngestWorld;
  let report: Awaited<ReturnType<IngestWorld['ingest']>>;
  let articles: Article[];
  const issue = { title: 'le-gaulois', date: '1882-02-08', edition: 1 };

  beforeAll(async () => {
    world = await fsWorld();
    report = await world.ingest({ source: await gauloisWithStandIns() });
    articles = await articlesOfIssue(world.records, issue);
  });
  afterAll(() => world.close());

  it('takes the date from the issue division’s MODS (08.02.1882), the title from MODS and its language (fr → fre)', async () => {
    expect(report.pages).toEqual({ stored: 4, unchanged: 0, rejected: 0 });
    expect((await world.records.getTitle('le-gaulois'))!.record).toMatchObject({ name: 'Le Gaulois', language: 'fre' });
    expect((await world.records.getIssue(issue))!.record).toMatchObject({ issueNo: '879' });
    expect(report.rejected).toEqual([]);
  });

  it('makes 23 articles and 14 adverts, every one with regions; adverts from ALTO composed blocks; titles once', () => {
    expect(articles.filter((a) => a.genre !== 'advertisement')).toHaveLength(23);
    const adverts = articles.filter((a) => a.genre === 'advertisement');
    expect(adverts).toHaveLength(14);
    expect(articles.every((a) => a.regions.length > 0)).toBe(true);
    expect(adverts.every((a) => a.text.ocr.length > 20)).toBe(true);
    expect(articles.every((a) => a.language === 'fre')).toBe(true);
    const first = articles.find((a) => a.title.startsWith('M. PAUL BERT'))!;
    expect(first.title).toBe("M. PAUL BERT ET LE CLERGE'");
    expect(articles.filter((a) => /^(.+)\s+\1$/.test(a.title))).toEqual([]);
    // The table on page 4 is an empty composed block: its region is the block's own box.
    const table = articles.find((a) => a.regions.some((r) => r.seq === 4 && r.x === 279 && r.y === 4667));
    expect(table?.regions[0]).toMatchObject({ w: 2418, h: 2409 });
  });

  it('takes --date over what the METS says, and refuses it for a batch of several issues', async () => {
    const other = await fsWorld();
    try {
      const dated = await other.ingest({ source: await gauloisWithStandIns(), date: '1882-02-09', title: 'gaulois-test' });
      expect(dated.pages.stored).toBe(4);
      expect(await other.records.getIssue({ title: 'gaulois-test', date: '1882-02-09', edition: 1 })).not.toBeNull();
      await expect(other.ingest({ source: fixture('demo'), date: '1995-03-01' })).rejects.toThrow(/--date is for a batch of one issue; this batch holds 3/);
    } finally {
      await other.close();
    }
  });
});

describe('a folder in no layout difang knows', () => {
  it('exits non-zero, lists the layouts it reads and what it found, and stores nothing', async () => {
    const root = await folder('unknown-layout');
    await mkdir(join(root, 'scans'), { recursive: true });
    await writeFile(join(root, 'scans', 'IMG_0001.jpg'), await sharp({ create: { width: 40, height: 40, channels: 3, background: '#fff' } }).jpeg().toBuffer());
    await writeFile(join(root, 'scans', 'IMG_0002.jpg'), await sharp({ create: { width: 40, height: 40, channels: 3, background: '#fff' } }).jpeg().toBuffer());
    await writeFile(join(root, 'notes.txt'), 'page list');
    const dataDir = await folder('unknown-layout-data');
    const { url, key } = meiliConnection();
    const env = { DATA_DIR: dataDir, MEILI_URL: url, MEILI_MASTER_KEY: key, MEILI_INDEX_PREFIX: `${uniqueName('unk').replace(/-/g, '_')}_`, LOG_LEVEL: 'warn' };
    const zh = await runDifang(['ingest', root], env);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('没有认出这个批次的格式');
    expect(zh.stderr).toContain('iArchives');
    expect(zh.stderr).toContain('2 个 .jpg');
    const en = await runDifang(['ingest', root], { ...env, DIFANG_LANG: 'en' });
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('the batch is in no layout difang knows');
    expect(en.stderr).toContain('2 × .jpg');
    expect(await readdir(join(dataDir, 'objects')).catch(() => [])).not.toContain('records');
  });
});
