/**
 * `difang ocr <title-id | issue-id …> [--engine auto|paddle|tesseract] [--force]`: read the text
 * of pages that have none (scans delivered without OCR), with progress and a report. Pages with
 * delivered text are kept unless --force (their text is then kept as a version).
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../../src/env.ts';
import type { Lang } from '../../src/i18n.ts';
import { ocrEngineChoices, OcrUnavailable, type OcrEngineChoice } from '../ocr/engines.ts';
import { runStoredOcr, UnknownTargets, type OcrReport } from '../ocr/run-ocr.ts';
import { consoleOcrCounter } from '../progress.ts';
import { openCommandServices } from './command-services.ts';

export const usage = 'difang ocr <title-id | issue-id …> [--engine auto|paddle|tesseract] [--force]';

export async function ocrCommand(args: string[], lang: Lang): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { engine: { type: 'string', default: 'auto' }, force: { type: 'boolean', default: false } } });
  if (positionals.length === 0) throw new ConfigError([{ variable: 'target', message: { 'zh-CN': `请给出报刊代码或期的 id。用法：${usage}`, en: `give title ids or issue ids. Usage: ${usage}` } }]);
  if (!(ocrEngineChoices as readonly string[]).includes(values.engine)) {
    throw new ConfigError([{ variable: '--engine', message: { 'zh-CN': `须为 ${ocrEngineChoices.join('、')} 之一`, en: `must be one of ${ocrEngineChoices.join(', ')}` }, received: values.engine }]);
  }
  const { store, search, logger, close } = await openCommandServices();
  const counter = consoleOcrCounter(lang);
  let report: OcrReport;
  try {
    report = await runStoredOcr({ store, search, logger }, { targets: positionals, engine: values.engine as OcrEngineChoice, force: values.force }, { planned: counter.planned, page: (outcome) => counter.count(outcome.status) });
  } catch (error) {
    if (error instanceof UnknownTargets) {
      process.stderr.write(lang === 'en' ? `not a title or issue in storage: ${error.targets.join(', ')}\n` : `存储中没有这些报刊或期：${error.targets.join('、')}\n`);
      return 1;
    }
    if (error instanceof OcrUnavailable) {
      process.stderr.write(lang === 'en' ? 'Tesseract with Chinese models is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra)\n' : '未安装 Tesseract 及其中文模型（apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra）\n');
      return 1;
    }
    throw error;
  } finally {
    counter.finish();
    await close();
  }
  process.stdout.write(`${formatOcrReport(report, lang)}\n`);
  return report.pages.failed > 0 ? 1 : 0;
}

export function formatOcrReport(report: OcrReport, lang: Lang): string {
  const perPage = report.pages.read > 0 ? report.seconds / report.pages.read : 0;
  const lines =
    lang === 'en'
      ? [`OCR (${report.engine}) of ${report.issues} issues in ${report.seconds.toFixed(1)} s: ${report.pages.read} pages read (${perPage.toFixed(1)} s a page, ${report.characters} characters), ${report.pages.kept} already had text, ${report.pages.failed} failed`]
      : [`OCR（${report.engine}）${report.issues} 期，用时 ${report.seconds.toFixed(1)} 秒：识别 ${report.pages.read} 页（每页 ${perPage.toFixed(1)} 秒，${report.characters} 字），${report.pages.kept} 页已有文字未动，${report.pages.failed} 页失败`];
  for (const failure of report.failures) lines.push(`  ✗ ${failure.page}: ${failure.reason[lang]}`);
  if (report.pages.read > 0) lines.push(lang === 'en' ? '  next: difang segment <title-id> cuts the pages read into draft articles' : '  下一步：difang segment <报刊代码> 把识别出的版切成篇目草稿');
  return lines.join('\n');
}
