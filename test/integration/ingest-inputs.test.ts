/**
 * Ingest of what libraries and vendors actually send, good and bad: the real NDNP and Topaz Times
 * samples, a batch into S3, and every kind of broken file — each refused with its reason, the
 * rest of the batch carrying on, and nothing already stored harmed.
 */
import { deflateSync, crc32 } from 'node:zlib';
import { cp, mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../src/adapters/s3/s3-object-store.ts';
import { readAllBytes } from '../../src/adapters/body.ts';
import { storageKeys, type PageKey } from '../../src/domain/natural-keys.ts';
import { countWords } from '../../src/domain/page-ocr.ts';
import { fixture, hasSharedSamples, sample, sharedSkipReason } from '../helpers/fixtures.ts';
import { documentIds, fsWorld, snapshot, world as makeWorld, type IngestWorld } from '../helpers/ingest.ts';
import { s3Options } from '../helpers/services.ts';
import { put, temporaryFolders } from '../helpers/temp-files.ts';

const folder = temporaryFolders();

/** A PNG that declares 30,000 × 30,000 pixels in a few dozen bytes: a decompression bomb. */
function pngBomb(): Uint8Array {
  const chunk = (type: string, data: Uint8Array): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(30_000, 0);
  header.writeUInt32BE(30_000, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]));
}

