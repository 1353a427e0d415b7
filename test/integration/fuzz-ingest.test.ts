/**
 * Fuzzing ingest (issue 22): a few hundred generated bad inputs — file names, OCR files, manifest
 * cells — with a fixed seed, into folder storage and the real Meilisearch. Whatever comes in, the
 * run ends without a crash or an abort; every file of the batch is accounted for (a stored page,
 * OCR taken with its page, or a report line naming it — a bad manifest cell names its row); and
 * `difang verify` finds the store whole afterwards.
 */
import { seededRandom } from '../../fixtures/generate/seeded-random.ts';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStore } from '../../indexer/maintenance/verify-store.ts';
import type { IngestReport } from '../../indexer/pipeline/run-ingest.ts';
import { keysUnder } from '../../src/services/keys-under.ts';
import type { Page } from '../../src/domain/page.ts';
import { fsWorld, type IngestWorld } from '../helpers/ingest.ts';
import { put, temporaryFolders } from '../helpers/temp-files.ts';

const folder = temporaryFolders();

const next = seededRandom(20261205);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const pad = (n: number): string => String(n).padStart(2, '0');

const width = 120;
const height = 180;

/** Names a Chinese keyboard, a careless script or a hostile vendor produces. */
const badNames: ((i: number) => string)[] = [
  (i) => `fn${i}/1995-03-01/${pad(i % 90 + 1).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}.jpg`,
  (i) => `fn${i}/1995-03-01/${pad(i % 90 + 1)}.jpg `,
  (i) => `fn${i}/1995-03-01/${pad(i % 90 + 1)}\u202egpj.jpg`,
  (i) => `fn${i}/1995-03-01/${pad(i % 90 + 1)}.txt`,
  (i) => `fn${i}/1995-03-01/${'9'.repeat(20 + (i % 200))}.jpg`,
  (i) => `fn${i}/1995-02-${30 + (i % 2)}/01.jpg`,
  (i) => `fn${i}/1995-13-01/01.jpg`,
  (i) => `FN ${i}/1995-03-01/01.jpg`,
  (i) => `fn${i}/1995-03-01/ed-0/01.jpg`,
  (i) => `fn${i}/1995-03-01/01.jpg.exe`,
  (i) => `fn${i}/1995-03-01\uff0f01.jpg`,
  (i) => `fn${i}/vol-${'1'.repeat(30)}/01.jpg`,
];

/** Valid OCR for a width × height page, in each format, for the mutations to damage. */
function ocrFile(format: 'alto' | 'hocr' | 'paddle', text: string): string {
  if (format === 'alto') {
    return `<?xml version="1.0" encoding="UTF-8"?><alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Description><MeasurementUnit>pixel</MeasurementUnit></Description><Layout><Page ID="p1" WIDTH="${width}" HEIGHT="${height}" PHYSICAL_IMG_NR="1"><PrintSpace HPOS="0" VPOS="0" WIDTH="${width}" HEIGHT="${height}"><TextBlock ID="b1" HPOS="10" VPOS="10" WIDTH="100" HEIGHT="30"><TextLine ID="l1" HPOS="10" VPOS="10" WIDTH="100" HEIGHT="30"><String ID="s1" HPOS="10" VPOS="10" WIDTH="100" HEIGHT="30" CONTENT="${text}" WC="0.9"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>`;
  }
  if (format === 'hocr') {
    return `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><div class='ocr_page' title='image "p.jpg"; bbox 0 0 ${width} ${height}'><p class='ocr_par'><span class='ocr_line' title='bbox 10 10 110 40'><span class='ocrx_word' title='bbox 10 10 110 40; x_wconf 90'>${text}</span></span></p></div></body></html>`;
  }
  return JSON.stringify({ rec_texts: [text], rec_scores: [0.9], rec_polys: [[[10, 10], [110, 10], [110, 40], [10, 40]]], dimensions: [height, width] });
}

/** One way of damaging a text file, chosen at random. */
function damage(text: string): string | Uint8Array {
  const at = Math.floor(next() * text.length);
  return pick<() => string | Uint8Array>([
    () => text.slice(0, at),
    () => text.replace(/\d+/g, () => pick(['-5', '1e309', 'NaN', '99999999999', '', '0x1F', '３０'])),
    () => `${text.slice(0, at)}${String.fromCharCode(...Array.from({ length: 8 }, () => Math.floor(next() * 0xffff)))}${text.slice(at)}`,
    () => new Uint8Array(Array.from({ length: 64 + Math.floor(next() * 512) }, () => Math.floor(next() * 256))),
    () => text.replace('UTF-8', pick(['big5', 'ebcdic-cp-us', 'x-nonsense', 'UTF-16'])),
    () => `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${text.replace(/^<\?xml[^>]*>/, '')}`,
    () => text.replace(/"\w+"|'[^']*'/, '"'),
    () => text.replaceAll('\u56fe', '\u0000'),
    () => new Uint8Array(0),
    () => `${text}${text}`,
  ])();
}

