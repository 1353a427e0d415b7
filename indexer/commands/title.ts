/** `difang title list | hide <id> | show <id>`: the papers held, and hiding one from the public (copyright). */
import type { Lang } from '../../src/i18n.ts';
import { RecordStore } from '../../src/services/record-store.ts';
import { keysUnder } from '../../src/services/keys-under.ts';
import { recordKindOfStorageKey, storageKeys } from '../../src/domain/natural-keys.ts';
import { setTitleHidden } from '../../src/services/title-visibility.ts';
import { openCommandServices } from './command-services.ts';

export async function titleCommand(args: string[], lang: Lang): Promise<number> {
  const [action, id] = args;
  const en = lang === 'en';
  if (action !== 'list' && !((action === 'hide' || action === 'show') && id)) {
    process.stderr.write(en ? 'usage: difang title list | hide <title-id> | show <title-id>\n' : '用法：difang title list | hide <题名 id> | show <题名 id>\n');
    return 2;
  }
  const { store, search, close } = await openCommandServices();
  try {
    const records = new RecordStore(store);
    if (action === 'list') {
      for await (const key of keysUnder(store, storageKeys.recordsPrefix)) {
        if (recordKindOfStorageKey(key) !== 'title' || key.split('/').length !== 3) continue;
        const title = (await records.getTitle(key.split('/')[1]!))?.record;
        if (title) process.stdout.write(`${title.key.title}\t${title.name}\t${title.hidden ? (en ? 'hidden' : '不公开') : en ? 'public' : '公开'}\n`);
      }
      return 0;
    }
    const result = await setTitleHidden({ records, search }, id!, action === 'hide', process.env.USER ?? 'cli');
    const name = `${result.title.name}（${result.title.key.title}）`;
    if (!result.changed) process.stdout.write(en ? `${name} already was ${action === 'hide' ? 'hidden' : 'public'}.\n` : `${name}已经是${action === 'hide' ? '不公开' : '公开'}的。\n`);
    else if (action === 'hide') process.stdout.write(en ? `${name} is hidden from the public: ${result.articles} articles and ${result.pages} pages left search; OAI-PMH reports the articles deleted.\n` : `${name}已不对公众开放：${result.articles} 篇、${result.pages} 页已退出检索，OAI-PMH 将其篇目报为已删除。\n`);
    else process.stdout.write(en ? `${name} is public again: ${result.articles} articles and ${result.pages} pages.\n` : `${name}已重新公开：${result.articles} 篇、${result.pages} 页。\n`);
    return 0;
  } finally {
    await close();
  }
}