describe('bad input: each file refused with its reason, the rest stored, nothing stored harmed', () => {
  let world: IngestWorld;
  const day = 'qy-test/1995-03-01';
  const page = (seq: number): PageKey => ({ title: 'qy-test', date: '1995-03-01', edition: 1, seq });
  let before: Map<string, string>;
  let report: Awaited<ReturnType<IngestWorld['ingest']>>;

  beforeAll(async () => {
    world = await fsWorld();
    // First a good delivery of pages 1–3.
    const good = await folder();
    const jpeg = await readFile(fixture('demo', 'demo-ribao', '2023-05-04', '01.jpg'));
    const alto = await readFile(fixture('demo', 'demo-ribao', '2023-05-04', '01.xml'));
    for (const seq of [1, 2, 3]) {
      await put(good, `${day}/0${seq}.jpg`, jpeg);
      await put(good, `${day}/0${seq}.xml`, alto);
    }
    expect((await world.ingest({ source: good })).pages.stored).toBe(3);
    before = await snapshot(world.store);

    // Then a redelivery where almost everything is broken.
    const bad = await folder();
    const jp2 = await readFile(fixture('demo', 'demo-ribao', '2023-05-04', '04.jp2'));
    await put(bad, `${day}/01.jpg`, jpeg); // unchanged: skipped
    await put(bad, `${day}/01.xml`, alto);
    await put(bad, `${day}/02.jpg`, jpeg.subarray(0, Math.floor(jpeg.length * 0.4))); // truncated, replacing a good page
    await put(bad, `${day}/02.xml`, alto);
    await put(bad, `${day}/03.jpg`, jpeg);
    await put(bad, `${day}/03.xml`, `<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><alto>&b;</alto>`); // entity attack, replacing good OCR
    await put(bad, `${day}/04.tif`, new Uint8Array([0x49, 0x49, 0x2a, 0x00, ...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 251)]));
    await put(bad, `${day}/05.jp2`, jp2.subarray(0, Math.floor(jp2.length * 0.3)));
    await put(bad, `${day}/06.png`, pngBomb());
    await put(bad, `${day}/07.jpg`, jpeg);
    await put(bad, `${day}/07.xml`, alto.toString('utf8').replace(/WIDTH="1400" HEIGHT="2000"/, 'WIDTH="2800" HEIGHT="4000"'));
    await put(bad, `${day}/08.jpg`, jpeg);
    await put(bad, `${day}/8.png`, await sharp(jpeg).png().toBuffer());
    await put(bad, `${day}/09.pdf`, new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n'));
    await put(bad, `${day}/10.jpg`, jpeg);
    await put(bad, `${day}/10.json`, '{"rec_texts": ["北江"');
    await put(bad, `${day}/11.jpg`, jpeg);
    await put(bad, `${day}/11.hocr`, new Uint8Array([0x3c, 0x3f, 0x78, 0x6d, 0x6c, 0x20, 0x65, 0x6e, 0x63, 0x6f, 0x64, 0x69, 0x6e, 0x67, 0x3d, 0x22, 0x55, 0x54, 0x46, 0x2d, 0x38, 0x22, 0x3f, 0x3e, 0xff, 0xfe, 0x80]));
    await put(bad, `${day}/12.gif`, 'GIF89a'); // not a page image at all: reported, never silently skipped
    await put(bad, `${day}/13.jpg`, jpeg); // a new good page: stored
    await put(bad, `${day}/14.jpg`, new Uint8Array(0)); // zero bytes: called empty
    await put(bad, `${day}/15.jpg`, jpeg);
    await put(bad, `${day}/15.xml`, new Uint8Array(0)); // an empty OCR file: the page stored without text
    report = await world.ingest({ source: bad, maxPixels: 100_000_000 });
  });
  afterAll(() => world?.close());

  it.each([
    ['qy-test/1995-03-01/02.jpg', 'corrupt_image', /corrupt or truncated/],
    ['qy-test/1995-03-01/03.xml', 'unsafe_xml', /refused for safety/],
    ['qy-test/1995-03-01/04.tif', 'corrupt_image', /starts as a TIFF but is damaged/],
    ['qy-test/1995-03-01/05.jp2', 'corrupt_image', /incomplete/],
    ['qy-test/1995-03-01/06.png', 'too_many_pixels', /more pixels than allowed/],
    ['qy-test/1995-03-01/07.xml', 'ocr_mismatch', /ALTO page is 2800×4000 pixels but the image is 1400×2000/],
    ['qy-test/1995-03-01/08.jpg', 'duplicate_page', /more than one file claims page 8/],
    ['qy-test/1995-03-01/8.png', 'duplicate_page', /more than one file claims page 8/],
    ['qy-test/1995-03-01/09.pdf', 'corrupt_pdf', /cannot be read/],
    ['qy-test/1995-03-01/10.json', 'invalid_ocr', /not valid JSON/],
    ['qy-test/1995-03-01/11.hocr', 'unknown_encoding', /not valid utf-8/],
    ['qy-test/1995-03-01/12.gif', 'unrecognised_file', /not a kind of file difang takes \(\.gif\)/],
    ['qy-test/1995-03-01/14.jpg', 'corrupt_image', /^the file is empty \(0 bytes\)$/],
    ['qy-test/1995-03-01/15.xml', 'invalid_ocr', /^the OCR file is empty \(0 bytes\)$/],
  ])('refuses %s (%s) and says why', (file, problem, reason) => {
    const rejection = report.rejected.find((r) => r.file === file);
    expect(rejection, `${file} in ${JSON.stringify(report.rejected.map((r) => r.file))}`).toMatchObject({ problem });
    expect(rejection!.reason.en).toMatch(reason);
    expect(rejection!.reason['zh-CN']).toMatch(/\p{Script=Han}/u);
  });

  it('stores the good new page, skips the unchanged one, keeps new pages whose OCR is unreadable as "no text yet", and counts the rest as rejected', async () => {
    expect(report.pages).toEqual({ stored: 5, unchanged: 1, rejected: 10 });
    expect(report.aborted).toBeUndefined();
    // Their images are good: stored without text (for OCR to read), the OCR files refused above.
    for (const seq of [7, 10, 11, 15]) {
      const stored = (await world.records.getPage(page(seq)))!.record;
      expect(stored.ocr, `page ${seq}`).toEqual({ status: 'none', words: 0 });
      expect(await world.store.head(storageKeys.pageOcr(page(seq)))).toBeNull();
    }
  });

  it('leaves the pages stored before exactly as they were', async () => {
    const after = await snapshot(world.store);
    for (const [key, hash] of before) expect(after.get(key), key).toBe(hash);
    expect((await world.records.getPage(page(2)))!.record.version).toBe(1);
    expect(await world.store.head(storageKeys.pageOcr(page(3)))).not.toBeNull();
    expect((await world.records.getPage(page(13)))!.record.width).toBe(1400);
    for (const seq of [4, 5, 6, 8, 9, 14]) expect(await world.records.getPage(page(seq)), `page ${seq}`).toBeNull();
  });
});

