/** Ingest jobs a server was running when it stopped (issue 22: they showed 0/0 and an English reason). */
import { afterAll, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { IngestJobs } from '../../src/services/ingest-jobs.ts';
import { temporaryFolders } from '../helpers/temp-files.ts';

const folder = temporaryFolders();

describe('an ingest job the server stopped under', () => {
  const never = new Promise<never>(() => {});
  afterAll(() => void never);

  it('shows the pages it had done and says, in Chinese and English, how to go on', async () => {
    const store = await FsObjectStore.open(await folder('jobs'));
    const running = new IngestJobs(store, async (_request, progress) => {
      progress.planned(3);
      progress.page('stored');
      return never; // the server stops here
    });
    const job = await running.submit({ kind: 'ingest', source: 'batch-1' } as Parameters<IngestJobs['submit']>[0], 'admin');
    // Another process (the server after a restart) reads the job from storage.
    const restarted = new IngestJobs(store, async () => ({}));
    let seen = await restarted.get(job.id);
    for (let i = 0; i < 50 && seen?.progress.done !== 1; i++) {
      await new Promise((wait) => setTimeout(wait, 20));
      seen = await restarted.get(job.id);
    }
    expect(seen).toMatchObject({ status: 'failed', progress: { done: 1, total: 3, stored: 1 } });
    expect(seen!.errorText!['zh-CN']).toContain('中断：服务器在任务完成前停止了');
    expect(seen!.errorText!['zh-CN']).not.toMatch(/[A-Za-z]{3,}/);
    expect(seen!.errorText!.en).toContain('interrupted');
  });
});
