/**
 * Progress on the console: a bar with pages per second and the time left when stderr is a
 * terminal; a line every few seconds otherwise (logs of a batch job). Chinese first.
 */
import type { Lang, Text } from '../src/i18n.ts';
import type { ProgressListener } from './pipeline/run-ingest.ts';
import type { PageOutcome } from './pipeline/ingest-issue.ts';
import type { OcrPageStatus } from './ocr/run-ocr.ts';

export function consoleProgress(lang: Lang, stream: NodeJS.WriteStream = process.stderr): ProgressListener & { finish(): void } {
  const counter = consoleCounter(lang, { stored: { 'zh-CN': '已入库', en: 'stored' }, unchanged: { 'zh-CN': '未变', en: 'unchanged' }, rejected: { 'zh-CN': '拒收', en: 'rejected' } }, stream);
  let ocr: ReturnType<typeof consoleOcrCounter> | null = null;
  return {
    planned: counter.planned,
    page: (outcome: PageOutcome) => counter.count(outcome.status),
    // OCR of the pages that came without text follows the ingest, with its own bar.
    ocr: {
      planned(total) {
        counter.finish();
        ocr = consoleOcrCounter(lang, stream);
        ocr.planned(total);
      },
      page: (outcome) => ocr?.count(outcome.status),
    },
    finish: () => (ocr ?? counter).finish(),
  };
}

/** OCR's pages counted: read, had text already, failed. */
export function consoleOcrCounter(lang: Lang, stream: NodeJS.WriteStream = process.stderr): ReturnType<typeof consoleCounter<OcrPageStatus>> {
  return consoleCounter<OcrPageStatus>(lang, { read: { 'zh-CN': 'OCR 已识别', en: 'OCR read' }, kept: { 'zh-CN': '已有文字', en: 'had text' }, failed: { 'zh-CN': '失败', en: 'failed' } }, stream);
}

/** Pages counted by what became of them, as a bar (or a line every few seconds) with the rate and the time left. */
export function consoleCounter<S extends string>(lang: Lang, names: Record<S, Text>, stream: NodeJS.WriteStream = process.stderr): { planned(total: number): void; count(status: S): void; finish(): void } {
  let total = 0;
  const counts = Object.fromEntries(Object.keys(names).map((name) => [name, 0])) as Record<S, number>;
  const started = Date.now();
  let lastLine = 0;
  const done = (): number => (Object.values(counts) as number[]).reduce((sum, n) => sum + n, 0);
  const render = (final = false): void => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = done() / Math.max(elapsed, 0.001);
    const remaining = rate > 0 ? Math.max(0, total - done()) / rate : 0;
    const shownTotal = Math.max(total, done());
    const speed = done() === 0 ? '…' : rate >= 0.1 ? (lang === 'en' ? `${rate.toFixed(2)} pages/s` : `${rate.toFixed(2)} 页/秒`) : lang === 'en' ? `${(1 / rate).toFixed(0)} s/page` : `${(1 / rate).toFixed(0)} 秒/页`;
    const tally = (Object.keys(names) as S[]).map((name) => `${names[name][lang]} ${counts[name]}`).join(' · ');
    const stats =
      lang === 'en'
        ? `${done()}/${shownTotal} pages · ${speed} · ETA ${clock(remaining)} · ${tally}`
        : `${done()}/${shownTotal} 页 · ${speed} · 剩余 ${clock(remaining)} · ${tally}`;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${bar(done(), shownTotal)} ${stats}${final ? '\n' : ''}`);
    } else if (final || Date.now() - lastLine > 5000) {
      lastLine = Date.now();
      stream.write(`${stats}\n`);
    }
  };
  return {
    planned(count) {
      total = count;
      render();
    },
    count(status) {
      counts[status]++;
      render();
    },
    finish() {
      render(true);
    },
  };
}

/** A 24-cell bar for `done` of `total`. */
export function bar(done: number, total: number): string {
  const width = 24;
  const filled = Math.min(width, Math.round((done / Math.max(total, 1)) * width));
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

/** Seconds as m:ss or h:mm:ss. */
export function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A one-line status for long maintenance work (verify, backup, restore): redrawn in place on a
 * terminal, at most every five seconds otherwise; `finish` ends the line.
 */
export function statusLine(stream: NodeJS.WriteStream = process.stderr): { show(text: string): void; finish(): void } {
  let last = 0;
  let shown = '';
  return {
    show(text) {
      shown = text;
      if (stream.isTTY) {
        if (Date.now() - last < 100) return;
        last = Date.now();
        stream.write(`\r\x1b[2K${text}`);
      } else if (Date.now() - last > 5000) {
        last = Date.now();
        stream.write(`${text}\n`);
      }
    },
    finish() {
      if (shown) stream.write(stream.isTTY ? `\r\x1b[2K${shown}\n` : `${shown}\n`);
    },
  };
}