describe('NDNP and Topaz Times, real samples', () => {
  let world: IngestWorld;
  beforeAll(async () => {
    world = await fsWorld();
  });
  afterAll(() => world?.close());

  it.skipIf(!hasSharedSamples)(`NDNP: the JP2 page with its ALTO, page 2 reported missing [${hasSharedSamples ? 'real sample' : sharedSkipReason}]`, async () => {
    const report = await world.ingest({ source: sample('ndnp-park-record-1935') });
    expect(report.pages).toEqual({ stored: 1, unchanged: 0, rejected: 1 });
    expect(report.rejected[0]).toMatchObject({ file: '1935080201.xml', problem: 'missing_file' });
    const key: PageKey = { title: 'sn85058233', date: '1935-08-02', edition: 1, seq: 1 };
    const pageRecord = (await world.records.getPage(key))!.record;
    expect(pageRecord).toMatchObject({ width: 4588, height: 7158, label: '1', image: { format: 'jp2', sourceName: '1292.jp2' }, ocr: { words: 5865, format: 'alto' } });
    const ocr = (await world.records.getPageOcr(key))!;
    expect(countWords(ocr)).toBe(5865);
    expect(ocr.blocks[0]!.lines[0]!.words[0]).toMatchObject({ text: 'Park', box: { x: 1380, y: 260, w: 912, h: 284 } });
    expect((await world.records.getTitle('sn85058233'))!.record).toMatchObject({ name: 'The Park Record (Park City, UT)', lccn: 'sn85058233' });
    const tile = await readAllBytes((await world.store.get(`${storageKeys.iiifImage(key)}/0,0,512,512/512,512/0/default.jpg`))!.body);
    expect((await sharp(tile).metadata()).channels).toBe(1);
    expect(await documentIds(world.search, 'pages')).toContain('sn85058233_1935-08-02_ed-1_seq-1');
  });

  it.skipIf(!hasSharedSamples)(`Topaz Times: the bilevel CCITT G4 TIFF, and its PDF with text layer, as simple-layout pages [${hasSharedSamples ? 'real sample' : sharedSkipReason}]`, async () => {
    const batch = await folder();
    await mkdir(join(batch, 'topaz-times', '1944-12-13'), { recursive: true });
    await symlink(sample('topaz-times-1944-articles', 'pages', 'images', 'ttt_19441101-19450131_0059.tif'), join(batch, 'topaz-times', '1944-12-13', '01.tif'));
    await cp(sample('topaz-times-1944-articles', 'pages', 'pdf', 'ttt_19441101-19450131_0059.pdf'), join(batch, 'topaz-times', '1944-12-14', '01.pdf'), { recursive: true });
    const report = await world.ingest({ source: batch });
    // The symlink points outside the batch folder, so it is refused; the copied PDF is read.
    expect(report.rejected.map((r) => [r.file, r.problem])).toEqual([['topaz-times/1944-12-13/01.tif', 'unsafe_path']]);
    const fromPdf = (await world.records.getPage({ title: 'topaz-times', date: '1944-12-14', edition: 1, seq: 1 }))!.record;
    expect(fromPdf).toMatchObject({ width: 1162, height: 1941, image: { format: 'pdf' }, ocr: { status: 'vendor', format: 'pdf' } });

    const inside = await folder();
    await cp(sample('topaz-times-1944-articles', 'pages', 'images', 'ttt_19441101-19450131_0059.tif'), join(inside, 'topaz-times', '1944-12-13', '01.tif'), { recursive: true });
    const tiff = await world.ingest({ source: inside });
    expect(tiff.pages).toEqual({ stored: 1, unchanged: 0, rejected: 0 });
    const key: PageKey = { title: 'topaz-times', date: '1944-12-13', edition: 1, seq: 1 };
    expect((await world.records.getPage(key))!.record).toMatchObject({ width: 1162, height: 1941, image: { format: 'tiff' }, ocr: { status: 'none' } });
    const tile = await readAllBytes((await world.store.get(`${storageKeys.iiifImage(key)}/0,0,512,512/512,512/0/default.jpg`))!.body);
    expect((await sharp(tile).metadata()).channels).toBe(1);
  });
});

