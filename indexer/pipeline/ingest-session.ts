/**
 * Sets up an ingest run around a batch source — the reader, JPEG 2000 workers, a scratch folder,
 * sharp's thread count — runs it, and cleans up whatever happens.
 */
import { rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import sharp from 'sharp';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import type { Config } from '../../src/env.ts';
import type { Logger, ObjectStore, SearchIndex } from '../../src/ports.ts';
import { RecordStore } from '../../src/services/record-store.ts';
import { ensureSearchIndexes } from '../../src/services/search-indexes.ts';
import { storedSearchVocabulary } from '../../src/services/vocabularies.ts';
import { Jp2Decoder } from '../images/jp2-decoder.ts';
import type { BatchReader } from '../sources/batch-reader.ts';
import { discoverBatch, type DiscoverOptions } from '../sources/discover.ts';
import { openFolder } from '../sources/folder-reader.ts';
import { openS3Batch } from '../sources/s3-reader.ts';
import type { IngestContext } from './context.ts';
import { makeScratch } from './scratch.ts';
import { inShard, runIngest, type IngestOptions, type IngestReport, type ProgressListener } from './run-ingest.ts';
import type { OcrEngineChoice } from '../ocr/engines.ts';
import { runStoredOcr } from '../ocr/run-ocr.ts';
import { issueId } from '../../src/domain/natural-keys.ts';

/** Largest image accepted (pixels); a 300-dpi broadsheet is about 5,000 × 7,000 = 35 million. */
export const defaultMaxPixels = 200_000_000;

export async function openBatchReader(source: string, config: Pick<Config, 's3Connection'>): Promise<BatchReader> {
  return source.startsWith('s3://') ? openS3Batch(source, config.s3Connection) : openFolder(source);
}

export interface IngestRequest extends IngestOptions, DiscoverOptions {
  source: string;
  maxPixels?: number;
  /** OCR the pages of the batch that arrived without text, once they are stored ('missing'), or not. */
  ocr?: 'missing' | 'off';
  ocrEngine?: OcrEngineChoice;
}

export async function ingestBatch(
  services: { store: ObjectStore; search: SearchIndex; logger: Logger; publicBaseUrl: string; config: Pick<Config, 's3Connection'> },
  request: IngestRequest,
  progress?: ProgressListener,
): Promise<IngestReport> {
  sharp.concurrency(availableParallelism());
  const reader = await openBatchReader(request.source, services.config);
  const jp2 = new Jp2Decoder(Math.max(1, request.concurrency));
  // On the store's own file system when it is a folder, so tiles move into place without a copy.
  const scratchParent = services.store instanceof FsObjectStore ? services.store.scratchFolder() : tmpdir();
  const scratch = await makeScratch(scratchParent);
  try {
    await ensureSearchIndexes(services.search, await storedSearchVocabulary(services.store));
    const plan = await discoverBatch(reader, request);
    const ctx: IngestContext = {
      store: services.store,
      records: new RecordStore(services.store),
      search: services.search,
      reader,
      jp2,
      publicBaseUrl: services.publicBaseUrl,
      maxPixels: request.maxPixels ?? defaultMaxPixels,
      scratch,
      logger: services.logger,
      now: () => new Date(),
    };
    const report = await runIngest(ctx, plan, request, progress);
    if (request.ocr === 'missing' && !report.aborted) {
      const issues = plan.issues.filter((issue) => inShard(issue, request.shard)).map((issue) => issue.key);
      report.ocr = await runStoredOcr(services, { targets: issues.map(issueId), ...(request.ocrEngine ? { engine: request.ocrEngine } : {}) }, progress?.ocr);
    }
    return report;
  } finally {
    await jp2.close();
    await reader.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
