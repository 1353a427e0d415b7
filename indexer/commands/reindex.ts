/** `difang reindex`: rebuild both search indexes from storage alone and swap them in. */
import { openCommandServices } from './command-services.ts';
import type { Lang } from '../../src/i18n.ts';
import { reindex } from '../../src/services/reindex.ts';
import { bar, clock, statusLine } from '../progress.ts';

export async function reindexCommand(_args: string[], lang: Lang): Promise<number> {
  const { store, search, close } = await openCommandServices();
  try {
    const status = statusLine();
    const started = Date.now();
    const report = await reindex(store, search, {
      progress: ({ records, total, listed, batches }) => {
        if (batches) {
          status.show(`${bar(batches.applied, batches.sent)} ${lang === 'en' ? `Meilisearch: ${batches.applied}/${batches.sent} batches indexed` : `Meilisearch 建索引：${batches.applied}/${batches.sent} 批`}`);
          return;
        }
        const rate = records / Math.max((Date.now() - started) / 1000, 0.001);
        // Until the listing is complete the total is what has been listed so far ("+"), and no time left is told.
        const left = listed && rate > 0 ? clock((total - records) / rate) : '…';
        const count = `${records}/${total}${listed ? '' : '+'}`;
        status.show(`${bar(records, total)} ${lang === 'en' ? `${count} records read · ${rate.toFixed(0)}/s · ETA ${left}` : `已读 ${count} 条记录 · ${rate.toFixed(0)} 条/秒 · 剩余 ${left}`}`);
      },
    });
    status.finish();
    const rate = (report.pages + report.articles) / Math.max(report.seconds, 0.001);
    process.stdout.write(
      lang === 'en'
        ? `Reindexed ${report.titles} titles, ${report.issues} issues: ${report.pages} pages and ${report.articles} articles in ${report.seconds.toFixed(1)} s (${rate.toFixed(0)} documents/s)\n`
        : `重建索引：${report.titles} 种题名，${report.issues} 期；${report.pages} 页、${report.articles} 篇，用时 ${report.seconds.toFixed(1)} 秒（${rate.toFixed(0)} 条/秒）\n`,
    );
    for (const item of report.unreadable) process.stdout.write(`  ✗ ${item.key}: ${item.reason}\n`);
    return report.unreadable.length > 0 ? 1 : 0;
  } finally {
    await close();
  }
}
