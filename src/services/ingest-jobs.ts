/**
 * Ingest and OCR jobs started over the API: queued, run one at a time in this process (both use
 * every core), their progress kept in storage (jobs/ingest/{id}.json) so that the admin UI — and
 * a restarted server — can show what ran, what it did and how long is left. The work itself is
 * injected: it needs sharp and ONNX Runtime, so only Node provides it.
 */
import { z } from 'zod';
import { bytesOf } from '../adapters/body.ts';
import type { ObjectStore } from '../ports.ts';
import { keysUnder } from './keys-under.ts';

export const ingestRequestSchema = z.object({
  /** A folder relative to INGEST_ROOT, or s3://bucket/prefix. */
  source: z
    .string()
    .trim()
    .min(1)
    .max(1024)
    .refine(
      (source) => /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(source) || (!/^[/\\]|^[A-Za-z]:|\\|\0/.test(source) && !source.split('/').includes('..')),
      '须为 INGEST_ROOT 下的相对路径（不含 ".."，不能是绝对路径），或 s3://存储桶/前缀 | a folder relative to INGEST_ROOT (no "..", not absolute), or s3://bucket/prefix',
    ),
  title: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(64).optional(),
  titleName: z.string().trim().min(1).max(200).optional(),
  /** The issue date, for a package of one issue that gives none or a wrong one. */
  date: z.iso.date().optional(),
  concurrency: z.number().int().min(1).max(16).optional(),
  /** OCR the pages that arrive without text once they are stored ('missing'), or leave them ('off', the default over the API). */
  ocr: z.enum(['missing', 'off']).optional(),
});

const ocrEngineSchema = z.enum(['auto', 'paddle', 'tesseract']);

/** OCR of stored pages: titles or issues by id, the pages without text (all of them with `force`). */
export const ocrRequestSchema = z.object({
  kind: z.literal('ocr'),
  targets: z.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:_[a-z0-9-]+)*$/).max(200)).min(1).max(1000),
  engine: ocrEngineSchema.optional(),
  force: z.boolean().optional(),
});
export type OcrJobRequest = z.infer<typeof ocrRequestSchema>;

export const jobRequestSchema = z.union([ocrRequestSchema, ingestRequestSchema]);
export type IngestJobRequest = z.infer<typeof jobRequestSchema>;

export const jobStatusSchema = z.enum(['queued', 'running', 'done', 'failed']);

export const ingestJobSchema = z.object({
  id: z.string(),
  request: jobRequestSchema,
  requestedBy: z.string(),
  status: jobStatusSchema,
  queuedAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  progress: z.object({ done: z.number(), total: z.number(), stored: z.number(), unchanged: z.number(), rejected: z.number(), etaSeconds: z.number().optional() }),
  /** OCR's progress: pages read, kept (they had text), failed; with the time left at the pace so far. */
  ocr: z.object({ done: z.number(), total: z.number(), read: z.number(), kept: z.number(), failed: z.number(), etaSeconds: z.number().optional() }).optional(),
  /** The run's report when it has finished (see IngestReport). */
  report: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
  /** The same, for people: in Chinese and in English. */
  errorText: z.object({ 'zh-CN': z.string(), en: z.string() }).optional(),
});
export type IngestJob = z.infer<typeof ingestJobSchema>;

const textSchema = z.object({ 'zh-CN': z.string(), en: z.string() });
const interrupted = {
  'zh-CN': '中断：服务器在任务完成前停止了。再提交一次同一批次即可接着做，已入库的页面会跳过',
  en: 'interrupted: the server stopped before the job finished. Submit the same batch again to go on; pages already stored are skipped',
};

export interface IngestProgressEvents {
  planned(total: number): void;
  page(status: 'stored' | 'unchanged' | 'rejected'): void;
  ocrPlanned(total: number): void;
  ocrPage(status: 'read' | 'kept' | 'failed'): void;
}

export type IngestRunner = (request: IngestJobRequest, progress: IngestProgressEvents) => Promise<Record<string, unknown>>;

export const ingestJobsPrefix = 'jobs/ingest/';
const prefix = ingestJobsPrefix;

export class IngestJobs {
  private readonly live = new Map<string, IngestJob>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ObjectStore,
    private readonly run: IngestRunner,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async submit(request: IngestJobRequest, requestedBy: string): Promise<IngestJob> {
    const at = this.now();
    const id = `${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${crypto.randomUUID().slice(0, 8)}`;
    const job: IngestJob = { id, request, requestedBy, status: 'queued', queuedAt: at.toISOString(), progress: { done: 0, total: 0, stored: 0, unchanged: 0, rejected: 0 } };
    this.live.set(id, job);
    await this.save(job);
    const queued = structuredClone(job);
    this.queue = this.queue.then(() => this.execute(job));
    return queued;
  }

