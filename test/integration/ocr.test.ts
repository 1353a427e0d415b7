/**
 * OCR inside difang (issue 24): page images delivered without text are read by PaddleOCR (ONNX
 * Runtime, models from the npm install) through `difang ocr` and the admin's OCR jobs, then found
 * by search with their hits boxed on the characters; vertical pages read in order; a re-read keeps
 * the earlier text as a version; PaddleOCR's ocr_results wrapper ingests; a PDF whose text layer
 * carries Kangxi radicals is found by ordinary characters. The pages are the generated dailies of
 * fixtures/segmentation, whose every line is known.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutPage } from '../../fixtures/generate/layout.ts';
import { writeScannedPdf } from '../../fixtures/generate/pdf-writer.ts';
import { renderPage } from '../../fixtures/generate/render.ts';
import { readAllBytes } from '../../src/adapters/body.ts';
import { lookAlikePairs } from '../../src/domain/data/look-alikes.ts';
import { countLookAlikes } from '../../src/domain/ideographs.ts';
import { storageKeys, type PageKey } from '../../src/domain/natural-keys.ts';
import { characterErrors, type PlacedText } from '../../src/domain/ocr/character-errors.ts';
import { ocrText } from '../../src/domain/ocr-text.ts';
import { parseEnv } from '../../src/env.ts';
import { silentLogger } from '../../src/logger.ts';
import { startDifang, type RunningDifang } from '../../src/node.ts';
import type { IngestJob } from '../../src/services/ingest-jobs.ts';
import { RecordStore } from '../../src/services/record-store.ts';
import { runDifang } from '../helpers/difang-cli.ts';
import { meiliConnection, uniqueName } from '../helpers/services.ts';
import { put, temporaryFolders } from '../helpers/temp-files.ts';

const token = 'an-administrator-token-for-ocr-tests';
const segmentation = join(import.meta.dirname, '..', '..', 'fixtures', 'segmentation');
const folder = temporaryFolders();

/** The known lines of a generated page (its PaddleOCR-format truth: rec_texts and rec_boxes). */
async function truthLines(name: string): Promise<PlacedText[]> {
  const truth = JSON.parse(await readFile(join(segmentation, `${name}.json`), 'utf8')) as { rec_texts: string[]; rec_boxes: [number, number, number, number][] };
  return truth.rec_texts.map((text, i) => {
    const [x0, y0, x1, y1] = truth.rec_boxes[i]!;
    return { text, polygon: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]], vertical: y1 - y0 > 2 * (x1 - x0) };
  });
}

const horizontal = { name: '2023-06-01-01', key: { title: 'ocr-test', date: '2023-06-01', edition: 1, seq: 1 } satisfies PageKey };
const vertical = { name: '1948-06-01-03', key: { title: 'ocr-test', date: '1948-06-01', edition: 1, seq: 1 } satisfies PageKey };

