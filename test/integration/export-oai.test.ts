/**
 * Upstream formats and the OAI-PMH provider over real storage and the real Meilisearch, each
 * checked by software difang did not write: libxml2's xmllint against the official XSDs (oai_dc,
 * MODS 3.8, MarcXchange, OAI-PMH), the NatLibFi MARC reader for ISO 2709, and the `oai-pmh`
 * harvester for full and incremental harvests.
 */
// @ts-expect-error -- the MARC reader ships no types
import { ISO2709 } from '@natlibfi/marc-record-serializers';
// @ts-expect-error -- the harvester ships no types
import { OaiPmh } from 'oai-pmh';
import { serve } from '@hono/node-server';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { writeIssuePackage } from '../../indexer/export/mets-package.ts';
import { formatExtensions, writeExport, type ExportFormat } from '../../indexer/export/write-export.ts';
import { defaultSelection } from '../../src/domain/export/selection.ts';
import { defaultTabularConfig } from '../../src/domain/export/tabular.ts';
import { exportRecords } from '../../src/services/export-records.ts';
import { createApp } from '../../src/app.ts';
import type { Article } from '../../src/domain/article.ts';
import { cnmarcRecord, toIso2709, toMarcXchange } from '../../src/domain/export/cnmarc.ts';
import { dublinCore } from '../../src/domain/export/dublin-core.ts';
import { mods } from '../../src/domain/export/mods.ts';
import { articleDocument } from '../../src/domain/search-documents.ts';
import { silentLogger } from '../../src/logger.ts';
import { bootstrapAuthenticator } from '../../src/services/authenticator.ts';
import { ExportRecordLoader } from '../../src/services/export-records.ts';
import { fixture } from '../helpers/fixtures.ts';
import { fsWorld, type IngestWorld } from '../helpers/ingest.ts';
import { canValidateXml, validateXml, xmlSkipReason } from '../helpers/xml-schemas.ts';

const issue = { title: 'demo-ribao', date: '2023-05-06', edition: 1 } as const;
const catalogued: Partial<Article> = {
  kicker: '公共图书馆年度工作报告摘登',
  subtitle: '清远市图书馆完善管理制度',
  creators: [
    { name: '林晓红', role: 'reporter' },
    { name: '陈志强', role: 'photographer' },
  ],
  column: '文化视点',
  genre: 'news',
  abstract: '清远市图书馆修订《存包柜管理规定》等制度，规范工作流程。',
  subjects: [{ term: '公共图书馆', scheme: 'CCT' }, { term: '图书馆管理', scheme: 'CCT' }],
  keywords: ['阅读推广', '馆务管理'],
  clc: ['G259.276.5'],
  persons: ['林晓红'],
  organizations: ['清远市图书馆'],
  places: [{ name: '清远市', code: '441800' }],
  temporal: '2023年',
  status: 'published',
  segmentation: 'cataloguer',
  cataloguer: '编目员甲',
};