  async get(id: string): Promise<IngestJob | null> {
    const live = this.live.get(id);
    if (live) return live;
    if (!/^[0-9]{14}-[0-9a-f]{8}$/.test(id)) return null;
    const object = await this.store.get(`${prefix}${id}.json`);
    if (!object) return null;
    const job = ingestJobSchema.parse(JSON.parse(new TextDecoder().decode(await bytesOf(object))));
    // Stored as queued or running but not running here: the process that ran it has stopped.
    return job.status === 'queued' || job.status === 'running' ? { ...job, status: 'failed', error: job.error ?? interrupted.en, errorText: job.errorText ?? interrupted } : job;
  }

  /** The most recent jobs first. */
  async list(limit = 50): Promise<IngestJob[]> {
    const ids: string[] = [];
    for await (const key of keysUnder(this.store, prefix)) ids.push(key.slice(prefix.length, -'.json'.length));
    ids.sort().reverse();
    const jobs = await Promise.all(ids.slice(0, limit).map((id) => this.get(id)));
    return jobs.filter((job): job is IngestJob => job !== null);
  }

  /** Resolves when every job submitted so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await this.queue;
  }

  private async execute(job: IngestJob): Promise<void> {
    job.status = 'running';
    job.startedAt = this.now().toISOString();
    await this.save(job);
    // Saved at most every 2 s while it runs — and at once when the pages are counted and the first
    // is done, so a job stopped early never shows 0/0 for pages it had stored.
    let lastSave = 0;
    // One save after another, each of the job as it was when asked: a later one never loses to an earlier.
    let saving = Promise.resolve();
    const saveNowAndThen = (): void => {
      if (Date.now() - lastSave < 2000) return;
      lastSave = Date.now();
      const body = JSON.stringify(job);
      saving = saving.then(() => this.store.put(`${prefix}${job.id}.json`, body)).then(
        () => undefined,
        () => undefined,
      );
    };
    try {
      const started = { ingest: Date.now(), ocr: Date.now() };
      // Time left at the pace so far (pages already done without work, like unchanged ones, count too).
      const eta = (from: number, done: number, total: number): number | undefined => (done > 0 ? Math.round(((Date.now() - from) / 1000 / done) * Math.max(0, total - done)) : undefined);
      job.report = await this.run(job.request, {
        planned: (total) => {
          job.progress.total = total;
          lastSave = 0;
          saveNowAndThen();
        },
        page: (status) => {
          job.progress[status]++;
          job.progress.done++;
          if (job.progress.done === 1) lastSave = 0;
          job.progress.total = Math.max(job.progress.total, job.progress.done);
          job.progress.etaSeconds = eta(started.ingest, job.progress.done, job.progress.total);
          saveNowAndThen();
        },
        ocrPlanned: (total) => {
          started.ocr = Date.now();
          job.ocr = { done: 0, total, read: 0, kept: 0, failed: 0 };
          saveNowAndThen();
        },
        ocrPage: (status) => {
          job.ocr ??= { done: 0, total: 0, read: 0, kept: 0, failed: 0 };
          job.ocr[status]++;
          job.ocr.done++;
          job.ocr.total = Math.max(job.ocr.total, job.ocr.done);
          job.ocr.etaSeconds = eta(started.ocr, job.ocr.done, job.ocr.total);
          saveNowAndThen();
        },
      });
      job.status = typeof job.report.aborted === 'string' ? 'failed' : 'done';
      if (typeof job.report.aborted === 'string') {
        job.error = job.report.aborted;
        job.errorText = textSchema.safeParse(job.report.abortedText).data ?? { 'zh-CN': `已中止：${job.report.aborted}`, en: job.report.aborted };
      }
    } catch (error) {
      job.status = 'failed';
      job.error = error instanceof Error ? error.message : String(error);
      job.errorText = { 'zh-CN': `任务出错：${job.error}`, en: job.error };
    }
    job.finishedAt = this.now().toISOString();
    await saving;
    await this.save(job).catch(() => {});
    this.live.delete(job.id);
  }

  private async save(job: IngestJob): Promise<void> {
    await this.store.put(`${prefix}${job.id}.json`, JSON.stringify(job));
  }
}
