/**
 * The text of an export file, format by format: what opens and closes the document, and each
 * record in it. Pure, so the CLI writing a file and the API streaming a download say the same.
 * (XLSX is a zip of its own, written by exceljs on Node.)
 */
import { cnmarcRecord, marcXchangeNamespace, toIso2709, toMarcXchange } from './cnmarc.ts';
import { dublinCore } from './dublin-core.ts';
import type { ExportRecord } from './export-record.ts';
import { modsNamespace, mods } from './mods.ts';
import { csvBom, csvLine, tabularHeader, tabularRow, type TabularConfig } from './tabular.ts';
import { articleId } from '../natural-keys.ts';
import { datestamp, headerXml, oaiResponse } from '../oai.ts';
import { xmlDeclaration } from '../xml.ts';

export const exportFormats = ['csv', 'xlsx', 'jsonl', 'dc', 'mods', 'marc', 'marcxml'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const formatExtensions: Record<ExportFormat, string> = { csv: 'csv', xlsx: 'xlsx', jsonl: 'jsonl', dc: 'xml', mods: 'xml', marc: 'mrc', marcxml: 'xml' };

export const formatMediaTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/jsonl; charset=utf-8',
  dc: 'text/xml; charset=utf-8',
  mods: 'text/xml; charset=utf-8',
  marc: 'application/marc',
  marcxml: 'text/xml; charset=utf-8',
};

/** Text formats open and close a document around the records. */
export function framing(format: ExportFormat, config: TabularConfig, baseUrl: string): { head: string; tail: string } {
  switch (format) {
    case 'csv':
      return { head: csvBom + csvLine(tabularHeader(config)), tail: '' };
    case 'dc':
      // As an OAI-PMH ListRecords document: oai_dc has no collection element of its own, and harvesting tools read this.
      return { head: oaiResponse({ baseUrl: `${baseUrl}/oai`, responseDate: new Date(), echo: [['verb', 'ListRecords'], ['metadataPrefix', 'oai_dc']] }, '<ListRecords>').replace(/<\/OAI-PMH>\n$/, ''), tail: '</ListRecords></OAI-PMH>\n' };
    case 'mods':
      return { head: `${xmlDeclaration}<modsCollection xmlns="${modsNamespace}">`, tail: '</modsCollection>\n' };
    case 'marcxml':
      return { head: `${xmlDeclaration}<marc:collection xmlns:marc="${marcXchangeNamespace}">`, tail: '</marc:collection>\n' };
    default:
      return { head: '', tail: '' };
  }
}

export function serialize(format: ExportFormat, record: ExportRecord, config: TabularConfig, repository: string): string | Uint8Array {
  switch (format) {
    case 'csv':
      return csvLine(tabularRow(record, config));
    case 'jsonl':
      return `${JSON.stringify({ id: articleId(record.article.key), url: record.url, host: { id: record.title.key.title, name: record.title.name, cn: record.title.cn ?? null, issn: record.title.issn ?? null }, issue: record.issue, ...record.article })}\n`;
    case 'dc':
      return `<record>${headerXml({ identifier: `oai:${repository}:${articleId(record.article.key)}`, datestamp: datestamp(new Date(Math.floor(Date.parse(record.article.updatedAt) / 1000) * 1000)), sets: [record.title.key.title] })}<metadata>${dublinCore(record)}</metadata></record>`;
    case 'mods':
      return mods(record, { standalone: false });
    case 'marc':
      return toIso2709(cnmarcRecord(record));
    case 'marcxml':
      return toMarcXchange(cnmarcRecord(record), { declareNamespace: false });
    case 'xlsx':
      throw new Error('xlsx is written by exceljs');
  }
}

