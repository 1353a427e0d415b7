/**
 * `difang verify [store]`, `difang backup <folder | s3://bucket/prefix>`, `difang restore <…>`:
 * checking a store end to end, and copying it out and back. A backup carries a marker object
 * (difang-backup.json) so that neither command ever mirrors over a place that is not a backup
 * or an empty one; a restore into a store that holds anything needs --force, and rebuilds the
 * search indexes from what it restored.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { bytesOf } from '../../src/adapters/body.ts';
import { S3ObjectStore } from '../../src/adapters/s3/s3-object-store.ts';
import type { Config } from '../../src/env.ts';
import type { Lang } from '../../src/i18n.ts';
import type { ObjectStore } from '../../src/ports.ts';
import { reindex } from '../../src/services/reindex.ts';
import { copyStore, type CopyReport } from '../maintenance/copy-store.ts';
import { verifyStore } from '../maintenance/verify-store.ts';
import { statusLine } from '../progress.ts';
import { parseS3Url } from '../sources/s3-reader.ts';
import { openCommandServices, openCommandStore } from './command-services.ts';

/** The object a backup is marked with, at its root; not copied back by a restore. */
export const backupMarker = 'difang-backup.json';

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** A folder or an s3://bucket/prefix as a store, with the S3 connection of the configuration. */
async function openLocation(location: string, config: Config): Promise<ObjectStore & { close?: () => void }> {
  if (location.startsWith('s3://')) return S3ObjectStore.connect({ ...config.s3Connection, ...parseS3Url(location) });
  return FsObjectStore.open(resolve(location));
}

export async function verifyCommand(args: string[], lang: Lang): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const opened = await openCommandStore();
  const elsewhere = positionals[0] ? await openLocation(positionals[0], opened.config) : null;
  const store = elsewhere ?? opened.store;
  const status = statusLine();
  try {
    const report = await verifyStore(store, {
      progress: ({ step, done, total }) =>
        status.show(lang === 'en' ? `${step === 'records' ? 'records read' : 'pages checked'} ${done}/${total}` : `${step === 'records' ? '已读记录' : '已查页面'} ${done}/${total}`),
    });
    status.finish();
    const summary =
      lang === 'en'
        ? `Verified ${report.records} records, ${report.others} other objects and ${report.files} files (${megabytes(report.bytes)} MiB hashed) in ${report.seconds.toFixed(1)} s: ${report.problems.length === 0 ? 'no problems' : `${report.problems.length} problems`}`
        : `已核验 ${report.records} 条记录、${report.others} 个其他对象、${report.files} 个文件（校验 ${megabytes(report.bytes)} MiB），用时 ${report.seconds.toFixed(1)} 秒：${report.problems.length === 0 ? '没有问题' : `${report.problems.length} 个问题`}`;
    process.stdout.write(`${summary}\n`);
    for (const { key, problem } of report.problems) process.stdout.write(`  ✗ ${key}: ${problem[lang]}\n`);
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    elsewhere?.close?.();
    await opened.close();
  }
}

export async function backupCommand(args: string[], lang: Lang): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const location = positionals[0];
  if (!location) return usage(lang === 'en' ? 'say where to back up to: a folder or s3://bucket/prefix' : '请指定备份位置：文件夹或 s3://bucket/prefix');
  const opened = await openCommandStore();
  const destination = await openLocation(location, opened.config);
  try {
    const holdsSomething = (await destination.list('', { pageSize: 1 })).items.length > 0;
    if (holdsSomething && !(await destination.head(backupMarker))) {
      process.stderr.write(lang === 'en' ? `${location} holds objects but is not a difang backup; refusing to write over it.\n` : `${location} 已有内容但不是 difang 备份，拒绝覆盖。\n`);
      return 2;
    }
    const report = await copyWithStatus(opened.store, destination, lang, 'newer', (key) => key !== backupMarker);
    if (report.failed.length === 0) {
      await destination.put(backupMarker, JSON.stringify({ format: 'difang-backup/1', createdAt: new Date().toISOString(), source: opened.store.kind, copied: report.copied, unchanged: report.unchanged }, null, 2));
    }
    printCopyReport(report, lang, lang === 'en' ? `Backed up to ${location}` : `已备份到 ${location}`);
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    destination.close?.();
    await opened.close();
  }
}

export async function restoreCommand(args: string[], lang: Lang): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean', default: false }, 'no-reindex': { type: 'boolean', default: false } } });
  const location = positionals[0];
  if (!location) return usage(lang === 'en' ? 'say which backup to restore: a folder or s3://bucket/prefix' : '请指定要恢复的备份：文件夹或 s3://bucket/prefix');
  const opened = await openCommandServices();
  const source = await openLocation(location, opened.config);
  try {
    const marker = await source.get(backupMarker);
    if (!marker) {
      process.stderr.write(lang === 'en' ? `${location} is not a difang backup (no ${backupMarker}).\n` : `${location} 不是 difang 备份（没有 ${backupMarker}）。\n`);
      return 2;
    }
    JSON.parse(new TextDecoder().decode(await bytesOf(marker)));
    if ((await opened.store.list('', { pageSize: 1 })).items.length > 0 && !values.force) {
      process.stderr.write(lang === 'en' ? 'The configured store is not empty; restoring would replace what it holds. Add --force to do so.\n' : '当前存储不是空的，恢复会替换其中内容；确认请加 --force。\n');
      return 2;
    }
    const report = await copyWithStatus(source, opened.store, lang, 'content', (key) => key !== backupMarker);
    printCopyReport(report, lang, lang === 'en' ? `Restored from ${location}` : `已从 ${location} 恢复`);
    if (report.failed.length > 0) return 1;
    if (values['no-reindex']) return 0;
    const indexed = await reindex(opened.store, opened.search);
    process.stdout.write(lang === 'en' ? `Search rebuilt: ${indexed.pages} pages, ${indexed.articles} articles.\n` : `检索已重建：${indexed.pages} 页、${indexed.articles} 篇。\n`);
    return indexed.unreadable.length > 0 ? 1 : 0;
  } finally {
    source.close?.();
    await opened.close();
  }
}

async function copyWithStatus(from: ObjectStore, to: ObjectStore, lang: Lang, same: 'newer' | 'content', keep: (key: string) => boolean): Promise<CopyReport> {
  const status = statusLine();
  const report = await copyStore(from, to, {
    same,
    keep,
    progress: ({ objects, bytes }) => status.show(lang === 'en' ? `${objects} objects · ${megabytes(bytes)} MiB copied` : `${objects} 个对象 · 已复制 ${megabytes(bytes)} MiB`),
  });
  status.finish();
  return report;
}

function printCopyReport(report: CopyReport, lang: Lang, heading: string): void {
  const line =
    lang === 'en'
      ? `${heading}: ${report.copied} copied (${megabytes(report.bytes)} MiB), ${report.unchanged} unchanged, ${report.removed} removed, ${report.failed.length} failed, in ${report.seconds.toFixed(1)} s`
      : `${heading}：复制 ${report.copied} 个（${megabytes(report.bytes)} MiB），未变 ${report.unchanged} 个，移除 ${report.removed} 个，失败 ${report.failed.length} 个，用时 ${report.seconds.toFixed(1)} 秒`;
  process.stdout.write(`${line}\n`);
  for (const { key, reason } of report.failed) process.stdout.write(`  ✗ ${key}: ${reason}\n`);
}

function usage(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
