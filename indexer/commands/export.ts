/**
 * `difang export`: a selection of article records to a file for the provincial library or the
 * National Library, with a manifest beside it (<file>.manifest.json). Records lacking a mandatory
 * field are listed and the file is not kept unless --force; --check only reports.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { exportSelectionSchema, type ExportSelection } from '../../src/domain/export/selection.ts';
import { defaultTabularConfig, tabularConfigSchema, type TabularConfig } from '../../src/domain/export/tabular.ts';
import type { Lang } from '../../src/i18n.ts';
import { RecordStore } from '../../src/services/record-store.ts';
import { exportRecords, selectArticles } from '../../src/services/export-records.ts';
import { repositoryIdentifier } from '../../src/routes/oai.ts';
import { exportFormats, formatExtensions, writeExport, type ExportFormat } from '../export/write-export.ts';
import { writeIssuePackage } from '../export/mets-package.ts';
import { openCommandServices, openCommandStore } from './command-services.ts';
import { parseId, type IssueKey } from '../../src/domain/natural-keys.ts';

const say = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

export async function exportCommand(args: string[], lang: Lang): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      title: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      status: { type: 'string' },
      'changed-since': { type: 'string' },
      'include-hidden': { type: 'boolean', default: false },
      columns: { type: 'string' },
      check: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      issue: { type: 'string' },
    },
  });
  if (values.format === 'mets') return metsPackageCommand(values.issue, values.out, lang);
  const format = values.format as ExportFormat;
  if (!exportFormats.includes(format)) {
    process.stderr.write(say(lang, `--format 须为 ${exportFormats.join('、')} 之一\n`, `--format must be one of ${exportFormats.join(', ')}\n`));
    return 2;
  }
  const parsedSelection = exportSelectionSchema.safeParse({
    ...(values.title ? { title: values.title } : {}),
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
    ...(values.status ? { statuses: values.status.split(',').map((s) => s.trim()) } : {}),
    ...(values['changed-since'] ? { changedSince: new Date(values['changed-since']) } : {}),
    includeHidden: values['include-hidden'],
  });
  if (!parsedSelection.success || (values['changed-since'] && Number.isNaN(Date.parse(values['changed-since'])))) {
    const issue = parsedSelection.success ? { path: ['changed-since'], message: 'not a date' } : parsedSelection.error.issues[0]!;
    process.stderr.write(say(lang, `选择条件有误：${issue.path.join('.')}：${issue.message}\n`, `bad selection: ${issue.path.join('.')}: ${issue.message}\n`));
    return 2;
  }
  const selection: ExportSelection = parsedSelection.data;
  let config: TabularConfig = defaultTabularConfig;
  if (values.columns) {
    const parsed = tabularConfigSchema.safeParse(JSON.parse(await readFile(values.columns, 'utf8')));
    if (!parsed.success) {
      process.stderr.write(say(lang, `列配置 ${values.columns} 有误：${parsed.error.issues[0]?.path.join('.')}：${parsed.error.issues[0]?.message}\n`, `column configuration ${values.columns}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}\n`));
      return 2;
    }
    config = parsed.data;
  }

  const { config: env, store, search, close } = await openCommandServices();
  const services = { search, records: new RecordStore(store) };
  try {
    const { total } = await selectArticles(services, selection, 0, 1);
    const out = values.out ?? `difang-export-${new Date().toISOString().slice(0, 10)}.${formatExtensions[format]}`;
    const started = Date.now();
    let last = 0;
    const manifest = await writeExport({
      format,
      out,
      records: exportRecords(services, selection, env.publicBaseUrl),
      config,
      selection,
      baseUrl: env.publicBaseUrl,
      repository: repositoryIdentifier(env.publicBaseUrl),
      force: values.force && !values.check,
      progress: (written) => {
        if (Date.now() - last < 250 && written < total) return;
        last = Date.now();
        const rate = written / Math.max((Date.now() - started) / 1000, 0.001);
        const bar = process.stderr.isTTY ? `\r\x1b[2K[${'█'.repeat(Math.round((written / Math.max(total, 1)) * 24)).padEnd(24, '░')}] ` : '';
        process.stderr.write(`${bar}${written}/${total} ${say(lang, '条', 'records')} · ${rate.toFixed(0)} ${say(lang, '条/秒', 'records/s')}${process.stderr.isTTY ? '' : '\n'}`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const incomplete = Object.entries(manifest.missing);
    if (incomplete.length > 0) {
      process.stdout.write(say(lang, '缺少必备项的记录（按字段计）：\n', 'Records lacking mandatory fields, by field:\n'));
      for (const [field, n] of incomplete.sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${field}: ${n}\n`);
      for (const item of manifest.incomplete.slice(0, 20)) process.stdout.write(`  ${item.url}  (${item.missing.join('、')})\n`);
    }
    if (values.check) {
      process.stdout.write(say(lang, `检查完毕：${manifest.records} 条，${incomplete.length === 0 ? '全部完整' : '有记录不完整'}。\n`, `Checked ${manifest.records} records: ${incomplete.length === 0 ? 'all complete' : 'some are incomplete'}.\n`));
      return incomplete.length === 0 ? 0 : 1;
    }
    if (!manifest.kept) {
      process.stdout.write(say(lang, '未输出文件：有记录缺少必备项。补全后再导出，或加 --force 照样导出。\n', 'No file written: some records lack mandatory fields. Complete them, or add --force to export anyway.\n'));
      return 1;
    }
    await writeFile(`${out}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    process.stdout.write(say(lang, `已导出 ${manifest.records} 条到 ${out}（${manifest.bytes} 字节，sha256 ${manifest.sha256.slice(0, 16)}…），清单 ${out}.manifest.json\n`, `Exported ${manifest.records} records to ${out} (${manifest.bytes} bytes, sha256 ${manifest.sha256.slice(0, 16)}…); manifest ${out}.manifest.json\n`));
    return 0;
  } finally {
    await close();
  }
}

/** `difang export --format mets --issue ID`: one issue or volume as a METS + ALTO zip. */
async function metsPackageCommand(issueId: string | undefined, out: string | undefined, lang: Lang): Promise<number> {
  const parsed = parseId(issueId ?? '');
  if (parsed?.kind !== 'issue') {
    process.stderr.write(say(lang, '--format mets 需要 --issue 期或卷的 id，如 qingyuan-ribao_1995-03-01_ed-1\n', '--format mets needs --issue with an issue or volume id, e.g. qingyuan-ribao_1995-03-01_ed-1\n'));
    return 2;
  }
  const { config: env, store, close } = await openCommandStore();
  try {
    const file = out ?? `${issueId}.zip`;
    const report = await writeIssuePackage({ store, records: new RecordStore(store), key: parsed.key as IssueKey, out: file, publicBaseUrl: env.publicBaseUrl });
    if (!report) {
      process.stderr.write(say(lang, `没有这一期：${issueId}\n`, `no such issue: ${issueId}\n`));
      return 1;
    }
    process.stdout.write(say(lang, `已打包 ${report.pages} 版、${report.articles} 篇到 ${file}（${report.bytes} 字节）\n`, `Packed ${report.pages} pages and ${report.articles} articles into ${file} (${report.bytes} bytes)\n`));
    return 0;
  } finally {
    await close();
  }
}