describe('ingest fed a few hundred generated bad inputs', () => {
  let world: IngestWorld;
  let report: IngestReport;
  const files: string[] = [];
  let badCells = 0;

  beforeAll(async () => {
    world = await fsWorld();
    const root = await folder('fuzz');
    const jpeg = await sharp({ create: { width, height, channels: 3, background: '#f2ecdf' } }).jpeg().toBuffer();
    const write = async (path: string, content: string | Uint8Array): Promise<void> => {
      await put(root, path, content);
      files.push(path);
    };

    // 1. Names: 120 files named as nothing difang can place (or, by chance, something it can).
    for (let i = 0; i < 120; i++) await write(pick(badNames)(i), jpeg);

    // 2. OCR: 90 good pages, each with an OCR file damaged one way or another.
    for (let i = 1; i <= 90; i++) {
      const format = pick(['alto', 'hocr', 'paddle'] as const);
      await write(`fo/1995-04-01/${pad(i)}.jpg`, jpeg);
      await write(`fo/1995-04-01/${pad(i)}.${format === 'alto' ? 'xml' : format === 'hocr' ? 'hocr' : 'json'}`, damage(ocrFile(format, '图书馆')));
    }

    // 3. A manifest: 60 titles, each with one page and some of its cells bad.
    const header = ['报纸代码', '报纸名', '刊号', 'issn', 'rights_uri', '日期', '页码', '版次', '版名'];
    const rows = [header.join(',')];
    const badValue = (column: string): string =>
      ({
        刊号: pick(['44-43', 'CN 44-00431', 'CN４４-００４３', '=cmd|" /C calc"!A0', 'CN 44-0043\u0000']),
        issn: pick(['12345678', '1234-5678', 'ISSN 0000-000X', '-1']),
        rights_uri: pick(['not a url', 'javascript:alert(1)', 'http://evil.example/', 'data:text/html,<script>']),
        日期: pick(['1995-02-30', '19950231', '公元1995年', '1995/13/1', '9999-99-99']),
        页码: pick(['0', '-1', '1e3', '二', '9'.repeat(200), '1.5']),
        版次: `第\u202e${pick(['1', '一'])}版`,
        版名: pick(['要闻'.repeat(500), '<img src=x onerror=alert(1)>', '"', '\r\n']),
      })[column] ?? '';
    for (let i = 0; i < 60; i++) {
      const title = `fm${i}`;
      const cells: Record<string, string> = { 报纸代码: title, 报纸名: `测试报${i}`, 刊号: '', issn: '', rights_uri: '', 日期: '1995-05-01', 页码: '1', 版次: '第1版', 版名: '要闻' };
      const broken = header.slice(2).filter(() => next() < 0.3);
      if (broken.length === 0) broken.push(pick(header.slice(2)));
      for (const column of broken) cells[column] = badValue(column);
      badCells += 1;
      rows.push(header.map((column) => `"${cells[column]!.replaceAll('"', '""')}"`).join(','));
      await write(`${title}/1995-05-01/01.jpg`, jpeg);
    }
    await write('manifest.csv', `${rows.join('\n')}\n`);

    report = await world.ingest({ source: root });
  }, 240_000);
  afterAll(() => world?.close());

  it('ends without an abort, having looked at every file', () => {
    expect(report.aborted).toBeUndefined();
    if (process.env.FUZZ_SUMMARY) console.log(JSON.stringify({ pages: report.pages, problems: report.rejected.reduce<Record<string, number>>((counts, r) => ({ ...counts, [r.problem]: (counts[r.problem] ?? 0) + 1 }), {}) }));
    expect(files.length).toBeGreaterThanOrEqual(300);
  });

  it('accounts for every file: a stored page, OCR taken with its page, or a report line naming it', async () => {
    const pages: Page[] = [];
    for await (const key of keysUnder(world.store, 'records/')) {
      if (key.endsWith('/page.json')) pages.push((await world.records.read('page', key))!.record as Page);
    }
    expect(pages.length).toBe(report.pages.stored);
    const stored = new Set(pages.map((page) => page.image.sourceName));
    const refused = new Set(report.rejected.map((rejection) => rejection.file));
    const ocrTaken = new Set(pages.filter((page) => page.ocr.status === 'vendor').map((page) => page.image.sourceName.replace(/\.jpg$/, '')));
    const unaccounted = files.filter((file) => {
      if (file === 'manifest.csv') return false;
      if (stored.has(file) || refused.has(file)) return false;
      return !ocrTaken.has(file.replace(/\.(xml|hocr|json)$/, ''));
    });
    expect(unaccounted).toEqual([]);
    // An OCR file is never both taken and refused.
    for (const file of refused) expect(ocrTaken.has(file.replace(/\.(xml|hocr|json)$/, '')), file).toBe(false);
  });

  it('names the manifest row of every bad cell, in Chinese and in English', () => {
    const cells = report.rejected.filter((rejection) => rejection.file === 'manifest.csv');
    expect(cells.length).toBeGreaterThanOrEqual(badCells);
    for (const cell of cells) {
      expect(cell.reason.en).toMatch(/^row \d+: column "/);
      expect(cell.reason['zh-CN']).toMatch(/^第 \d+ 行/);
    }
  });

  it('leaves a store that verify finds whole', async () => {
    expect((await verifyStore(world.store)).problems).toEqual([]);
  });
});
