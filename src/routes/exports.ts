/**
 * GET /api/exports/{format}?title=&from=&to=&status=&changedSince= — an administrator downloads a
 * selection of records for submission, streamed as it is written (constant memory, any size).
 * X-Total-Records says how many are coming, so a client can show progress. XLSX is written by the
 * command line (`difang export --format xlsx`), which also checks completeness and writes a manifest.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { exportSelectionSchema } from '../domain/export/selection.ts';
import { exportFormats, formatExtensions, formatMediaTypes, framing, serialize, type ExportFormat } from '../domain/export/serialize.ts';
import { defaultTabularConfig } from '../domain/export/tabular.ts';
import { AppError } from '../errors.ts';
import { exportRecords, selectArticles } from '../services/export-records.ts';
import { repositoryIdentifier } from './oai.ts';
import { requireRole } from './require-role.ts';

const streamable: readonly ExportFormat[] = exportFormats.filter((format) => format !== 'xlsx');

export const exportRoutes = new Hono<AppEnv>().get('/api/exports/:format', requireRole('admin'), async (c) => {
  const format = c.req.param('format') as ExportFormat;
  if (!streamable.includes(format)) {
    throw new AppError('bad_request', { detail: { 'zh-CN': `格式须为 ${streamable.join('、')} 之一（XLSX 请用 difang export）`, en: `format must be one of ${streamable.join(', ')} (XLSX: use difang export)` } });
  }
  const query = c.req.query();
  const changedSince = query.changedSince ? new Date(query.changedSince) : undefined;
  const parsed = exportSelectionSchema.safeParse({
    ...(query.title ? { title: query.title } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.status ? { statuses: query.status.split(',') } : {}),
    ...(changedSince ? { changedSince } : {}),
    includeHidden: query.includeHidden === 'true',
  });
  if (!parsed.success || (changedSince && Number.isNaN(changedSince.getTime()))) {
    const issue = parsed.success ? { path: ['changedSince'], message: 'not a date' } : parsed.error.issues[0]!;
    throw new AppError('bad_request', { detail: { 'zh-CN': `选择条件有误：${issue.path.join('.')}：${issue.message}`, en: `${issue.path.join('.')}: ${issue.message}` } });
  }
  const selection = parsed.data;
  const { search, records } = c.var.services;
  const base = c.var.deps.publicBaseUrl;
  const { total } = await selectArticles({ search, records }, selection, 0, 1);
  const { head, tail } = framing(format, defaultTabularConfig, base);
  const repository = repositoryIdentifier(base);
  const encoder = new TextEncoder();
  const encode = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
  const iterator = exportRecords({ search, records }, selection, base)[Symbol.asyncIterator]();
  let opened = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!opened) {
        opened = true;
        if (head) return controller.enqueue(encode(head));
      }
      const next = await iterator.next();
      if (next.done) {
        if (tail) controller.enqueue(encode(tail));
        controller.close();
        return;
      }
      controller.enqueue(encode(serialize(format, next.value, defaultTabularConfig, repository)));
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
  const name = `difang-${selection.title ?? 'all'}-${new Date().toISOString().slice(0, 10)}.${formatExtensions[format]}`;
  return c.body(body, 200, {
    'Content-Type': formatMediaTypes[format],
    'Content-Disposition': `attachment; filename="${name}"`,
    'X-Total-Records': String(total),
    'Cache-Control': 'no-store',
  });
});
