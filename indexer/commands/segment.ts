/**
 * `difang segment <title-id | issue-id>`: cut the pages nobody has segmented yet into draft
 * articles by layout, for cataloguers to check. Pages with articles already are left alone.
 */
import { parseId, titleIdSchema, type IssueKey } from '../../src/domain/natural-keys.ts';
import type { Lang } from '../../src/i18n.ts';
import { segmentIssue, type SegmentationReport } from '../../src/services/auto-segmentation.ts';
import { issuesOfTitle } from '../../src/services/issue-members.ts';
import { RecordStore } from '../../src/services/record-store.ts';
import { storedPageInk } from '../images/page-bitmap.ts';
import { openCommandServices } from './command-services.ts';

const say = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

export async function segmentCommand(args: string[], lang: Lang): Promise<number> {
  const [target] = args;
  const parsed = parseId(target ?? '');
  const isTitle = titleIdSchema.safeParse(target).success;
  if (!target || (!isTitle && parsed?.kind !== 'issue')) {
    process.stderr.write(say(lang, '用法：difang segment <报刊代码 | 期的 id>，如 qingyuan-ribao 或 qingyuan-ribao_1995-03-01_ed-1\n', 'usage: difang segment <title id | issue id>, e.g. qingyuan-ribao or qingyuan-ribao_1995-03-01_ed-1\n'));
    return 2;
  }
  const { store, search, close } = await openCommandServices();
  try {
    const records = new RecordStore(store);
    const issues: IssueKey[] = isTitle ? await issuesOfTitle(store, target) : [parsed!.key as IssueKey];
    const total: SegmentationReport = { issues: 0, pagesSegmented: 0, pagesSkipped: 0, pagesUncertain: 0, articlesCreated: 0, continuationsLinked: 0 };
    const inkOf = storedPageInk(store);
    for (const [i, key] of issues.entries()) {
      const report = await segmentIssue({ records, search, inkOf }, key);
      for (const field of Object.keys(total) as (keyof SegmentationReport)[]) total[field] += report[field];
      process.stderr.write(`${i + 1}/${issues.length} ${say(lang, '期', 'issues')} · ${total.articlesCreated} ${say(lang, '篇', 'articles')}\n`);
    }
    process.stdout.write(
      say(
        lang,
        `切分 ${total.issues} 期：${total.pagesSegmented} 版切出 ${total.articlesCreated} 篇（机器切分，未审校），其中 ${total.continuationsLinked} 篇跨版（转版）；${total.pagesSkipped} 版已有篇目或无文字，未动；${total.pagesUncertain} 版版式把握不足，留待人工切分。\n`,
        `Segmented ${total.issues} issues: ${total.articlesCreated} articles from ${total.pagesSegmented} pages (machine, not yet reviewed), ${total.continuationsLinked} of them continued across pages; ${total.pagesSkipped} pages already had articles or no text and were left alone; ${total.pagesUncertain} pages were too uncertain to draft and are left to a person.\n`,
      ),
    );
    return total.issues === 0 ? 1 : 0;
  } finally {
    await close();
  }
}
