/**
 * Writes a selection of articles to one file in one format, streaming (a page of records in
 * memory at a time), and describes it in a manifest: counts, size, sha256, the selection, and
 * which mandatory fields how many records lack. A file with incomplete records is kept only
 * when asked (force); otherwise nothing is left behind but the report.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { ExportRecord } from '../../src/domain/export/export-record.ts';
import type { ExportSelection } from '../../src/domain/export/selection.ts';
import { missingRequired, tabularHeader, tabularRow, type TabularConfig } from '../../src/domain/export/tabular.ts';
import { framing, serialize, type ExportFormat } from '../../src/domain/export/serialize.ts';
import { articleId, urls } from '../../src/domain/natural-keys.ts';

export { exportFormats, formatExtensions, type ExportFormat } from '../../src/domain/export/serialize.ts';

export interface ExportManifest {
  format: ExportFormat;
  file: string;
  records: number;
  bytes: number;
  sha256: string;
  selection: Record<string, unknown>;
  generatedAt: string;
  /** Mandatory column header → how many records leave it empty. */
  missing: Record<string, number>;
  /** Up to 100 incomplete records, with what each lacks and where to fix it. */
  incomplete: { id: string; url: string; missing: string[] }[];
  kept: boolean;
}

export async function writeExport(options: {
  format: ExportFormat;
  out: string;
  records: AsyncIterable<ExportRecord>;
  config: TabularConfig;
  selection: ExportSelection;
  baseUrl: string;
  repository: string;
  force: boolean;
  progress?: (written: number) => void;
}): Promise<ExportManifest> {
  const { format, config } = options;
  const temp = `${options.out}.partial`;
  const missing: Record<string, number> = {};
  const incomplete: ExportManifest['incomplete'] = [];
  let count = 0;
  const note = (record: ExportRecord) => {
    const lacks = missingRequired(record, config);
    for (const header of lacks) missing[header] = (missing[header] ?? 0) + 1;
    // Linked to the record in the workspace, where a cataloguer can complete it.
    if (lacks.length > 0 && incomplete.length < 100) incomplete.push({ id: articleId(record.article.key), url: `${options.baseUrl}${urls.catalogArticle(record.article.key)}`, missing: lacks });
    count++;
    options.progress?.(count);
  };

  try {
    if (format === 'xlsx') {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: temp, useSharedStrings: false, useStyles: true });
      const sheet = workbook.addWorksheet('篇目', { views: [{ state: 'frozen', ySplit: 1 }] });
      const header = sheet.addRow(tabularHeader(config));
      header.font = { bold: true };
      header.commit();
      for await (const record of options.records) {
        sheet.addRow(tabularRow(record, config)).commit();
        note(record);
      }
      await workbook.commit();
    } else {
      const stream = createWriteStream(temp);
      const write = (chunk: string | Uint8Array) => (stream.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => stream.once('drain', () => resolve())));
      const { head, tail } = framing(format, config, options.baseUrl);
      await write(head);
      for await (const record of options.records) {
        await write(serialize(format, record, config, options.repository));
        note(record);
      }
      await write(tail);
      stream.end();
      await finished(stream);
    }
    const kept = Object.keys(missing).length === 0 || options.force;
    let bytes = 0;
    let sha256 = '';
    if (kept) {
      await rename(temp, options.out);
      bytes = (await stat(options.out)).size;
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(options.out)) hash.update(chunk as Buffer);
      sha256 = hash.digest('hex');
    } else {
      await rm(temp, { force: true });
    }
    return {
      format,
      file: options.out,
      records: count,
      bytes,
      sha256,
      selection: { ...options.selection, changedSince: options.selection.changedSince?.toISOString(), changedUntil: options.selection.changedUntil?.toISOString() },
      generatedAt: new Date().toISOString(),
      missing,
      incomplete,
      kept,
    };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
