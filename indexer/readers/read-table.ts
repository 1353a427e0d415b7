/**
 * Tables libraries keep in spreadsheets (batch manifests, vocabularies): CSV in UTF-8, GB18030 or
 * Big5, or the first sheet of an XLSX, as rows of strings; and column headers matched to fields by
 * aliases in English or Chinese (compared without case, spaces, hyphens or underscores, and
 * traditional as simplified: 報紙代碼 is 报纸代码).
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { fold } from '../../src/domain/fold.ts';
import { decodeText } from './decode-text.ts';
import { inputError } from './input-error.ts';

export async function readTable(fileName: string, bytes: Uint8Array): Promise<string[][]> {
  return fileName.toLowerCase().endsWith('.xlsx') ? readXlsx(bytes) : readCsv(bytes);
}

/** The field a header names, by its aliases (already lowercase, without spaces). */
export function columnFor<F extends string>(header: string, aliases: Record<F, string[]>): F | null {
  const wanted = fold(header.trim().toLowerCase().replace(/[\s_-]/g, ''));
  return (Object.keys(aliases) as F[]).find((field) => aliases[field].some((alias) => fold(alias) === wanted)) ?? null;
}

function readCsv(bytes: Uint8Array): string[][] {
  const { text } = decodeText(bytes);
  try {
    return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (cause) {
    throw inputError('invalid_metadata', `CSV 格式错误：${(cause as Error).message}`, `the CSV is malformed: ${(cause as Error).message}`, undefined, cause);
  }
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (cause) {
    throw inputError('invalid_metadata', `XLSX 无法读取：${(cause as Error).message}`, `the XLSX cannot be read: ${(cause as Error).message}`, undefined, cause);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      const value = cell.value;
      cells[column - 1] =
        value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'object' && value !== null && 'text' in value ? String(value.text) : value === null || value === undefined ? '' : String(value);
    });
    rows.push(Array.from(cells, (cell) => cell ?? ''));
  });
  return rows;
}
