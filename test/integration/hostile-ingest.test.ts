/**
 * Hostile and careless deliveries (issue 22): a value no record accepts must not stop the server
 * or the command, must be reported by file, row and column, and must leave the store whole.
 */
import { join } from 'node:path';
import iconv from 'iconv-lite';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStore } from '../../indexer/maintenance/verify-store.ts';
import { parseEnv } from '../../src/env.ts';
import { silentLogger } from '../../src/logger.ts';
import { startDifang, type RunningDifang } from '../../src/node.ts';
import type { IngestJob } from '../../src/services/ingest-jobs.ts';
import { RecordStore } from '../../src/services/record-store.ts';
import { runDifang } from '../helpers/difang-cli.ts';
import { fsWorld, snapshot, type IngestWorld } from '../helpers/ingest.ts';
import { vectorPdf } from '../helpers/vector-pdf.ts';
import { storageKeys, type IssueKey } from '../../src/domain/natural-keys.ts';
import { meiliConnection, uniqueName } from '../helpers/services.ts';
import { put, temporaryFolders } from '../helpers/temp-files.ts';

const token = 'an-administrator-token-for-tests-only';
const folder = temporaryFolders();

const pageImage = (): Promise<Buffer> => sharp({ create: { width: 120, height: 160, channels: 3, background: '#f4efe2' } }).jpeg().toBuffer();

/** One batch per bad value the red team found, each a manifest and one page. */
const badTitleValues: { title: string; header: string; value: string }[] = [
  { title: 'red-k', header: '刊号', value: '44-43' },
  { title: 'red-i', header: 'issn', value: '12345678' },
  { title: 'red-u', header: 'rights_uri', value: 'not a url' },
  { title: 'red-j', header: 'rights_uri', value: 'javascript:alert(1)' },
];

async function badManifestBatch(root: string, { title, header, value }: (typeof badTitleValues)[number]): Promise<void> {
  await put(root, 'manifest.csv', `报纸代码,报纸名,${header}\n${title},测试报,${value}\n`);
  await put(root, `${title}/2002-03-03/01.jpg`, await pageImage());
}

