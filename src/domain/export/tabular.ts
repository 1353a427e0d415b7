/**
 * The tabular export (CSV / XLSX): one row per article, with the columns, their order, their
 * headers and which of them are mandatory taken from a configuration the library edits (the
 * receiver's template varies), e.g.
 *   { "separator": "；", "columns": [{ "field": "title", "header": "篇名", "required": true }, …] }
 * Multi-valued fields are joined with the separator. Also the readiness check: which mandatory
 * fields a record lacks.
 */
import { z } from 'zod';
import { creatorRoles, genres } from '../article.ts';
import { exportFacts, type ExportRecord } from './export-record.ts';

type Value = string | string[] | null | undefined;

/** Every field a column can show, by the key FIELDS.md gives it. */
export const tabularFields = {
  id: (r) => exportFacts(r).id,
  url: (r) => r.url,
  title: (r) => r.article.title,
  kicker: (r) => r.article.kicker,
  subtitle: (r) => r.article.subtitle,
  creators: (r) => r.article.creators.map((c) => `${c.name}（${creatorRoles[c.role]}）`),
  host: (r) => r.title.name,
  hostCn: (r) => r.title.cn,
  hostIssn: (r) => r.title.issn,
  dateIssued: (r) => exportFacts(r).date,
  issueNo: (r) => exportFacts(r).issueNo,
  totalIssueNo: (r) => r.issue?.totalIssueNo,
  pageNo: (r) => exportFacts(r).pageNumbers,
  pageName: (r) => exportFacts(r).pageNames,
  column: (r) => r.article.column,
  genre: (r) => (r.article.genre ? genres[r.article.genre] : null),
  language: (r) => r.article.language,
  abstract: (r) => r.article.abstract,
  subjects: (r) => r.article.subjects.map((s) => s.term),
  keywords: (r) => r.article.keywords,
  clc: (r) => r.article.clc,
  persons: (r) => r.article.persons,
  organizations: (r) => r.article.organizations,
  places: (r) => r.article.places.map((p) => (p.code ? `${p.name}（${p.code}）` : p.name)),
  temporal: (r) => r.article.temporal,
  text: (r) => exportFacts(r).text,
  regions: (r) => r.article.regions.map((g) => `${g.seq}:${g.x},${g.y},${g.w},${g.h}`),
  rights: (r) => exportFacts(r).rights,
  cataloguer: (r) => r.article.cataloguer,
  cataloguedAt: (r) => r.article.cataloguedAt,
  status: (r) => r.article.status,
  version: (r) => String(r.article.version),
  updatedAt: (r) => r.article.updatedAt,
} satisfies Record<string, (record: ExportRecord) => Value>;

export type TabularField = keyof typeof tabularFields;

export const tabularConfigSchema = z.object({
  /** Joins the values of a multi-valued field. */
  separator: z.string().min(1).default('；'),
  columns: z
    .array(
      z.object({
        field: z.enum(Object.keys(tabularFields) as [TabularField, ...TabularField[]]),
        header: z.string().trim().min(1),
        required: z.boolean().default(false),
      }),
    )
    .min(1),
});
export type TabularConfig = z.infer<typeof tabularConfigSchema>;

/** The usual template: FIELDS.md in its order, with its mandatory set (M, and C where the value usually exists). */
export const defaultTabularConfig: TabularConfig = tabularConfigSchema.parse({
  columns: [
    { field: 'id', header: '记录标识', required: true },
    { field: 'title', header: '篇名', required: true },
    { field: 'kicker', header: '引题' },
    { field: 'subtitle', header: '副题' },
    { field: 'creators', header: '责任者' },
    { field: 'host', header: '报纸名', required: true },
    { field: 'hostCn', header: '刊号' },
    { field: 'dateIssued', header: '出版日期', required: true },
    { field: 'issueNo', header: '期号' },
    { field: 'pageNo', header: '版次', required: true },
    { field: 'pageName', header: '版名' },
    { field: 'column', header: '栏目' },
    { field: 'genre', header: '体裁' },
    { field: 'language', header: '语种', required: true },
    { field: 'abstract', header: '摘要' },
    { field: 'subjects', header: '主题词' },
    { field: 'keywords', header: '关键词' },
    { field: 'clc', header: '中图分类号', required: true },
    { field: 'persons', header: '人名' },
    { field: 'organizations', header: '机构名' },
    { field: 'places', header: '地名' },
    { field: 'temporal', header: '内容时间' },
    { field: 'text', header: '正文', required: true },
    { field: 'regions', header: '版面区域', required: true },
    { field: 'rights', header: '权限', required: true },
    { field: 'url', header: '链接' },
    { field: 'cataloguer', header: '著录者' },
    { field: 'status', header: '著录状态', required: true },
    { field: 'updatedAt', header: '更新时间' },
  ],
});

const joined = (value: Value, separator: string): string => (Array.isArray(value) ? value.join(separator) : (value ?? ''));

export function tabularHeader(config: TabularConfig): string[] {
  return config.columns.map((column) => column.header);
}

export function tabularRow(record: ExportRecord, config: TabularConfig): string[] {
  return config.columns.map((column) => joined(tabularFields[column.field](record), config.separator));
}

/** The headers of the mandatory columns this record leaves empty. */
export function missingRequired(record: ExportRecord, config: TabularConfig): string[] {
  return config.columns.filter((column) => column.required && joined(tabularFields[column.field](record), '').trim() === '').map((column) => column.header);
}

/**
 * One CSV line (RFC 4180): quoted where needed, CRLF at the end. A cell that a spreadsheet would
 * take for a formula (starting with = + - @, a tab or a carriage return: `=HYPERLINK(…)` in a
 * headline) gets a leading apostrophe, so Excel and WPS show it as text and run nothing.
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 */
export function csvLine(values: readonly string[]): string {
  return `${values.map((value) => csvCell(asText(value))).join(',')}\r\n`;
}

const asText = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Excel reads UTF-8 CSV as Chinese only when the file starts with a byte-order mark. */
export const csvBom = '\uFEFF';
