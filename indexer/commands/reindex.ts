/** `difang reindex`: rebuild both search indexes from storage alone and swap them in. */
import { openCommandServices } from './command-services.ts';
import type { Lang } from '../../src/i18n.ts';
import { reindex } from '../../src/services/reindex.ts';

export async function reindexCommand(_args: string[], lang: Lang): Promise<number> {
  const { store, search, close } = await openCommandServices();
  try {
    let last = 0;
    const report = await reindex(store, search, {
      progress: ({ records, total }) => {
        if (Date.now() - last < 1000 && records < total) return;
        last = Date.now();
        process.stderr.write(`${lang === 'en' ? 'records' : '记录'} ${records}/${total}\n`);
      },
    });
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
