/**
 * Progress on the console: a bar with pages per second and the time left when stderr is a
 * terminal; a line every few seconds otherwise (logs of a batch job). Chinese first.
 */
import type { Lang } from '../src/i18n.ts';
import type { ProgressListener } from './pipeline/run-ingest.ts';
import type { PageOutcome } from './pipeline/ingest-issue.ts';

export function consoleProgress(lang: Lang, stream: NodeJS.WriteStream = process.stderr): ProgressListener & { finish(): void } {
  let total = 0;
  const counts = { stored: 0, unchanged: 0, rejected: 0 };
  const started = Date.now();
  let lastLine = 0;
  const done = (): number => counts.stored + counts.unchanged + counts.rejected;
  const render = (final = false): void => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = done() / Math.max(elapsed, 0.001);
    const remaining = rate > 0 ? Math.max(0, total - done()) / rate : 0;
    const shownTotal = Math.max(total, done());
    const stats =
      lang === 'en'
        ? `${done()}/${shownTotal} pages · ${rate.toFixed(2)} pages/s · ETA ${clock(remaining)} · stored ${counts.stored} · unchanged ${counts.unchanged} · rejected ${counts.rejected}`
        : `${done()}/${shownTotal} 页 · ${rate.toFixed(2)} 页/秒 · 剩余 ${clock(remaining)} · 已入库 ${counts.stored} · 未变 ${counts.unchanged} · 拒收 ${counts.rejected}`;
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
    page(outcome: PageOutcome) {
      counts[outcome.status]++;
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
