/**
 * POST /api/ingest — an administrator starts ingesting a batch; POST /api/ocr — reading the text of
 * stored pages that have none; GET /api/ingest/jobs[/:id] — what they are doing, how long is left,
 * and what they did. Both need Node (sharp, ONNX Runtime): elsewhere they answer 501.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { AppError } from '../errors.ts';
import { ingestRequestSchema, ocrRequestSchema } from '../services/ingest-jobs.ts';
import { parseJsonBody } from './json-body.ts';
import { requireRole } from './require-role.ts';

export const ingestRoutes = new Hono<AppEnv>()
  .use('/api/ingest/*', requireRole('admin'))
  .use('/api/ingest', requireRole('admin'))
  .use('/api/ocr', requireRole('admin'))
  .post('/api/ocr', async (c) => {
    const jobs = c.var.deps.ingestJobs;
    if (!jobs) throw new AppError('not_implemented', { detail: { 'zh-CN': '此处不能做 OCR：OCR 需在 Node 上运行', en: 'OCR is not available here: it runs on Node' } });
    const request = await parseJsonBody(c, ocrRequestSchema.omit({ kind: true }));
    const job = await jobs.submit({ kind: 'ocr', ...request }, c.var.principal?.username ?? 'unknown');
    c.header('Location', `/api/ingest/jobs/${job.id}`);
    return c.json({ job }, 202);
  })
  .post('/api/ingest', async (c) => {
    const jobs = c.var.deps.ingestJobs;
    if (!jobs) throw new AppError('not_implemented', { detail: { 'zh-CN': '此处不能入库：入库需在 Node 上运行', en: 'ingest is not available here: it runs on Node' } });
    const request = await parseJsonBody(c, ingestRequestSchema);
    const job = await jobs.submit(request, c.var.principal?.username ?? 'unknown');
    c.header('Location', `/api/ingest/jobs/${job.id}`);
    return c.json({ job }, 202);
  })
  .get('/api/ingest/jobs', async (c) => {
    const jobs = c.var.deps.ingestJobs;
    return c.json({ jobs: jobs ? await jobs.list() : [] });
  })
  .get('/api/ingest/jobs/:id', async (c) => {
    const job = await c.var.deps.ingestJobs?.get(c.req.param('id'));
    if (!job) throw new AppError('not_found');
    return c.json({ job });
  });
