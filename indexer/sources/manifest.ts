/**
 * The optional manifest of a simple-layout batch (manifest.csv or manifest.xlsx at its root):
 * title, issue and page metadata that file names cannot carry — 报纸名, 版次, 版名, 期号… Column
 * headers may be English or Chinese. CSV may be UTF-8 or GB18030. See docs/ingest-layout.md.
 */
import { isCalendarDate } from '../../src/domain/natural-keys.ts';
import { normalizeCn, normalizeIssn, titleSchema } from '../../src/domain/title.ts';
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

export interface Manifest {
  rows: ManifestRow[];
  /** Values refused, one per bad cell (naming its row and column); the rest of the row still counts. */
  problems: InputError[];
}

/** Reads a manifest; a file that cannot be read at all throws, a bad cell is a problem of its own. */
export async function parseManifest(fileName: string, bytes: Uint8Array): Promise<Manifest> {
  const table = await readTable(fileName, bytes);
  const [header, ...rows] = table;
  if (!header) return { rows: [], problems: [] };
  const fields = header.map((cell) => fieldFor(cell));
  if (!fields.includes('title') && !fields.includes('date') && !fields.includes('volume')) {
    throw inputError('invalid_metadata', '清单缺少 title / 日期 / 卷 等列', 'the manifest has none of the title, date or volume columns', fileName);
  }
  const problems: InputError[] = [];
  const parsed = rows.map((cells, index) => toRow(fileName, fields, header, cells, index + 2, problems)).filter((row) => Object.keys(row).length > 1);
  return { rows: parsed, problems };
}

function fieldFor(header: string): Field | null {
  return columnFor(header, aliases);
}

/**
 * One row. A cell that cannot be used is reported (row, column, value, what it should be) and left
 * out; a row whose date cannot be read is left out whole, since nothing else in it can be placed.
 */
function toRow(fileName: string, fields: (Field | null)[], header: string[], cells: string[], row: number, problems: InputError[]): ManifestRow {
  const result: ManifestRow = { row };
  const refuse = (column: number, zh: string, en: string): void => {
    const name = header[column]?.trim() || fields[column] || String(column + 1);
    problems.push(rowError(fileName, row, `“${name}”列：${zh}`, `column "${name}": ${en}`));
  };
  let dateRefused = false;
  fields.forEach((field, column) => {
    const value = (cells[column] ?? '').trim();
    if (!field || value === '') return;
    const cell = cellValue(field, value);
    if (cell.ok) (result as unknown as Record<string, unknown>)[field] = cell.value;
    else {
      refuse(column, cell.zh, cell.en);
      if (field === 'date') dateRefused = true;
    }
  });
  return dateRefused ? { row } : result;
}

type CellValue = { ok: true; value: string | number } | { ok: false; zh: string; en: string };

/** A cell's value as its field takes it, or why it cannot be taken. */
function cellValue(field: Field, value: string): CellValue {
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  if (numeric.includes(field)) {
    const number = /^第?\d{1,6}[版页卷册]?$/.test(value) ? Number(value.replace(/^第|[版页卷册]$/g, '')) : Number.NaN;
    return Number.isInteger(number) && number >= 1 ? { ok: true, value: number } : { ok: false, zh: `“${shown}”不是 1–999999 的整数`, en: `"${shown}" is not a whole number from 1 to 999999` };
  }
  switch (field) {
    case 'date': {
      const date = normalizeDate(value);
      return date ? { ok: true, value: date } : { ok: false, zh: `日期“${shown}”无法识别（应为 YYYY-MM-DD）`, en: `the date "${shown}" is not YYYY-MM-DD` };
    }
    case 'titleKind': {
      const kind = /^(newspaper|报纸)$/i.test(value) ? 'newspaper' : /^(document|文献|地方文献|图书)$/i.test(value) ? 'document' : null;
      return kind ? { ok: true, value: kind } : { ok: false, zh: `类型“${shown}”应为 报纸 或 文献`, en: `kind "${shown}" should be newspaper or document` };
    }
    case 'cn': {
      const cn = normalizeCn(value);
      return cn ? { ok: true, value: cn } : { ok: false, zh: `刊号“${shown}”不是国内统一刊号（如 CN 44-0043）`, en: `"${shown}" is not a CN serial number (like CN 44-0043)` };
    }
    case 'issn': {
      const issn = normalizeIssn(value);
      return issn ? { ok: true, value: issn } : { ok: false, zh: `ISSN“${shown}”无效（格式如 1234-5679，末位为校验位）`, en: `ISSN "${shown}" is not valid (like 1234-5679, the last digit a check digit)` };
    }
    case 'rightsUri':
      return titleSchema.shape.rightsUri.safeParse(value).success
        ? { ok: true, value }
        : { ok: false, zh: `“${shown}”不是 rightsstatements.org 或 creativecommons.org 的权利声明网址`, en: `"${shown}" is not a rightsstatements.org or creativecommons.org URI` };
    default:
      return value.length <= 500 ? { ok: true, value } : { ok: false, zh: '超过 500 个字符', en: 'longer than 500 characters' };
  }
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