describe('OCR of pages that came without text', () => {
  let root: string;
  let env: Record<string, string>;
  let difang: RunningDifang;
  let records: RecordStore;
  const call = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${difang.url}${path}`, { ...init, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...init.headers } });
  let firstRun: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    root = await folder('ocr-root');
    await mkdir(join(root, 'ocr-test', '2023-06-01'), { recursive: true });
    await mkdir(join(root, 'ocr-test', '1948-06-01'), { recursive: true });
    await copyFile(join(segmentation, `${horizontal.name}.jpg`), join(root, 'ocr-test', '2023-06-01', '01.jpg'));
    await copyFile(join(segmentation, `${vertical.name}.jpg`), join(root, 'ocr-test', '1948-06-01', '01.jpg'));
    const dataDir = await folder('ocr-data');
    const { url, key } = meiliConnection();
    env = { DATA_DIR: dataDir, MEILI_URL: url, MEILI_MASTER_KEY: key, MEILI_INDEX_PREFIX: `${uniqueName('ocr').replace(/-/g, '_')}_`, LOG_LEVEL: 'warn' };
    difang = await startDifang(parseEnv({ ...env, PORT: '0', ADMIN_TOKEN: token, INGEST_ROOT: root, DEMO_DATA: 'off' }), silentLogger);
    records = new RecordStore(difang.store);
    // Stored as they came: images, no text.
    const ingest = await runDifang(['ingest', root, '--ocr', 'off'], env, 120_000);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect((await records.getPage(horizontal.key))!.record.ocr).toEqual({ status: 'none', words: 0 });
    firstRun = await runDifang(['ocr', 'ocr-test'], env, 300_000);
  }, 420_000);
  afterAll(async () => {
    await difang?.close();
  });

  it('difang ocr reads both pages and says so, Chinese first', async () => {
    expect(firstRun.code, firstRun.stderr).toBe(0);
    expect(firstRun.stdout).toMatch(/识别 2 页/);
    for (const { key } of [horizontal, vertical]) {
      const page = (await records.getPage(key))!.record;
      expect(page.ocr).toMatchObject({ status: 'machine', format: 'paddle' });
      expect(page.ocr.words).toBeGreaterThan(50);
    }
  });

  it('reads the horizontal page within a few characters in a hundred, lines with outlines, characters with boxes and confidences', async () => {
    const ocr = (await records.getPageOcr(horizontal.key))!;
    const errors = characterErrors(await truthLines(horizontal.name), ocr);
    expect(errors.rate, JSON.stringify(errors.misses.slice(0, 5))).toBeLessThan(0.05);
    const line = ocr.blocks[0]!.lines[0]!;
    expect(line.polygon!.length).toBeGreaterThanOrEqual(4);
    const word = line.words[0]!;
    expect(word.chars).toHaveLength([...word.text].length);
    expect(word.charScores).toHaveLength([...word.text].length);
  });

  it('reads the vertical page column by column, top to bottom and right to left', async () => {
    const ocr = (await records.getPageOcr(vertical.key))!;
    const truth = await truthLines(vertical.name);
    expect(characterErrors(truth, ocr).rate).toBeLessThan(0.12);
    expect(ocr.blocks.flatMap((b) => b.lines).filter((l) => l.vertical).length).toBeGreaterThan(20);
    // Three neighbouring columns of one story: each read downwards, the rightmost first.
    const columns = truth.filter((line) => line.vertical && [...line.text].length >= 12).sort((a, b) => a.polygon[0]![1] - b.polygon[0]![1] || b.polygon[0]![0] - a.polygon[0]![0]);
    const text = ocrText(ocr).text.replace(/\s/g, '');
    const at = columns.slice(0, 3).map((column) => text.indexOf([...column.text].slice(1, 6).join('')));
    expect(at.every((index) => index >= 0), JSON.stringify(columns.slice(0, 3).map((c) => c.text))).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('finds a phrase of the page through search, its hits boxed on the line where it is printed', async () => {
    const truth = await truthLines(horizontal.name);
    const all = truth.map((line) => line.text).join('\n');
    // A phrase printed once on the page, inside a line of body text (one the OCR read right: what is
    // proven here is search and its boxes; how well the page was read is measured above).
    const read = ocrText((await records.getPageOcr(horizontal.key))!).text;
    const line = truth.find((l, i) => i > 10 && [...l.text].length >= 10 && /^\p{Script=Han}{4}$/u.test([...l.text].slice(2, 6).join('')) && all.split([...l.text].slice(2, 6).join('')).length === 2 && read.includes([...l.text].slice(2, 6).join('')))!;
    const phrase = [...line.text].slice(2, 6).join('');
    const response = await call(`/api/search?q=${encodeURIComponent(phrase)}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { hits: { id: string; boxes: { x: number; y: number; w: number; h: number; seq: number }[] }[] };
    const hit = body.hits.find((h) => h.id === 'ocr-test_2023-06-01_ed-1_seq-1');
    const everything = (await (await call('/api/search?q=')).json()) as { hits: { id: string }[] };
    expect(hit, `${phrase}: ${JSON.stringify(body.hits.map((h) => h.id))} of ${JSON.stringify(everything.hits.map((h) => h.id))}`).toBeDefined();
    expect(hit!.boxes.length).toBeGreaterThan(0);
    const [x0, y0] = line.polygon[0]!;
    const [x1, y1] = line.polygon[2]!;
    for (const box of hit!.boxes) {
      const cx = box.x + box.w / 2;
      const cy = box.y + box.h / 2;
      expect(cx, JSON.stringify({ box, line })).toBeGreaterThan(x0 - 4);
      expect(cx).toBeLessThan(x1 + 4);
      expect(cy).toBeGreaterThan(y0 - 4);
      expect(cy).toBeLessThan(y1 + 4);
    }
  });

  it('a second run changes nothing; --force reads again and keeps the earlier text as a version', async () => {
    const before = (await records.getPage(horizontal.key))!.record.version;
    const again = await runDifang(['ocr', 'ocr-test', '--engine', 'paddle'], { ...env, DIFANG_LANG: 'en' }, 120_000);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/0 pages read .* 2 already had text/);
    expect((await records.getPage(horizontal.key))!.record.version).toBe(before);

    const forced = await runDifang(['ocr', 'ocr-test_2023-06-01_ed-1', '--force', '--engine', 'paddle'], env, 300_000);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/识别 1 页/);
    const versions = await difang.store.list(storageKeys.pageOcrVersions(horizontal.key));
    expect(versions.items, JSON.stringify(versions)).toHaveLength(1);
    const kept = JSON.parse(new TextDecoder().decode(await readAllBytes((await difang.store.get(versions.items[0]!.key))!.body))) as { status: string; ocr: { blocks: unknown[] } };
    expect(kept.status).toBe('machine');
    expect(kept.ocr.blocks.length).toBeGreaterThan(0);
  }, 420_000);

  it('refuses what is not stored, and an unknown engine, with a reason', async () => {
    const unknown = await runDifang(['ocr', 'no-such-paper'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/存储中没有这些报刊或期：no-such-paper/);
    const engine = await runDifang(['ocr', 'ocr-test', '--engine', 'abbyy'], { ...env, DIFANG_LANG: 'en' });
    expect(engine.code).not.toBe(0);
    expect(engine.stderr).toMatch(/--engine/);
  });

  it('an ingest job over the API with OCR: the wrapper JSON is read as delivered, the page without text is read, progress is kept', async () => {
    // PaddleOCR's ocr_results wrapper, its coordinates in a half-size image.
    const truth = JSON.parse(await readFile(join(segmentation, '2023-06-01-02.json'), 'utf8')) as { rec_texts: string[]; rec_scores: number[]; rec_boxes: number[][] };
    const wrapped = {
      ocr_results: truth.rec_texts.map((text, i) => {
        const [x0, y0, x1, y1] = truth.rec_boxes[i]!.map((v) => v / 2) as [number, number, number, number];
        return { text, box: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]], confidence: truth.rec_scores[i] };
      }),
      dimensions: { width: 850, height: 1200 },
    };
    await put(root, 'ocr-job-batch/ocr-job/2023-06-01/01.jpg', await readFile(join(segmentation, '2023-06-01-02.jpg')));
    await put(root, 'ocr-job-batch/ocr-job/2023-06-01/01.json', JSON.stringify(wrapped));
    await put(root, 'ocr-job-batch/ocr-job/2023-06-01/02.jpg', await readFile(join(segmentation, '2023-06-01-03.jpg')));
    const response = await call('/api/ingest', { method: 'POST', body: JSON.stringify({ source: 'ocr-job-batch', ocr: 'missing' }) });
    expect(response.status).toBe(202);
    await difang.ingestJobs.idle();
    const { job } = (await (await call(`/api/ingest/jobs/${((await response.json()) as { job: IngestJob }).job.id}`)).json()) as { job: IngestJob };
    expect(job.status, job.error).toBe('done');
    expect(job.progress, JSON.stringify(job.report)).toMatchObject({ done: 2, stored: 2 });
    expect(job.ocr).toMatchObject({ done: 2, read: 1, kept: 1, failed: 0 });
    const delivered = (await records.getPage({ title: 'ocr-job', date: '2023-06-01', edition: 1, seq: 1 }))!.record;
    expect(delivered.ocr).toMatchObject({ status: 'vendor', format: 'paddle' });
    const deliveredOcr = (await records.getPageOcr(delivered.key))!;
    // Scaled from the wrapper's 850 × 1200 onto the 1700 × 2400 image.
    expect(deliveredOcr.blocks[0]!.lines[0]!.box.x).toBeCloseTo(truth.rec_boxes[0]![0]!, -1);
    expect((await records.getPage({ title: 'ocr-job', date: '2023-06-01', edition: 1, seq: 2 }))!.record.ocr.status).toBe('machine');
  }, 300_000);

  it('an OCR job over the API names its targets and refuses what is not a target', async () => {
    const bad = await call('/api/ocr', { method: 'POST', body: JSON.stringify({ targets: ['../etc'] }) });
    expect(bad.status).toBe(400);
    const anonymous = await fetch(`${difang.url}/api/ocr`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ targets: ['ocr-test'] }) });
    expect(anonymous.status).toBe(401);
    const response = await call('/api/ocr', { method: 'POST', body: JSON.stringify({ targets: ['ocr-test'], engine: 'paddle' }) });
    expect(response.status).toBe(202);
    await difang.ingestJobs.idle();
    const { job } = (await (await call(`/api/ingest/jobs/${((await response.json()) as { job: IngestJob }).job.id}`)).json()) as { job: IngestJob };
    expect(job.status, job.error).toBe('done');
    expect(job.ocr).toMatchObject({ done: 2, kept: 2, read: 0 });
  });
});