describe('export formats and OAI-PMH', () => {
  let world: IngestWorld;
  let baseUrl: string;
  let server: ReturnType<typeof serve>;
  const extra = 230;

  const oai = async (query: string) => {
    const response = await fetch(`${baseUrl}/oai?${query}`);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    return response.text();
  };

  /** Stores and indexes an article as a cataloguer's save would. */
  const save = async (article: Article) => {
    const existing = await world.records.getArticle(article.key);
    const stored = existing ? await world.records.replace('article', existing, { ...article, version: existing.record.version + 1 }) : await world.records.create('article', article);
    const title = (await world.records.getTitle(issue.title))!.record;
    const issueRecord = (await world.records.getIssue(issue))?.record ?? null;
    const pages = [(await world.records.getPage({ ...issue, seq: 1 }))!.record, (await world.records.getPage({ ...issue, seq: 2 }))!.record];
    return { stored, document: articleDocument(title, issueRecord, stored.record, pages) as unknown as Record<string, unknown> };
  };

  beforeAll(async () => {
    world = await fsWorld();
    await world.ingest({ source: fixture('mets-enmap'), title: 'demo-ribao' });
    const first = (await world.records.getArticle({ ...issue, article: 1 }))!.record;
    const documents = [(await save({ ...first, ...catalogued, updatedAt: '2026-01-05T08:00:00.000Z' } as Article)).document];
    for (let n = 0; n < extra; n++) {
      const copy: Article = { ...first, ...catalogued, key: { ...issue, article: 1000 + n }, title: `${first.title}（之${n + 1}）`, status: n % 2 === 0 ? 'published' : 'reviewed', updatedAt: `2026-01-0${1 + (n % 4)}T0${n % 10}:00:00.000Z`, version: 1 } as Article;
      documents.push((await save(copy)).document);
    }
    await world.search.waitForTask(await world.search.putDocuments(world.search.indexUid('articles'), documents));
    const app = createApp({ store: world.store, search: world.search, logger: silentLogger, publicBaseUrl: 'http://archive.example.org', version: 'test', auth: bootstrapAuthenticator(undefined) });
    server = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((done) => server?.close(done));
    await world?.close();
  });

  const record = async () => (await new ExportRecordLoader(world.records, 'http://archive.example.org').load('demo-ribao_2023-05-06_ed-1_art-1'))!;

  describe('mappers', () => {
    it.skipIf(!canValidateXml)('Dublin Core, MODS and MarcXchange validate against their official schemas', async () => {
      const exportRecord = await record();
      expect(await validateXml(dublinCore(exportRecord), 'oai_dc')).toEqual([]);
      expect(await validateXml(mods(exportRecord), 'mods')).toEqual([]);
      expect(await validateXml(toMarcXchange(cnmarcRecord(exportRecord)), 'marcxchange')).toEqual([]);
    });
    if (!canValidateXml) it.skip(`XSD validation: ${xmlSkipReason}`, () => {});

    it('MODS carries the paper as host with issue, 版次 and 栏目 as its part', async () => {
      const exportRecord = await record();
      const xml = mods(exportRecord);
      expect(xml).toContain(`<relatedItem type="host"><titleInfo><title>${exportRecord.title.name}</title></titleInfo>`);
      expect(xml).toMatch(/<detail type="page"><number>1<\/number>/);
      expect(xml).toContain('<detail type="section"><title>文化视点</title></detail>');
      expect(xml).toContain('<classification authority="clc">G259.276.5</classification>');
      expect(xml).toContain('<geographicCode authority="GB/T 2260">441800</geographicCode>');
    });

    it('CNMARC ISO 2709 is read back by an independent MARC reader, Chinese intact, lengths in bytes', async () => {
      const exportRecord = await record();
      const bytes = toIso2709(cnmarcRecord(exportRecord));
      expect(Number(new TextDecoder().decode(bytes.subarray(0, 5)))).toBe(bytes.length);
      const parsed = ISO2709.from(new TextDecoder().decode(bytes));
      const field = (tag: string) => parsed.get(new RegExp(`^${tag}$`));
      expect(field('001')[0].value).toBe('demo-ribao_2023-05-06_ed-1_art-1');
      expect(field('200')[0].subfields).toEqual(expect.arrayContaining([{ code: 'a', value: exportRecord.article.title }, { code: 'e', value: '清远市图书馆完善管理制度' }, { code: 'f', value: '林晓红' }]));
      expect(field('461')[0].subfields).toEqual(expect.arrayContaining([{ code: 't', value: exportRecord.title.name }]));
      expect(field('606').map((f: { subfields: { code: string; value: string }[] }) => f.subfields.find((s) => s.code === 'a')!.value)).toEqual(['公共图书馆', '图书馆管理']);
      expect(field('690')[0].subfields[0]).toEqual({ code: 'a', value: 'G259.276.5' });
      expect(field('702')[0].subfields).toEqual(expect.arrayContaining([{ code: '4', value: '600' }]));
      expect(field('856')[0].subfields[0]).toEqual({ code: 'u', value: 'http://archive.example.org/articles/demo-ribao_2023-05-06_ed-1_art-1' });
      expect(field('100')[0].subfields[0].value).toHaveLength(36);
    });
  });

  describe('export files', () => {
    /** A folder for one test's export, removed when the test ends. */
    const folder = async () => {
      const made = await mkdtemp(join(tmpdir(), 'difang-export-'));
      onTestFinished(() => rm(made, { recursive: true, force: true }));
      return made;
    };
    const run = async (format: ExportFormat, statuses: Article['status'][] = ['reviewed', 'published'], force = false) => {
      const out = join(await folder(), `export.${formatExtensions[format]}`);
      const selection = { ...defaultSelection, statuses };
      const manifest = await writeExport({ format, out, records: exportRecords(world, selection, 'http://archive.example.org', 50), config: defaultTabularConfig, selection, baseUrl: 'http://archive.example.org', repository: 'archive.example.org', force });
      return { out, manifest };
    };

    it('CSV opens as UTF-8 with a BOM, one row per record, multi-valued fields joined with "；"', async () => {
      const { out, manifest } = await run('csv');
      expect(manifest).toMatchObject({ records: extra + 1, kept: true, missing: {} });
      const bytes = await readFile(out);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(manifest.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      const rows = parseCsv(bytes, { bom: true }) as string[][];
      expect(rows[0]).toEqual(defaultTabularConfig.columns.map((c) => c.header));
      expect(rows).toHaveLength(extra + 2);
      const first = rows.find((row) => row[0] === 'demo-ribao_2023-05-06_ed-1_art-1')!;
      const column = (header: string) => first[rows[0]!.indexOf(header)];
      expect(column('主题词')).toBe('公共图书馆；图书馆管理');
      expect(column('责任者')).toBe('林晓红（记者）；陈志强（摄影）');
      expect(column('地名')).toBe('清远市（441800）');
    });

    it('XLSX opens with exceljs, Chinese intact', async () => {
      const { out } = await run('xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(out);
      const sheet = workbook.getWorksheet('篇目')!;
      expect(sheet.rowCount).toBe(extra + 2);
      expect(sheet.getRow(1).getCell(2).value).toBe('篇名');
      const values = sheet.getColumn(1).values as string[];
      expect(values).toContain('demo-ribao_2023-05-06_ed-1_art-1');
    });

    it('MARC files are read back record by record; MODS and MarcXchange collections validate; JSON Lines parse', async () => {
      const marc = await readFile((await run('marc')).out);
      const records = new TextDecoder().decode(marc).split('\u001d').filter((chunk) => chunk.length > 0);
      expect(records).toHaveLength(extra + 1);
      for (const record of records.slice(0, 20)) expect(ISO2709.from(`${record}\u001d`).get(/^200$/)[0].subfields[0].code).toBe('a');
      const lines = (await readFile((await run('jsonl')).out, 'utf8')).trim().split('\n');
      expect(lines.map((line) => JSON.parse(line).id)).toContain('demo-ribao_2023-05-06_ed-1_art-1');
      if (canValidateXml) {
        expect(await validateXml(await readFile((await run('mods')).out, 'utf8'), 'mods')).toEqual([]);
        expect(await validateXml(await readFile((await run('marcxml')).out, 'utf8'), 'marcxchange')).toEqual([]);
        expect(await validateXml(await readFile((await run('dc')).out, 'utf8'), 'oai-pmh')).toEqual([]);
      }
    });

    it('records lacking mandatory fields are counted by field and the file is kept only when forced', async () => {
      const refused = await run('csv', ['draft', 'reviewed', 'published']);
      expect(refused.manifest.kept).toBe(false);
      expect(refused.manifest.missing['中图分类号']).toBe(6);
      expect(refused.manifest.incomplete[0]!.url).toMatch(/^http:\/\/archive\.example\.org\/catalog\/articles\//);
      await expect(stat(refused.out)).rejects.toThrow();
      const forced = await run('csv', ['draft', 'reviewed', 'published'], true);
      expect(forced.manifest).toMatchObject({ kept: true, records: extra + 7 });
    });
  });

  it('administrators download a selection streamed over HTTP; readers cannot', async () => {
    const token = 'e'.repeat(32);
    const app = createApp({ store: world.store, search: world.search, logger: silentLogger, publicBaseUrl: 'http://archive.example.org', version: 'test', auth: bootstrapAuthenticator(token) });
    expect((await app.request('/api/exports/csv')).status).toBe(401);
    const response = await app.request('/api/exports/csv?from=2023&to=2023-05', { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-total-records')).toBe(String(extra + 1));
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="difang-all-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = parseCsv(Buffer.from(await response.arrayBuffer()), { bom: true }) as string[][];
    expect(rows).toHaveLength(extra + 2);
    const marcxml = await (await app.request('/api/exports/marcxml?status=published', { headers: { Authorization: `Bearer ${token}` } })).text();
    expect((marcxml.match(/<marc:record /g) ?? []).length).toBe(1 + Math.ceil(extra / 2));
    if (canValidateXml) expect(await validateXml(marcxml, 'marcxchange')).toEqual([]);
    expect((await app.request('/api/exports/xlsx', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(400);
    expect((await app.request('/api/exports/csv?changedSince=yesterday', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(400);
  });

  describe('METS + ALTO package', () => {
    it('packs an issue: images as delivered, ALTO v4 per page, METS with pages and articles pointing at ALTO blocks; an independent unzip reads it', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'difang-mets-'));
      onTestFinished(() => rm(folder, { recursive: true, force: true }));
      const out = join(folder, 'issue.zip');
      const report = await writeIssuePackage({ store: world.store, records: world.records, key: issue, out, publicBaseUrl: 'http://archive.example.org' });
      expect(report).toMatchObject({ pages: 2, articles: extra + 7 });
      // Python's zipfile, not the library that wrote it, lists and tests the archive.
      const listing = await new Promise<string>((resolve, reject) =>
        execFile('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("\\n".join(n+" "+str(z.getinfo(n).file_size) for n in z.namelist()))', out], (error, stdout) => (error ? reject(error) : resolve(stdout))),
      );
      const names = listing.trim().split('\n').map((line) => line.split(' ')[0]);
      expect(names.sort()).toEqual(['alto/0001.xml', 'alto/0002.xml', 'images/0001.jpg', 'images/0002.jpg', 'mets.xml']);
      const { unzipSync, strFromU8 } = await import('fflate');
      const files = unzipSync(new Uint8Array(await readFile(out)));
      const image = files['images/0001.jpg']!;
      expect(createHash('sha256').update(image).digest('hex')).toBe((await world.records.getPage({ ...issue, seq: 1 }))!.record.image.sha256);
      const mets = strFromU8(files['mets.xml']!);
      expect(mets).toContain('<mets:structMap TYPE="LOGICAL">');
      expect(mets).toMatch(/<mets:div ID="ART1" TYPE="article" DMDID="DMD_ART1" LABEL="[^"]+"><mets:fptr><mets:seq><mets:area FILEID="ALTO1" BEGIN="P1_TB\d+" BETYPE="IDREF"\/>/);
      if (canValidateXml) {
        expect(await validateXml(mets, 'mets')).toEqual([]);
        expect(await validateXml(strFromU8(files['alto/0001.xml']!), 'alto4')).toEqual([]);
      }
      // Every block a METS area names exists in that page's ALTO.
      for (const [, file, block] of mets.matchAll(/<mets:area FILEID="ALTO(\d+)" BEGIN="([^"]+)"/g)) {
        expect(strFromU8(files[`alto/000${file}.xml`]!)).toContain(`ID="${block}"`);
      }
    });
  });

  describe('OAI-PMH', () => {
    it.skipIf(!canValidateXml)('every verb answers XML that validates against the OAI-PMH schema, with every format inside', async () => {
      const id = 'oai:archive.example.org:demo-ribao_2023-05-06_ed-1_art-1';
      for (const query of [
        'verb=Identify',
        'verb=ListMetadataFormats',
        `verb=ListMetadataFormats&identifier=${id}`,
        'verb=ListSets',
        'verb=ListIdentifiers&metadataPrefix=oai_dc',
        'verb=ListRecords&metadataPrefix=oai_dc&set=demo-ribao:2023',
        'verb=ListRecords&metadataPrefix=mods',
        'verb=ListRecords&metadataPrefix=marcxchange',
        `verb=GetRecord&identifier=${id}&metadataPrefix=mods`,
        'verb=Nonsense',
        'verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01',
      ]) {
        expect(await validateXml(await oai(query), 'oai-pmh'), query).toEqual([]);
      }
    });

    it('answers bad requests with the protocol\'s error codes', async () => {
      const code = async (query: string) => /<error code="([a-zA-Z]+)"/.exec(await oai(query))?.[1];
      expect(await code('verb=Nonsense')).toBe('badVerb');
      expect(await code('')).toBe('badVerb');
      expect(await code('verb=Identify&verb=Identify')).toBe('badVerb');
      expect(await code('verb=Identify&extra=1')).toBe('badArgument');
      expect(await code('verb=ListRecords')).toBe('badArgument');
      expect(await code('verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2025-01-01')).toBe('badArgument');
      expect(await code('verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-02-01T00:00:00Z')).toBe('badArgument');
      expect(await code('verb=ListRecords&metadataPrefix=marc21')).toBe('cannotDisseminateFormat');
      expect(await code('verb=ListRecords&resumptionToken=not-a-token')).toBe('badResumptionToken');
      expect(await code('verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x')).toBe('badArgument');
      expect(await code('verb=GetRecord&identifier=oai:archive.example.org:nope&metadataPrefix=oai_dc')).toBe('idDoesNotExist');
      expect(await code('verb=ListRecords&metadataPrefix=oai_dc&set=no-such-paper')).toBe('noRecordsMatch');
      expect(await code('verb=ListRecords&metadataPrefix=oai_dc&from=2030-01-01')).toBe('noRecordsMatch');
      // Draft articles (the vendor's segmentation, not yet reviewed) are not offered.
      expect(await code('verb=GetRecord&identifier=oai:archive.example.org:demo-ribao_2023-05-06_ed-1_art-2&metadataPrefix=oai_dc')).toBe('idDoesNotExist');
      // POST works as GET does.
      const posted = await fetch(`${baseUrl}/oai`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'verb=Identify' });
      expect(await posted.text()).toContain('<protocolVersion>2.0</protocolVersion>');
    });

    it('a real harvester takes every reviewed and published record, across resumption tokens, then only what changed', async () => {
      const harvester = new OaiPmh(`${baseUrl}/oai`);
      const identify = await harvester.identify();
      expect(identify.protocolVersion).toBe('2.0');
      const harvested: string[] = [];
      for await (const item of harvester.listRecords({ metadataPrefix: 'oai_dc' })) harvested.push(item.header.identifier);
      expect(harvested).toHaveLength(extra + 1);
      expect(new Set(harvested).size).toBe(extra + 1);
      const identifiers: string[] = [];
      for await (const item of harvester.listIdentifiers({ metadataPrefix: 'mods' })) identifiers.push(item.identifier);
      expect(identifiers.sort()).toEqual([...harvested].sort());

      // A cataloguer's later change: an incremental harvest from then on brings just that record.
      const changedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      const changed = [];
      for (const article of [1005, 1006]) {
        const stored = (await world.records.getArticle({ ...issue, article }))!.record;
        changed.push((await save({ ...stored, keywords: [...stored.keywords, '新增标签'], updatedAt: changedAt.toISOString() })).document);
      }
      await world.search.waitForTask(await world.search.putDocuments(world.search.indexUid('articles'), changed));
      // Datestamps have whole seconds: harvest once the second of the change has passed.
      await new Promise((done) => setTimeout(done, 1100));
      const since: string[] = [];
      for await (const item of harvester.listRecords({ metadataPrefix: 'oai_dc', from: changedAt.toISOString().replace(/\.\d+Z$/, 'Z') })) since.push(item.header.identifier);
      // (Two records: the harvester cannot read a list of one, an xml2js quirk of its own.)
      expect(since.sort()).toEqual(['oai:archive.example.org:demo-ribao_2023-05-06_ed-1_art-1005', 'oai:archive.example.org:demo-ribao_2023-05-06_ed-1_art-1006']);
    });

    it('resumption tokens say where a list stands and outlive the process that issued them', async () => {
      const first = await oai('verb=ListRecords&metadataPrefix=oai_dc');
      const token = /<resumptionToken completeListSize="(\d+)" cursor="0">([^<]+)<\/resumptionToken>/.exec(first)!;
      expect(Number(token[1])).toBe(extra + 1);
      // A new app over the same storage and index (as after a restart) continues the list.
      const restarted = createApp({ store: world.store, search: world.search, logger: silentLogger, publicBaseUrl: 'http://archive.example.org', version: 'test', auth: bootstrapAuthenticator(undefined) });
      const second = await (await restarted.request(`/oai?verb=ListRecords&resumptionToken=${token[2]}`)).text();
      expect(second).toMatch(/<resumptionToken completeListSize="\d+" cursor="100">/);
      expect((second.match(/<record>/g) ?? []).length).toBe(100);
    });
  });
});
