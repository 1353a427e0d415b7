/**
 * `difang title list | hide <id> | show <id> | set <id> --name … --place … --rights … --rights-uri …`:
 * the papers held, hiding one from the public (copyright), and correcting what its record says.
 */
import { parseArgs } from 'node:util';
import type { Lang } from '../../src/i18n.ts';
import { invalidValueText } from '../../src/domain/invalid-value.ts';
import { AppError } from '../../src/errors.ts';
import { titleChangeSchema, updateTitleMetadata } from '../../src/services/title-metadata.ts';
import { RecordStore } from '../../src/services/record-store.ts';
import { keysUnder } from '../../src/services/keys-under.ts';
import { recordKindOfStorageKey, storageKeys } from '../../src/domain/natural-keys.ts';
import { setTitleHidden } from '../../src/services/title-visibility.ts';
import { openCommandServices } from './command-services.ts';

const settable = { name: 'name', 'other-names': 'otherNames', place: 'place', publisher: 'publisher', language: 'language', cn: 'cn', issn: 'issn', rights: 'rights', 'rights-uri': 'rightsUri', description: 'description' } as const;

export async function titleCommand(args: string[], lang: Lang): Promise<number> {
  const [action, id] = args;
  const en = lang === 'en';
  if (action !== 'list' && !((action === 'hide' || action === 'show' || action === 'set') && id)) {
    const options = Object.keys(settable).map((name) => `--${name} …`).join(' ');
    process.stderr.write(en ? `usage: difang title list | hide <title-id> | show <title-id> | set <title-id> ${options} (an empty value removes it)\n` : `用法：difang title list | hide <题名 id> | show <题名 id> | set <题名 id> ${options}（值为空则删除该项）\n`);
    return 2;
  }
  if (action === 'set') return setTitle(id!, args.slice(2), en);
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

/** `difang title set <id> --place 广东省清远市 --rights-uri …`: the record corrected, the index following. */
async function setTitle(id: string, args: string[], en: boolean): Promise<number> {
  const { values } = parseArgs({ args, options: Object.fromEntries(Object.keys(settable).map((name) => [name, { type: 'string' as const }])) });
  const change: Record<string, unknown> = {};
  for (const [option, field] of Object.entries(settable)) {
    const value = values[option];
    if (typeof value !== 'string') continue;
    change[field] = field === 'otherNames' ? value.split(/[;；,，、]/).map((name) => name.trim()).filter(Boolean) : value.trim() === '' ? null : value.trim();
  }
  const parsed = titleChangeSchema.safeParse(change);
  if (!parsed.success) {
    process.stderr.write(`✗ ${invalidValueText(parsed.error)[en ? 'en' : 'zh-CN']}\n`);
    return 1;
  }
  const { records, search, close } = await openCommandServices().then((services) => ({ ...services, records: new RecordStore(services.store) }));
  try {
    const result = await updateTitleMetadata({ records, search }, id, parsed.data, process.env.USER ?? 'cli');
    if (result.changed.length === 0) process.stdout.write(en ? `${id}: nothing to change.\n` : `${id}：没有需要修改的内容。\n`);
    else process.stdout.write(en ? `${result.title.name} (${id}): changed ${result.changed.join(', ')}.\n` : `${result.title.name}（${id}）：已修改 ${result.changed.join('、')}。\n`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`✗ ${error.detail?.[en ? 'en' : 'zh-CN'] ?? error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await close();
  }
}
