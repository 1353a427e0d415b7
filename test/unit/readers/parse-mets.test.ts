import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMets, parseNdnpBatch } from '../../../indexer/readers/parse-mets.ts';
import { decodeXml } from '../../../indexer/readers/safe-xml.ts';
import { groundTruth, hasSharedSamples, readFixture, sample, sharedSkipReason } from '../../helpers/fixtures.ts';

describe('parseMets', () => {
  it.skipIf(!hasSharedSamples)(`reads an NDNP issue: date, edition, numbers, pages in order with their files [${hasSharedSamples ? 'real sample' : sharedSkipReason}]`, () => {
    const issue = parseMets(decodeXml(new Uint8Array(readFileSync(sample('ndnp-park-record-1935', '1935080201.xml')))));
    expect(issue).toMatchObject({ lccn: 'sn85058233', date: '1935-08-02', edition: 1, editionLabel: 'Main Edition', volume: '56', issueNo: '27' });
    expect(issue.pages.map((p) => [p.order, p.pageNumber, p.files.map((f) => `${f.use}:${f.href}`)])).toEqual([
      [1, 1, ['master:1292.tif', 'service:1292.jp2', 'derivative:1292.pdf', 'ocr:1292.xml']],
      [2, 2, ['master:1289.tif', 'service:1289.jp2', 'derivative:1289.pdf', 'ocr:1289.xml']],
    ]);
    expect(issue.articles).toEqual([]);
  });

  it('reads articles from an ENMAP logical structMap: headline and body areas pointing at ALTO blocks', () => {
    const issue = parseMets(decodeXml(readFixture('mets-enmap', 'mets.xml')));
    const truth = groundTruth.filter((t) => t.batch === 'mets-enmap');
    expect(issue).toMatchObject({ title: '地方示例日报', date: '2023-05-06', issueNo: '1003', edition: 1 });
    expect(issue.pages.map((p) => p.files.map((f) => f.href))).toEqual([
      ['0001.jpg', '0001.xml'],
      ['0002.jpg', '0002.xml'],
    ]);
    const expected = truth.flatMap((page) => page.articles.map((a) => ({ label: a.headline, blocks: a.blocks, alto: page.ocr!.file })));
    expect(issue.articles).toHaveLength(expected.length);
    issue.articles.forEach((article, i) => {
      expect(article.label).toBe(expected[i]!.label);
      expect(article.areas.map((area) => area.begin)).toEqual(expect.arrayContaining(expected[i]!.blocks));
      expect(article.areas.every((area) => area.file.href === expected[i]!.alto)).toBe(true);
      expect(article.headline.length).toBeGreaterThan(0);
    });
  });

  it('reads an NDNP batch file', () => {
    const batch = parseNdnpBatch(
      '<batch xmlns="http://www.loc.gov/ndnp" name="batch_uuml_x" awardee="uuml" awardYear="2017"><issue lccn="sn85058233" issueDate="1935-08-02" editionOrder="01">./sn85058233/17082901001/1935080201/1935080201.xml</issue></batch>',
    );
    expect(batch).toEqual({ name: 'batch_uuml_x', issues: [{ lccn: 'sn85058233', date: '1935-08-02', edition: 1, href: './sn85058233/17082901001/1935080201/1935080201.xml' }] });
  });

  it('says when a file is not METS at all', () => {
    expect(() => parseMets('<alto/>')).toThrow(/not METS/);
  });
});
