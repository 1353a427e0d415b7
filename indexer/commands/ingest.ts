/** `difang ingest <folder | s3://bucket/prefix>`: a batch into storage and the index, with progress and a report. */
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../src/env.ts';
import type { Lang } from '../../src/i18n.ts';
import { ingestBatch } from '../pipeline/ingest-session.ts';
import type { IngestReport } from '../pipeline/run-ingest.ts';
import { consoleProgress } from '../progress.ts';
import { InputError } from '../readers/input-error.ts';
import { openCommandServices } from './command-services.ts';
import { formatOcrReport } from './ocr.ts';
import { ocrEngineChoices, type OcrEngineChoice } from '../ocr/engines.ts';

export const usage = 'difang ingest <folder | s3://bucket/prefix> [--title ID] [--title-name 名称] [--date YYYY-MM-DD] [--ocr missing|off] [--ocr-engine auto|paddle|tesseract] [--concurrency N] [--shard i/n] [--report report.json]';

export async function ingestCommand(args: string[], lang: Lang): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      title: { type: 'string' },
      'title-name': { type: 'string' },
      date: { type: 'string' },
      concurrency: { type: 'string' },
      shard: { type: 'string' },
      report: { type: 'string' },
      'max-pixels': { type: 'string' },
      ocr: { type: 'string', default: 'missing' },
      'ocr-engine': { type: 'string', default: 'auto' },
    },
  });
  if (values.ocr !== 'missing' && values.ocr !== 'off') throw new ConfigError([{ variable: '--ocr', message: { 'zh-CN': '须为 missing（为无文字的版做 OCR）或 off', en: 'must be missing (OCR the pages that came without text) or off' }, received: values.ocr }]);
  const ocrEngine = values['ocr-engine'];
  if (!(ocrEngineChoices as readonly string[]).includes(ocrEngine)) throw new ConfigError([{ variable: '--ocr-engine', message: { 'zh-CN': `须为 ${ocrEngineChoices.join('、')} 之一`, en: `must be one of ${ocrEngineChoices.join(', ')}` }, received: ocrEngine }]);
  const source = positionals[0];
  if (!source || positionals.length > 1) throw new ConfigError([{ variable: 'source', message: { 'zh-CN': `请给出一个批次文件夹或 s3:// 地址。用法：${usage}`, en: `give one batch folder or s3:// address. Usage: ${usage}` } }]);
  const concurrency = values.concurrency === undefined ? Math.max(1, availableParallelism()) : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new ConfigError([{ variable: '--concurrency', message: { 'zh-CN': '须为 1–64 的整数', en: 'must be a whole number from 1 to 64' }, received: values.concurrency }]);
  }
  const shardMatch = values.shard === undefined ? null : /^(\d+)\/(\d+)$/.exec(values.shard);
  if (values.shard !== undefined && (!shardMatch || Number(shardMatch[1]) >= Number(shardMatch[2]))) {
    throw new ConfigError([{ variable: '--shard', message: { 'zh-CN': '格式为 i/n，且 i < n（如 0/4）', en: 'must be i/n with i < n (e.g. 0/4)' }, received: values.shard }]);
  }
  const maxPixels = values['max-pixels'] === undefined ? undefined : Number(values['max-pixels']);

  const { config, logger, store, search, close } = await openCommandServices();
  const progress = consoleProgress(lang);
  let report: IngestReport;
  try {
    report = await ingestBatch(
      { store, search, logger, publicBaseUrl: config.publicBaseUrl, config },
      {
        source,
        concurrency,
        ...(shardMatch ? { shard: { index: Number(shardMatch[1]), count: Number(shardMatch[2]) } } : {}),
        ...(values.title ? { title: values.title } : {}),
        ...(values['title-name'] ? { titleName: values['title-name'] } : {}),
        ...(values.date ? { date: values.date } : {}),
        ...(maxPixels ? { maxPixels } : {}),
        ocr: values.ocr,
        ocrEngine: ocrEngine as OcrEngineChoice,
      },
      progress,
    );
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`${lang === 'en' ? 'cannot ingest' : '无法入库'}: ${error.file ? `${error.file}: ` : ''}${error.reason[lang]}\n`);
      return 1;
    }
    throw error;
  } finally {
    progress.finish();
    await close();
  }
  process.stdout.write(`${formatReport(report, lang)}\n`);
  if (values.report) await writeFile(values.report, JSON.stringify(report, null, 2));
  return report.aborted || report.rejected.length > 0 || report.indexErrors.length > 0 || (report.ocr?.pages.failed ?? 0) > 0 ? 1 : 0;
}

export function formatReport(report: IngestReport, lang: Lang): string {
  const rate = (report.pages.stored + report.pages.unchanged) / Math.max(report.seconds, 0.001);
  const lines =
    lang === 'en'
      ? [
          `Ingest of ${report.source}: ${report.issues} issues in ${report.seconds.toFixed(1)} s (${rate.toFixed(2)} pages/s)`,
          `  pages stored ${report.pages.stored}, unchanged ${report.pages.unchanged}, rejected ${report.pages.rejected}; articles created ${report.articlesCreated}`,
        ]
      : [
          `入库 ${report.source}：${report.issues} 期，用时 ${report.seconds.toFixed(1)} 秒（${rate.toFixed(2)} 页/秒）`,
          `  已入库 ${report.pages.stored} 页，未变跳过 ${report.pages.unchanged} 页，拒收 ${report.pages.rejected} 页；新建篇目 ${report.articlesCreated} 条`,
        ];
  for (const rejection of report.rejected) lines.push(`  ✗ ${rejection.file}: ${rejection.reason[lang]}`);
  // Companions grouped by why: a unit's 29 clipping images are one line, not 29.
  const companions = new Map<string, string[]>();
  for (const companion of report.companions) companions.set(companion.reason[lang], [...(companions.get(companion.reason[lang]) ?? []), companion.file]);
  for (const [reason, files] of companions) {
    const shown = files.length > 3 ? `${files.slice(0, 2).join(', ')} … (${files.length})` : files.join(', ');
    lines.push(lang === 'en' ? `  · not ingested, ${reason}: ${shown}` : `  · 未入库（${reason}）：${shown}`);
  }
  for (const failure of report.indexErrors) {
    lines.push(lang === 'en' ? `  ! ${failure.issue}: stored but not indexed (${failure.error}); run difang reindex` : `  ! ${failure.issue}：已存储但未建索引（${failure.error}），请运行 difang reindex`);
  }
  if (report.aborted) lines.push(lang === 'en' ? `  stopped early: ${report.abortedText?.en ?? report.aborted}` : `  提前中止：${report.abortedText?.['zh-CN'] ?? report.aborted}`);
  if (report.ocr) lines.push(formatOcrReport(report.ocr, lang));
  return lines.join('\n');
}
