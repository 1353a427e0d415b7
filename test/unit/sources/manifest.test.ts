import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../indexer/readers/decode-text.ts';
import { normalizeDate, parseManifest } from '../../../indexer/sources/manifest.ts';
import { readFixture } from '../../helpers/fixtures.ts';

describe('parseManifest', () => {
  it('reads the demo manifest, saved in GB18030 with Chinese headers', async () => {
    const { rows, problems } = await parseManifest('manifest.csv', readFixture('demo', 'manifest.csv'));
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ row: 2, title: 'demo-ribao', titleName: '地方示例日报', titleKind: 'newspaper', cn: 'CN 44-9999', place: '广东省清远市' });
    expect(rows.find((r) => r.date === '2023-05-04' && r.page === 3)).toMatchObject({ label: '第3版', section: '文化' });
    // 2023/5/5 and 2023年5月5日 are the same day as 2023-05-05.
    expect(rows.filter((r) => r.date === '2023-05-05').map((r) => r.page ?? 'issue')).toEqual(['issue', 1, 2, 3]);
  });

  it('reads UTF-8 with a BOM and English headers, and XLSX', async () => {
    const csv = new TextEncoder().encode('\ufefftitle,date,page,label,section\nqingyuan-ribao,1995-03-01,1,第1版,要闻\n');
    expect((await parseManifest('manifest.csv', csv)).rows).toEqual([{ row: 2, title: 'qingyuan-ribao', date: '1995-03-01', page: 1, label: '第1版', section: '要闻' }]);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('清单');
    sheet.addRow(['报纸代码', '日期', '页码', '版名']);
    sheet.addRow(['qingyuan-ribao', new Date(Date.UTC(1995, 2, 1)), 2, '经济']);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect((await parseManifest('manifest.xlsx', xlsx)).rows).toEqual([{ row: 2, title: 'qingyuan-ribao', date: '1995-03-01', page: 2, section: '经济' }]);
  });

  it('names the row, the column and what is wrong; the other rows and cells still count', async () => {
    const csv = new Uint8Array(iconv.encode('报纸代码,日期,页码\nqingyuan-ribao,1995-02-30,1\nqingyuan-ribao,1995-03-01,2\n', 'gb18030'));
    const dates = await parseManifest('manifest.csv', csv);
    expect(dates.problems.map((p) => p.message)).toEqual(['manifest.csv: row 2: column "日期": the date "1995-02-30" is not YYYY-MM-DD']);
    expect(dates.problems[0]!.reason['zh-CN']).toBe('第 2 行：“日期”列：日期“1995-02-30”无法识别（应为 YYYY-MM-DD）');
    // A row whose date cannot be read is left out whole: its page number would land on another day.
    expect(dates.rows).toEqual([{ row: 3, title: 'qingyuan-ribao', date: '1995-03-01', page: 2 }]);
    const badPages = new TextEncoder().encode(`title,date,page\nqy,1995-03-01,A3\nqy,1995-03-01,${'9'.repeat(200)}\n`);
    const pages = await parseManifest('manifest.csv', badPages);
    expect(pages.problems.map((p) => p.reason.en)).toEqual(['row 2: column "page": "A3" is not a whole number from 1 to 999999', `row 3: column "page": "${'9'.repeat(60)}…" is not a whole number from 1 to 999999`]);
    await expect(parseManifest('manifest.csv', new TextEncoder().encode('foo,bar\n1,2\n'))).rejects.toThrow(/none of the title, date or volume columns/);
  });

  it('checks title values a record would refuse, and takes the ways people write them', async () => {
    const csv = new TextEncoder().encode(
      [
        '报纸代码,报纸名,刊号,issn,权利声明uri',
        'red-k,测试报K,44-0043,1234-5679,http://rightsstatements.org/vocab/NoC-US/1.0/',
        'red-l,测试报L,ＣＮ ４４－００４３/G0,12345679,',
        'red-m,测试报M,44-43,12345678,javascript:alert(1)',
        'red-n,测试报N,,,not a url',
      ].join('\n'),
    );
    const { rows, problems } = await parseManifest('manifest.csv', csv);
    expect(rows.map((r) => [r.title, r.cn, r.issn, r.rightsUri])).toEqual([
      ['red-k', 'CN 44-0043', '1234-5679', 'http://rightsstatements.org/vocab/NoC-US/1.0/'],
      ['red-l', 'CN 44-0043/G0', '1234-5679', undefined],
      ['red-m', undefined, undefined, undefined],
      ['red-n', undefined, undefined, undefined],
    ]);
    expect(problems.map((p) => p.reason.en)).toEqual([
      'row 4: column "刊号": "44-43" is not a CN serial number (like CN 44-0043)',
      'row 4: column "issn": ISSN "12345678" is not valid (like 1234-5679, the last digit a check digit)',
      'row 4: column "权利声明uri": "javascript:alert(1)" is not a rightsstatements.org or creativecommons.org URI',
      'row 5: column "权利声明uri": "not a url" is not a rightsstatements.org or creativecommons.org URI',
    ]);
    expect(problems.every((p) => p.problem === 'invalid_metadata' && p.file === 'manifest.csv')).toBe(true);
  });

  it('reads a Big5 manifest as Big5, not as the GB18030 mojibake its bytes also are', async () => {
    const csv = '報紙代碼,報紙名,出版地\nred-b,紅隊測試報,臺灣臺北市\nhk-wen,香港文匯報,香港\n';
    // The bytes are valid GB18030 too: 紅隊測試報 would be 钉代刚厨.
    expect(iconv.decode(iconv.encode(csv, 'big5'), 'gb18030')).not.toContain('紅隊測試報');
    const { rows, problems } = await parseManifest('manifest.csv', iconv.encode(csv, 'big5'));
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.title, r.titleName, r.place])).toEqual([
      ['red-b', '紅隊測試報', '臺灣臺北市'],
      ['hk-wen', '香港文匯報', '香港'],
    ]);
    // The same traditional text saved as GB18030 (GBK) stays GB18030, and so does simplified text.
    expect((await parseManifest('manifest.csv', iconv.encode(csv, 'gb18030'))).rows[0]).toMatchObject({ titleName: '紅隊測試報' });
    expect((await parseManifest('manifest.csv', iconv.encode('报纸代码,报纸名\nqy,清远日报\n', 'gb18030'))).rows[0]).toMatchObject({ titleName: '清远日报' });
  });

  it('tells Big5 from GB18030 in real sentences of six characters or more', () => {
    const sentences = ['圖書館舉辦地方文獻展覽', '讀者可以在線閱讀歷史報紙', '清遠市圖書館全年接待讀者', '數字資源建設取得新進展', '本報訊記者報導'];
    for (const sentence of sentences) {
      expect(decodeText(iconv.encode(sentence, 'big5'))).toEqual({ text: sentence, encoding: 'big5' });
      expect(decodeText(iconv.encode(sentence, 'gb18030'))).toEqual({ text: sentence, encoding: 'gb18030' });
    }
  });

  it('refuses bytes that are neither UTF-8 nor GB18030', async () => {
    await expect(parseManifest('manifest.csv', new Uint8Array([0x74, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0xff, 0xff, 0xff, 0x80]))).rejects.toMatchObject({ problem: 'unknown_encoding' });
  });

  it('normalizes the ways people write dates', () => {
    expect(['1995-03-01', '1995/3/1', '1995.03.01', '19950301', '1995年3月1日'].map(normalizeDate)).toEqual(Array(5).fill('1995-03-01'));
    expect(normalizeDate('1995-13-01')).toBeNull();
    expect(normalizeDate('三月一日')).toBeNull();
  });
});
