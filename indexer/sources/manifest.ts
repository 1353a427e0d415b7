/**
 * The optional manifest of a simple-layout batch (manifest.csv or manifest.xlsx at its root):
 * title, issue and page metadata that file names cannot carry — 报纸名, 版次, 版名, 期号… Column
 * headers may be English or Chinese. CSV may be UTF-8 or GB18030. See docs/ingest-layout.md.
 */
import { isCalendarDate } from '../../src/domain/natural-keys.ts';
import { columnFor, readTable } from '../readers/read-table.ts';
import { InputError, inputError } from '../readers/input-error.ts';

export interface ManifestRow {
  /** 1-based row in the file (the header is row 1). */
  row: number;
  title?: string;
  titleName?: string;
  titleKind?: 'newspaper' | 'document';
  cn?: string;
  issn?: string;
  place?: string;
  publisher?: string;
  rights?: string;
  rightsUri?: string;
  date?: string;
  edition?: number;
  volume?: number;
  page?: number;
  label?: string;
  section?: string;
  issueNo?: string;
  totalIssueNo?: string;
  printedDate?: string;
}

type Field = Exclude<keyof ManifestRow, 'row'>;

/** Accepted headers for each field (compared without case, spaces or underscores). */
const aliases: Record<Field, string[]> = {
  title: ['title', 'titleid', '报纸代码', '文献代码', '题名代码'],
  titleName: ['titlename', 'name', '报纸名', '报纸名称', '文献名', '题名', '刊名'],
  titleKind: ['titlekind', 'kind', '类型', '文献类型'],
  cn: ['cn', '刊号', '国内统一刊号', '统一刊号'],
  issn: ['issn'],
  place: ['place', '出版地'],
  publisher: ['publisher', '出版者', '出版单位', '主办单位'],
  rights: ['rights', '权限', '版权', '权利声明'],
  rightsUri: ['rightsuri', 'rightsstatement', '权利声明uri', '权限uri'],
  date: ['date', '日期', '出版日期'],
  edition: ['edition', '版本', '版别'],
  volume: ['volume', '卷', '卷次', '册'],
  page: ['page', 'seq', '页', '页码', '版序', '顺序号'],
  label: ['label', 'pagelabel', '版次'],
  section: ['section', '版名', '版面名称'],
  issueNo: ['issueno', 'issue', '期号', '期次'],
  totalIssueNo: ['totalissueno', '总期号'],
  printedDate: ['printeddate', '报头日期', '原始日期'],
};

const numeric: Field[] = ['edition', 'volume', 'page'];

export async function parseManifest(fileName: string, bytes: Uint8Array): Promise<ManifestRow[]> {
  const table = await readTable(fileName, bytes);
  const [header, ...rows] = table;
  if (!header) return [];
  const fields = header.map((cell) => fieldFor(cell));
  if (!fields.includes('title') && !fields.includes('date') && !fields.includes('volume')) {
    throw inputError('invalid_metadata', '清单缺少 title / 日期 / 卷 等列', 'the manifest has none of the title, date or volume columns', fileName);
  }
  return rows
    .map((cells, index) => toRow(fileName, fields, cells, index + 2))
    .filter((row) => Object.keys(row).length > 1);
}

function fieldFor(header: string): Field | null {
  return columnFor(header, aliases);
}

function toRow(fileName: string, fields: (Field | null)[], cells: string[], row: number): ManifestRow {
  const result: ManifestRow = { row };
  fields.forEach((field, column) => {
    const value = (cells[column] ?? '').trim();
    if (!field || value === '') return;
    if (numeric.includes(field)) {
      const number = Number(value.replace(/^第|[版页卷册]$/g, ''));
      if (!Number.isInteger(number) || number < 1) throw rowError(fileName, row, `${field} “${value}” 不是正整数`, `${field} "${value}" is not a whole number`);
      (result as unknown as Record<string, number>)[field] = number;
    } else if (field === 'date') {
      const date = normalizeDate(value);
      if (!date) throw rowError(fileName, row, `日期 “${value}” 无法识别（应为 YYYY-MM-DD）`, `the date "${value}" is not YYYY-MM-DD`);
      result.date = date;
    } else if (field === 'titleKind') {
      const kind = /^(newspaper|报纸)$/i.test(value) ? 'newspaper' : /^(document|文献|地方文献|图书)$/i.test(value) ? 'document' : null;
      if (!kind) throw rowError(fileName, row, `类型 “${value}” 应为 报纸 或 文献`, `kind "${value}" should be newspaper or document`);
      result.titleKind = kind;
    } else {
      (result as unknown as Record<string, string>)[field] = value;
    }
  });
  return result;
}

/** 1995-03-01, 1995/3/1, 1995.03.01, 19950301 and 1995年3月1日 all mean the same day. */
export function normalizeDate(value: string): string | null {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(value) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) return null;
  const date = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
}

function rowError(fileName: string, row: number, zh: string, en: string): InputError {
  return inputError('invalid_metadata', `第 ${row} 行：${zh}`, `row ${row}: ${en}`, fileName);
}
