/**
 * One store copied into another, object by object and streamed (constant memory whatever the
 * size): `difang backup` copies the configured store to a folder or an S3 prefix, `difang restore`
 * copies a backup back. Incremental: an object already there with the same size is left alone when
 * it is not older than the source's (`newer`, for backups, which are always written after what
 * they copy) or when its content hashes the same (`content`, for restores, where the store being
 * restored may hold a newer edit of the same size that must be replaced). The copy mirrors: what the
 * destination holds that the source does not is removed at the end, so a restored store has no
 * working copy or record the backup did not have. A failed object is named and the rest go on.
 * The source's keys are held in memory for that last step (about 100 bytes a key: a 10,000-page
 * archive with its tiles is some 1.9 million keys); beyond that, use the storage's own replication.
 */
import { createHash } from 'node:crypto';
import type { ObjectStore } from '../../src/ports.ts';
import { keysUnder } from '../../src/services/keys-under.ts';
import { forEachLimited } from '../pipeline/page-steps.ts';

export interface CopyReport {
  copied: number;
  unchanged: number;
  removed: number;
  bytes: number;
  failed: { key: string; reason: string }[];
  seconds: number;
}

export interface CopyProgress {
  (done: { objects: number; bytes: number }): void;
}

export async function copyStore(
  from: ObjectStore,
  to: ObjectStore,
  options: { same: 'newer' | 'content'; concurrency?: number; progress?: CopyProgress; keep?: (key: string) => boolean },
): Promise<CopyReport> {
  const started = performance.now();
  const keep = options.keep ?? (() => true);
  const report: CopyReport = { copied: 0, unchanged: 0, removed: 0, bytes: 0, failed: [], seconds: 0 };
  const destinationEmpty = (await to.list('', { pageSize: 1 })).items.length === 0;
  const wanted = new Set<string>();
  let cursor: string | undefined;
  let done = 0;
  do {
    const page = await from.list('', { cursor, pageSize: 1000 });
    const items = page.items.filter((item) => keep(item.key));
    for (const item of items) wanted.add(item.key);
    await forEachLimited(items, options.concurrency ?? 8, async (item) => {
      const there = destinationEmpty ? null : await to.head(item.key);
      const same =
        there?.size === item.size &&
        (options.same === 'newer' ? there.lastModified.getTime() >= item.lastModified.getTime() : (await hashObject(from, item.key))?.sha256 === (await hashObject(to, item.key))?.sha256);
      if (same) report.unchanged++;
      else {
        try {
          const object = await from.get(item.key);
          if (!object) throw new Error('disappeared from the source while copying');
          await to.put(item.key, object.bytes ?? object.body);
          report.copied++;
          report.bytes += item.size;
        } catch (error) {
          report.failed.push({ key: item.key, reason: (error as Error).message });
        }
      }
      options.progress?.({ objects: ++done, bytes: report.bytes });
    });
    cursor = page.cursor;
  } while (cursor);
  // Only once everything wanted is there, and only if nothing failed: never leave a store with less.
  if (report.failed.length === 0 && !destinationEmpty) {
    const extra: string[] = [];
    for await (const key of keysUnder(to, '')) if (!wanted.has(key) && keep(key)) extra.push(key);
    await forEachLimited(extra, options.concurrency ?? 8, (key) => to.delete(key));
    report.removed = extra.length;
  }
  report.failed.sort((a, b) => (a.key < b.key ? -1 : 1));
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/** sha256 and size of a stored object, streamed; null when it is absent. */
export async function hashObject(store: ObjectStore, key: string): Promise<{ sha256: string; bytes: number } | null> {
  const object = await store.get(key);
  if (!object) return null;
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of object.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}