describe('a batch into S3', () => {
  it('stores the METS issue, its tiles and articles in a real S3-compatible server', async () => {
    const store = await S3ObjectStore.connect(s3Options());
    const world = makeWorld(store, async () => store.close());
    try {
      const report = await world.ingest({ source: fixture('mets-enmap'), title: 'demo-ribao' });
      expect(report.pages).toEqual({ stored: 2, unchanged: 0, rejected: 0 });
      expect(report.articlesCreated).toBe(7);
      const key: PageKey = { title: 'demo-ribao', date: '2023-05-06', edition: 1, seq: 1 };
      expect((await world.records.getPage(key))!.record).toMatchObject({ width: 1400, height: 2000 });
      expect(await store.head(`${storageKeys.iiifImage(key)}/info.json`)).toMatchObject({ contentType: 'application/json' });
      expect((await world.ingest({ source: fixture('mets-enmap'), title: 'demo-ribao' })).pages.unchanged).toBe(2);
    } finally {
      await world.close();
    }
  });
});

describe('records left unreadable by a storage server that died mid-write', () => {
  it('are written again from the batch by the next run, which neither crashes nor leaves verify anything to find', async () => {
    const store = await S3ObjectStore.connect(s3Options());
    const world = makeWorld(store, async () => store.close());
    try {
      expect((await world.ingest({ source: fixture('mets-enmap'), title: 'demo-ribao' })).articlesCreated).toBe(7);
      const issue = { title: 'demo-ribao', date: '2023-05-06', edition: 1 };
      const truncated = [storageKeys.title('demo-ribao'), storageKeys.issue(issue), storageKeys.page({ ...issue, seq: 2 }), storageKeys.article({ ...issue, article: 3 })];
      for (const key of truncated) {
        const bytes = await readAllBytes((await store.get(key))!.body);
        await store.put(key, bytes.subarray(0, Math.floor(bytes.length / 2)));
      }
      await expect(world.records.getIssue(issue)).rejects.toMatchObject({ code: 'corrupt' });

      const rerun = await world.ingest({ source: fixture('mets-enmap'), title: 'demo-ribao' });
      expect(rerun.aborted).toBeUndefined();
      expect(rerun.pages).toEqual({ stored: 1, unchanged: 1, rejected: 0 });
      expect((await world.records.getTitle('demo-ribao'))!.record.name).toBeTruthy();
      expect((await world.records.getIssue(issue))!.record.key).toEqual(issue);
      expect((await world.records.getPage({ ...issue, seq: 2 }))!.record.width).toBe(1400);
      expect((await world.records.getArticle({ ...issue, article: 3 }))!.record.regions.length).toBeGreaterThan(0);
      const { verifyStore } = await import('../../indexer/maintenance/verify-store.ts');
      const problems = (await verifyStore(store)).problems.filter((p) => p.key.includes('demo-ribao/2023-05-06') || p.key.includes('records/demo-ribao/title.json'));
      expect(problems).toEqual([]);
    } finally {
      await world.close();
    }
  });
});