describe('a PDF whose text layer carries Kangxi radicals (as Word and WPS write them)', () => {
  it('is stored as delivered, its text normalized, and found by ordinary characters', async () => {
    const root = await folder('radical-root');
    const headline = '民族地方文献的收集与整理';
    const body = '各地图书馆长期收集民族地方文献，方志、家谱、文集皆有收藏，读者可以查阅。';
    const page = layoutPage({ width: 1240, height: 1754, columns: 1, bodySize: 26, rows: [{ spans: [1], share: 1 }] }, [{ headline, paragraphs: [body, body], source: 'test' }]);
    const jpeg = await sharp(renderPage(page, { noise: 4, seed: 7 }), { raw: { width: page.width, height: page.height, channels: 4 } }).removeAlpha().toColourspace('b-w').jpeg({ quality: 70 }).toBuffer();
    // Every character that has a radical look-alike is written as that look-alike.
    const asRadical = new Map<string, string>();
    const pairs = [...lookAlikePairs];
    for (let i = 0; i + 1 < pairs.length; i += 2) if (pairs[i]!.codePointAt(0)! < 0x3000 && !asRadical.has(pairs[i + 1]!)) asRadical.set(pairs[i + 1]!, pairs[i]!);
    const pdf = writeScannedPdf([{ jpeg: new Uint8Array(jpeg), width: page.width, height: page.height, dpi: 150, grey: true, layout: page }], '民族地方文献', { toUnicode: asRadical });
    await put(root, 'radical-doc/2024-01-01/01.pdf', pdf);

    const { world: makeWorld } = await import('../helpers/ingest.ts');
    const { FsObjectStore } = await import('../../src/adapters/fs/fs-object-store.ts');
    const data = await folder('radical-data');
    const world = makeWorld(await FsObjectStore.open(join(data, 'objects')), async () => {});
    try {
      const report = await world.ingest({ source: root });
      expect(report.pages.stored).toBe(1);
      const key: PageKey = { title: 'radical-doc', date: '2024-01-01', edition: 1, seq: 1 };
      // The delivered file is kept as it came, radicals and all.
      const original = await readAllBytes((await world.store.get(storageKeys.pageOriginal(key, 'pdf')))!.body);
      expect(Buffer.from(original).equals(Buffer.from(pdf))).toBe(true);
      // What is stored and indexed is the ordinary characters.
      const text = ocrText((await world.records.getPageOcr(key))!).text;
      expect(countLookAlikes(text)).toBe(0);
      expect(text).toContain(headline);
      const found = await world.search.search<{ id: string }>(world.search.indexUid('pages'), { q: '民族地方文献', attributesToRetrieve: ['id'] });
      expect(found.hits.map((h) => h.id)).toContain('radical-doc_2024-01-01_ed-1_seq-1');
    } finally {
      await world.close();
    }
  });
});
