/**
 * Work folders for an ingest's tiles on their way to storage: `ingest-{pid}-{random}` under the
 * folder store's own temporary folder (so tiles move into place by rename) or the system's. A
 * process killed outright (kill -9, a power cut) cannot remove its folder; the next ingest on the
 * machine removes every folder whose process is gone, so scratch never piles up.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const scratchName = /^ingest-(\d+)-/;

export async function makeScratch(parent: string): Promise<string> {
  await removeAbandonedScratch(parent);
  return mkdtemp(join(parent, `ingest-${process.pid}-`));
}

/** Removes the work folders of processes that no longer run; returns how many. */
export async function removeAbandonedScratch(parent: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const pid = Number(scratchName.exec(name)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    await rm(join(parent, name), { recursive: true, force: true }).catch(() => {});
    removed++;
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
