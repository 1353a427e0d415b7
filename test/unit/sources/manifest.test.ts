import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { normalizeDate, parseManifest } from '../../../indexer/sources/manifest.ts';
import { readFixture } from '../../helpers/fixtures.ts';

describe('parseManifest', () => {
  it('reads the demo manifest, saved in GB18030 with Chinese headers', async () => {
    const rows = await parseManifest('manifest.csv', readFixture('demo', 'manifest.csv'));
    expect(rows[0]).toMatchObject({ row: 2, title: 'demo-ribao', titleName: '地方示例日报', titleKind: 'newspaper', cn: 'CN 44-9999', place: '广东省清远市' });
    expect(rows.find((r) => r.date === '2023-05-04' && r.page === 3)).toMatchObject({ label: '第3版', section: '文化' });
    // 2023/5/5 and 2023年5月5日 are the same day as 2023-05-05.
    expect(rows.filter((r) => r.date === '2023-05-05').map((r) => r.page ?? 'issue')).toEqual(['issue', 1, 2, 3]);
  });

  it('reads UTF-8 with a BOM and English headers, and XLSX', async () => {
    const csv = new TextEncoder().encode('\ufefftitle,date,page,label,section\nqingyuan-ribao,1995-03-01,1,第1版,要闻\n');
    expect(await parseManifest('manifest.csv', csv)).toEqual([{ row: 2, title: 'qingyuan-ribao', date: '1995-03-01', page: 1, label: '第1版', section: '要闻' }]);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('清单');
    sheet.addRow(['报纸代码', '日期', '页码', '版名']);
    sheet.addRow(['qingyuan-ribao', new Date(Date.UTC(1995, 2, 1)), 2, '经济']);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await parseManifest('manifest.xlsx', xlsx)).toEqual([{ row: 2, title: 'qingyuan-ribao', date: '1995-03-01', page: 2, section: '经济' }]);
  });

  it('names the row and what is wrong with it', async () => {
    const csv = new Uint8Array(iconv.encode('报纸代码,日期,页码\nqingyuan-ribao,1995-02-30,1\n', 'gb18030'));
    await expect(parseManifest('manifest.csv', csv)).rejects.toThrow(/row 2: the date "1995-02-30" is not YYYY-MM-DD/);
    const badPage = new TextEncoder().encode('title,date,page\nqy,1995-03-01,A3\n');
    await expect(parseManifest('manifest.csv', badPage)).rejects.toThrow(/row 2: page "A3" is not a whole number/);
    await expect(parseManifest('manifest.csv', new TextEncoder().encode('foo,bar\n1,2\n'))).rejects.toThrow(/none of the title, date or volume columns/);
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