describe('a title value no record accepts', () => {
  let root: string;
  let dataDir: string;
  let difang: RunningDifang;
  const call = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${difang.url}${path}`, { ...init, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...init.headers } });

  beforeAll(async () => {
    root = await folder('hostile-root');
    for (const bad of badTitleValues) await badManifestBatch(join(root, bad.title), bad);
    dataDir = await folder('hostile-data');
    const { url, key } = meiliConnection();
    difang = await startDifang(
      parseEnv({ DATA_DIR: dataDir, PORT: '0', MEILI_URL: url, MEILI_MASTER_KEY: key, MEILI_INDEX_PREFIX: `${uniqueName('hostile').replace(/-/g, '_')}_`, ADMIN_TOKEN: token, INGEST_ROOT: root, DEMO_DATA: 'off' }),
      silentLogger,
    );
  });
  afterAll(async () => {
    await difang?.close();
  });

  it('over the API: the server keeps serving, the job ends with the cell named, the page is stored without the value, verify is clean', async () => {
    for (const bad of badTitleValues) {
      const response = await call('/api/ingest', { method: 'POST', body: JSON.stringify({ source: bad.title }) });
      expect(response.status).toBe(202);
      const { job } = (await response.json()) as { job: IngestJob };
      await difang.ingestJobs.idle();
      expect((await fetch(`${difang.url}/healthz`)).status).toBe(200);
      const finished = ((await (await call(`/api/ingest/jobs/${job.id}`)).json()) as { job: IngestJob }).job;
      expect(finished.status).toBe('done');
      const report = finished.report as { pages: { stored: number }; rejected: { file: string; reason: { 'zh-CN': string; en: string } }[] };
      expect(report.pages.stored).toBe(1);
      expect(report.rejected).toHaveLength(1);
      expect(report.rejected[0]!.file).toBe('manifest.csv');
      expect(report.rejected[0]!.reason['zh-CN']).toContain(`第 2 行：“${bad.header}”列`);
      expect(report.rejected[0]!.reason.en).toContain(`"${bad.value}"`);
      const title = (await new RecordStore(difang.store).getTitle(bad.title))!.record;
      expect(title.name).toBe('测试报');
      expect([title.cn, title.issn, title.rightsUri]).not.toContain(bad.value);
    }
    expect((await verifyStore(difang.store)).problems).toEqual([]);
  });
});

describe('the CLI with the same batch', () => {
  it('exits 1 with the report and no stack trace, in Chinese and in English', async () => {
    const root = await folder('hostile-cli');
    await badManifestBatch(root, badTitleValues[0]!);
    const dataDir = await folder('hostile-cli-data');
    const { url, key } = meiliConnection();
    const env = { DATA_DIR: dataDir, MEILI_URL: url, MEILI_MASTER_KEY: key, MEILI_INDEX_PREFIX: `${uniqueName('hcli').replace(/-/g, '_')}_`, LOG_LEVEL: 'warn' };
    const zh = await runDifang(['ingest', root], env);
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain('已入库 1 页');
    expect(zh.stdout).toContain('✗ manifest.csv: 第 2 行：“刊号”列：刊号“44-43”不是国内统一刊号（如 CN 44-0043）');
    expect(zh.stderr).not.toMatch(/\n\s+at /);
    const en = await runDifang(['ingest', root], { ...env, DIFANG_LANG: 'en' });
    expect(en.code).toBe(1);
    expect(en.stdout).toContain('unchanged 1');
    expect(en.stdout).toContain('✗ manifest.csv: row 2: column "刊号": "44-43" is not a CN serial number (like CN 44-0043)');
  });
});

describe('a METS whose title data no record accepts', () => {
  let world: IngestWorld;
  beforeAll(async () => {
    world = await fsWorld();
  });
  afterAll(() => world.close());

  it('refuses the issue page by page, naming the field, and writes nothing', async () => {
    const root = await folder('hostile-mets');
    await put(root, '0001.jpg', await pageImage());
    // An LCCN that is a valid title id but not an LCCN: the title record would refuse it.
    await put(
      root,
      'mets.xml',
      `<?xml version="1.0"?>
<mets xmlns="http://www.loc.gov/METS/" xmlns:mods="http://www.loc.gov/mods/v3" xmlns:xlink="http://www.w3.org/1999/xlink">
  <dmdSec ID="issueModsBib"><mdWrap MDTYPE="MODS"><xmlData><mods:mods>
    <mods:relatedItem type="host"><mods:identifier type="lccn">sn-not-an-lccn</mods:identifier></mods:relatedItem>
    <mods:originInfo><mods:dateIssued encoding="iso8601">1935-08-02</mods:dateIssued></mods:originInfo>
  </mods:mods></xmlData></mdWrap></dmdSec>
  <fileSec><fileGrp><file ID="img1" USE="master"><FLocat LOCTYPE="URL" xlink:href="0001.jpg"/></file></fileGrp></fileSec>
  <structMap><div TYPE="np:issue" DMDID="issueModsBib"><div TYPE="np:page" ORDER="1"><fptr FILEID="img1"/></div></div></structMap>
</mets>`,
    );
    const report = await world.ingest({ source: root });
    expect(report.aborted).toBeUndefined();
    expect(report.pages).toEqual({ stored: 0, unchanged: 0, rejected: 1 });
    expect(report.rejected[0]!.file).toBe('0001.jpg');
    expect(report.rejected[0]!.reason.en).toContain('lccn');
    const listed = await world.store.list('');
    expect(listed.items.filter((item) => !item.key.startsWith('.difang'))).toEqual([]);
  });
});

describe('a whole-issue PDF delivered again', () => {
  let world: IngestWorld;
  const volume: IssueKey = { title: 'library-reports', volume: 1 };
  const deliver = async (label: string, pdf: Uint8Array) => {
    const root = await folder(label);
    await put(root, 'library-reports/vol-1.pdf', pdf);
    return world.ingest({ source: root });
  };
  const stored = async () => snapshot(world.store, 'pages/library-reports/');

  beforeAll(async () => {
    world = await fsWorld();
    const first = await deliver('pdf-first', vectorPdf([{ widthPt: 200, heightPt: 300, grey: 0.2 }, { widthPt: 200, heightPt: 300, grey: 0.4 }, { widthPt: 200, heightPt: 300, grey: 0.6 }]));
    expect(first.pages).toEqual({ stored: 3, unchanged: 0, rejected: 0 });
  });
  afterAll(() => world?.close());

  it('with a page no archive should tile is refused whole: the original, pages and tiles stay as they were and verify is clean', async () => {
    const before = await stored();
    const report = await deliver('pdf-huge', vectorPdf([{ widthPt: 200, heightPt: 300, grey: 0.3 }, { widthPt: 14_400, heightPt: 14_400 }, { widthPt: 200, heightPt: 300, grey: 0.7 }]));
    expect(report.pages).toEqual({ stored: 0, unchanged: 0, rejected: 3 });
    expect(report.rejected.map((r) => [r.file, r.problem])).toEqual([
      ['library-reports/vol-1.pdf#page=1', 'redelivery_refused'],
      ['library-reports/vol-1.pdf#page=2', 'too_many_pixels'],
      ['library-reports/vol-1.pdf#page=3', 'redelivery_refused'],
    ]);
    expect(report.rejected[0]!.reason['zh-CN']).toContain('第 2 页');
    expect(await stored()).toEqual(before);
    expect((await verifyStore(world.store)).problems).toEqual([]);
  });

  it('with fewer pages than are stored is refused, naming both counts, and orphans nothing', async () => {
    const before = await stored();
    const report = await deliver('pdf-short', vectorPdf([{ widthPt: 200, heightPt: 300, grey: 0.9 }]));
    expect(report.pages).toEqual({ stored: 0, unchanged: 0, rejected: 1 });
    expect(report.rejected[0]).toMatchObject({ file: 'library-reports/vol-1.pdf', problem: 'redelivery_refused' });
    expect(report.rejected[0]!.reason.en).toMatch(/3 pages stored and the redelivered PDF has 1/);
    expect(await stored()).toEqual(before);
    expect((await verifyStore(world.store)).problems).toEqual([]);
  });

  it('whole and readable replaces every page and the original, and verify is clean', async () => {
    const replacement = vectorPdf([{ widthPt: 200, heightPt: 300, grey: 0.1 }, { widthPt: 200, heightPt: 300, grey: 0.5 }, { widthPt: 200, heightPt: 300, grey: 0.8 }, { widthPt: 200, heightPt: 300, grey: 0.95 }]);
    const report = await deliver('pdf-good', replacement);
    expect(report.pages).toEqual({ stored: 4, unchanged: 0, rejected: 0 });
    const original = await world.store.head(storageKeys.issueOriginal(volume, 'pdf'));
    expect(original?.size).toBe(replacement.byteLength);
    expect((await world.records.getIssue(volume))!.record.source).toMatchObject({ pages: 4 });
    expect((await verifyStore(world.store)).problems).toEqual([]);
  });
});

describe('a manifest saved in Big5', () => {
  let world: IngestWorld;
  beforeAll(async () => {
    world = await fsWorld();
  });
  afterAll(() => world?.close());

  it('is read as Big5: the title is stored as written, not as the GB18030 mojibake of its bytes', async () => {
    const root = await folder('big5');
    await put(root, 'manifest.csv', iconv.encode('報紙代碼,報紙名,出版地\nred-b,紅隊測試報,臺灣臺北市\n', 'big5'));
    await put(root, 'red-b/2002-03-03/01.jpg', await pageImage());
    const report = await world.ingest({ source: root });
    expect(report.pages).toEqual({ stored: 1, unchanged: 0, rejected: 0 });
    expect((await world.records.getTitle('red-b'))!.record).toMatchObject({ name: '紅隊測試報', place: '臺灣臺北市' });
  });
});
