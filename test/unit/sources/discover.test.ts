import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverBatch } from '../../../indexer/sources/discover.ts';
import { openFolder } from '../../../indexer/sources/folder-reader.ts';
import { resolveWithin, safeBatchPath } from '../../../indexer/sources/batch-reader.ts';
import { sniffFormat } from '../../../indexer/images/sniff-format.ts';
import { fixture, hasSharedSamples, readFixture, sample, sharedSkipReason } from '../../helpers/fixtures.ts';

const folders: string[] = [];
async function batch(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'difang-discover-'));
  folders.push(root);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}
afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

const jpeg = readFixture('demo', 'demo-ribao', '2023-05-05', '03.jpg');

describe('discoverBatch', () => {
  it('finds the demo batch: two dated issues and a PDF volume, with the manifest applied', async () => {
    const plan = await discoverBatch(await openFolder(fixture('demo')));
    expect(plan.problems).toEqual([]);
    expect(plan.issues.map((issue) => [issue.key, issue.pages.map((p) => p.seq)])).toEqual([
      [{ title: 'demo-ribao', date: '2023-05-04', edition: 1 }, [1, 2, 3, 4]],
      [{ title: 'demo-ribao', date: '2023-05-05', edition: 1 }, [1, 2, 3]],
      [{ title: 'library-reports', volume: 1 }, [0]],
    ]);
    const [may4, may5, volume] = plan.issues;
    expect(may4!.title).toMatchObject({ id: 'demo-ribao', name: '地方示例日报', cn: 'CN 44-9999', kind: 'newspaper' });
    expect(may4!.issue).toEqual({ issueNo: '1001', totalIssueNo: '1001', printedDate: '2023年5月4日 星期四 农历三月十五' });
    expect(may4!.pages.map((p) => [p.image.path.split('/').pop(), p.ocr?.format ?? 'none', p.label, p.section])).toEqual([
      ['01.jpg', 'alto', '第1版', '要闻'],
      ['02.tif', 'hocr', '第2版', '综合'],
      ['03.png', 'paddle', '第3版', '文化'],
      ['04.jp2', 'alto', '第4版', '副刊'],
    ]);
    expect(may5!.pages[1]!.ocr).toBeUndefined();
    expect(volume!.title).toMatchObject({ id: 'library-reports', kind: 'document', name: '公共图书馆年度报告选编' });
  });

  it('takes a METS issue, mapping its logical articles onto page OCR blocks', async () => {
    const plan = await discoverBatch(await openFolder(fixture('mets-enmap')), { title: 'demo-ribao' });
    expect(plan.issues).toHaveLength(1);
    const [issue] = plan.issues;
    expect(issue!.key).toEqual({ title: 'demo-ribao', date: '2023-05-06', edition: 1 });
    expect(issue!.pages.map((p) => [p.seq, p.image.path, p.ocr?.path])).toEqual([
      [1, '0001.jpg', '0001.xml'],
      [2, '0002.jpg', '0002.xml'],
    ]);
    expect(issue!.articles.length).toBe(7);
    expect(issue!.articles[0]!.areas[0]!.seq).toBe(1);
    expect(issue!.articles.at(-1)!.areas[0]!.seq).toBe(2);
  });

  it.skipIf(!hasSharedSamples)(`reads the NDNP issue and reports the page whose files are missing [${hasSharedSamples ? 'real sample' : sharedSkipReason}]`, async () => {
    const plan = await discoverBatch(await openFolder(sample('ndnp-park-record-1935')));
    expect(plan.issues[0]!.key).toEqual({ title: 'sn85058233', date: '1935-08-02', edition: 1 });
    expect(plan.issues[0]!.title.name).toBe('The Park Record (Park City, UT)');
    expect(plan.issues[0]!.pages.map((p) => [p.seq, p.image.path, p.ocr?.path])).toEqual([[1, '1292.jp2', '1292.xml']]);
    expect(plan.problems.map((p) => [p.file, p.problem, p.reason.en])).toEqual([['1935080201.xml', 'missing_file', 'page 2: its image is missing (1289.tif, 1289.jp2, 1289.pdf)']]);
  });

  it('refuses two files claiming one page, and says so for each', async () => {
    const root = await batch({ 'qy/1995-03-01/01.jpg': jpeg, 'qy/1995-03-01/1.png': jpeg, 'qy/1995-03-01/02.jpg': jpeg });
    const plan = await discoverBatch(await openFolder(root));
    expect(plan.issues[0]!.pages.map((p) => p.seq)).toEqual([2]);
    expect(plan.problems.map((p) => [p.file, p.problem])).toEqual([
      ['qy/1995-03-01/01.jpg', 'duplicate_page'],
      ['qy/1995-03-01/1.png', 'duplicate_page'],
    ]);
  });

  it('refuses two METS files for one issue (the red team swapped their images): neither is used, each page named', async () => {
    const files = ['mets.xml', '0001.jpg', '0001.xml', '0002.jpg', '0002.xml'];
    const first = Object.fromEntries(files.map((name) => [`a/${name}`, readFixture('mets-enmap', name)]));
    const swapped = Object.fromEntries(files.map((name) => [`b/${name}`, readFixture('mets-enmap', name === 'mets.xml' ? name : name.replace(/000([12])/, (_m, n: string) => `000${n === '1' ? 2 : 1}`))]));
    const plan = await discoverBatch(await openFolder(await batch({ ...first, ...swapped })), { title: 'demo-ribao' });
    expect(plan.issues).toEqual([]);
    expect(plan.problems.map((p) => [p.file, p.problem])).toEqual([
      ['a/0001.jpg', 'duplicate_page'],
      ['a/0002.jpg', 'duplicate_page'],
      ['b/0001.jpg', 'duplicate_page'],
      ['b/0002.jpg', 'duplicate_page'],
    ]);
    expect(plan.problems[0]!.reason.en).toBe(
      'issue demo-ribao/2023-05-06/ed-1 is described by more than one file in the batch (a/mets.xml, b/mets.xml): which image is which page, and where its articles are, cannot be told; none is used',
    );
  });

  it('refuses days that do not exist, title folders that are not ids, and files without a title', async () => {
    const root = await batch({ 'qy/1995-02-30/01.jpg': jpeg, '清远日报/1995-03-01/01.jpg': jpeg, '1995-03-02/01.jpg': jpeg });
    const plan = await discoverBatch(await openFolder(root));
    expect(plan.issues).toEqual([]);
    expect(plan.problems.map((p) => p.reason.en).sort()).toEqual([
      'no title id: put the files under title/date/, or give --title',
      'the folder name "清远日报" is not a valid title id (lowercase letters, digits and hyphens, e.g. qingyuan-ribao)',
      'there is no such date as 1995-02-30',
    ]);
    expect((await discoverBatch(await openFolder(root), { title: 'qyrb' })).issues.map((i) => i.key)).toEqual([
      { title: 'qyrb', date: '1995-03-01', edition: 1 },
      { title: 'qyrb', date: '1995-03-02', edition: 1 },
    ]);
  });

  it('refuses METS files that point outside the batch, and links that lead outside it', async () => {
    const mets = (href: string): string =>
      `<mets xmlns="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mods="http://www.loc.gov/mods/v3"><dmdSec ID="d"><mdWrap><xmlData><mods:mods><mods:originInfo><mods:dateIssued>1995-03-01</mods:dateIssued></mods:originInfo></mods:mods></xmlData></mdWrap></dmdSec><fileSec><fileGrp USE="IMAGE"><file ID="f1"><FLocat xlink:href="${href}"/></file></fileGrp></fileSec><structMap TYPE="PHYSICAL"><div TYPE="issue" DMDID="d"><div TYPE="page" ORDER="1"><fptr FILEID="f1"/></div></div></structMap></mets>`;
    const root = await batch({ 'a/mets.xml': mets('../../../../etc/passwd.jpg') });
    const plan = await discoverBatch(await openFolder(root), { title: 'qy' });
    expect(plan.problems.map((p) => [p.file, p.problem])).toEqual([['a/mets.xml', 'unsafe_path']]);
    const absolute = await batch({ 'mets.xml': mets('/etc/hosts') });
    expect((await discoverBatch(await openFolder(absolute), { title: 'qy' })).problems[0]!.reason.en).toBe('the path "/etc/hosts" is absolute; refused');
    const linked = await batch({ 'qy/1995-03-01/02.jpg': jpeg });
    await symlink('/etc/hostname', join(linked, 'qy', '1995-03-01', '01.jpg'));
    const reader = await openFolder(linked);
    await expect(reader.readBytes('qy/1995-03-01/01.jpg')).rejects.toMatchObject({ problem: 'unsafe_path' });
  });
});

