/**
 * Runs a discovered batch: issues in a sliding window, pages under one concurrency limit, an
 * optional shard of the batch (--shard i/n: issues hashed to n shards, so any number of indexers
 * can share a batch without overlap), progress as it goes and a report at the end.
 */
import { createHash } from 'node:crypto';
import { issueId } from '../../src/domain/natural-keys.ts';
import type { Text } from '../../src/i18n.ts';
import { StorageError } from '../../src/errors.ts';
import type { InputError } from '../readers/input-error.ts';
import type { BatchPlan, IssuePlan } from '../sources/plan.ts';
import type { IngestContext } from './context.ts';
import type { OcrProgress, OcrReport } from '../ocr/run-ocr.ts';
import { ingestIssue, type PageOutcome } from './ingest-issue.ts';

export interface IngestOptions {
  concurrency: number;
  shard?: { index: number; count: number };
  /** Asked to stop (Ctrl-C): no issue is started after it, those under way finish; run again to go on. */
  signal?: AbortSignal;
}

export interface IngestReport {
  source: string;
  startedAt: string;
  seconds: number;
  issues: number;
  pages: { stored: number; unchanged: number; rejected: number };
  articlesCreated: number;
  /** Files refused, each with why: pages' images (counted in pages.rejected) and OCR files of pages stored without text. */
  rejected: { file: string; problem: string; reason: Text }[];
  /** Files a package carries for other uses (DTDs, vendor reports, clipping images), not ingested, each with why. */
  companions: { file: string; reason: Text }[];
  /** Issues stored but not indexed (run `difang reindex` once search is back). */
  indexErrors: { issue: string; error: string }[];
  /** Why the run stopped early, if it did (storage down…). */
  aborted?: string;
  /** The same, for people, in Chinese and in English. */
  abortedText?: Text;
  /** What OCR made of the pages that arrived without text, when asked (--ocr). */
  ocr?: OcrReport;
}

export interface ProgressListener {
  planned(total: number): void;
  page(outcome: PageOutcome): void;
  /** The OCR after the ingest, when asked for. */
  ocr?: OcrProgress;
}

export function inShard(issue: IssuePlan, shard: IngestOptions['shard']): boolean {
  if (!shard) return true;
  const hash = createHash('sha1').update(issueId(issue.key)).digest().readUInt32BE(0);
  return hash % shard.count === shard.index;
}

export async function runIngest(ctx: IngestContext, plan: BatchPlan, options: IngestOptions, progress?: ProgressListener): Promise<IngestReport> {
  const started = Date.now();
  const issues = plan.issues.filter((issue) => inShard(issue, options.shard));
  const report: IngestReport = {
    source: ctx.reader.description,
    startedAt: new Date(started).toISOString(),
    seconds: 0,
    issues: issues.length,
    pages: { stored: 0, unchanged: 0, rejected: 0 },
    articlesCreated: 0,
    rejected: plan.problems.map(toRejection),
    companions: plan.companions,
    indexErrors: [],
  };
  report.pages.rejected = report.rejected.length;
  progress?.planned(issues.reduce((sum, issue) => sum + issue.pages.length, 0));

  const limit = limiter(options.concurrency);
  const onPage = (outcome: PageOutcome): void => {
    if (outcome.status === 'rejected') {
      report.pages.rejected++;
      report.rejected.push(toRejection(outcome.error));
    } else {
      report.pages[outcome.status]++;
      // The page is stored (without text); its OCR file is accounted for as refused.
      if (outcome.ocrRefused) report.rejected.push(toRejection(outcome.ocrRefused));
    }
    progress?.page(outcome);
  };
  // Several issues at once, so a small issue's tail does not leave the cores idle.
  const window = Math.max(2, options.concurrency);
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: Math.min(window, issues.length) }, async () => {
        while (next < issues.length && !report.aborted && !options.signal?.aborted) {
          const issue = issues[next++]!;
          const outcome = await ingestIssue(ctx, issue, { limit, onPage });
          report.articlesCreated += outcome.articlesCreated;
          if (outcome.indexError) report.indexErrors.push({ issue: issueId(issue.key), error: outcome.indexError });
        }
      }),
    );
  } catch (error) {
    report.aborted = error instanceof Error ? error.message : String(error);
    report.abortedText = abortText(error);
  }
  if (!report.aborted && options.signal?.aborted && next < issues.length) {
    report.abortedText = { 'zh-CN': '应要求在全部完成前停止；再运行同一命令即可接着做', en: 'stopped on request before every issue was done; run the same command again to go on' };
    report.aborted = report.abortedText.en;
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** Why a run stopped, for people: what failed, and what to do. */
function abortText(error: unknown): Text {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof StorageError) {
    return {
      'zh-CN': `存储出错，入库已中止（${error.key ?? error.code}）。存储恢复后再运行同一命令即可接着做，已入库的页面会跳过`,
      en: `storage failed, the ingest stopped (${message}). Run the same command again once storage is back; pages already stored are skipped`,
    };
  }
  return { 'zh-CN': `入库出错已中止：${message}`, en: `the ingest stopped: ${message}` };
}

function toRejection(error: InputError): IngestReport['rejected'][number] {
  return { file: error.file ?? '', problem: error.problem, reason: error.reason };
}

/** At most `count` tasks at once. */
export function limiter(count: number): <T>(work: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= count) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await work();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