describe('paths and formats', () => {
  it('keeps batch paths inside the batch', () => {
    expect(resolveWithin('sn1/reel/1935/mets.xml', './1292.jp2')).toBe('sn1/reel/1935/1292.jp2');
    expect(resolveWithin('sn1/mets.xml', '../other/1.jp2')).toBe('other/1.jp2');
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:\\x', 'a\0b', 'file:///etc/passwd', 'http://example.org/x']) expect(() => safeBatchPath(bad)).toThrow();
  });

  it('tells formats by their first bytes, not their names', () => {
    expect(sniffFormat(readFixture('demo', 'demo-ribao', '2023-05-04', '01.jpg'))).toBe('jpeg');
    expect(sniffFormat(readFixture('demo', 'demo-ribao', '2023-05-04', '02.tif'))).toBe('tiff');
    expect(sniffFormat(readFixture('demo', 'demo-ribao', '2023-05-04', '03.png'))).toBe('png');
    expect(sniffFormat(readFixture('demo', 'demo-ribao', '2023-05-04', '04.jp2'))).toBe('jp2');
    expect(sniffFormat(readFixture('demo', 'library-reports', 'vol-1.pdf'))).toBe('pdf');
    expect(sniffFormat(new TextEncoder().encode('GIF89a'))).toBeNull();
  });
});
