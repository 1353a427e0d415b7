/** Everything an ingest run works with, built once per run. */
import type { Logger, ObjectStore, SearchIndex } from '../../src/ports.ts';
import type { RecordStore } from '../../src/services/record-store.ts';
import type { Jp2Decoder } from '../images/jp2-decoder.ts';
import type { BatchReader } from '../sources/batch-reader.ts';

export interface IngestContext {
  store: ObjectStore;
  records: RecordStore;
  search: SearchIndex;
  reader: BatchReader;
  jp2: Jp2Decoder;
  /** IIIF ids in info.json are built on it. */
  publicBaseUrl: string;
  maxPixels: number;
  /** Local scratch folder for tiles on their way to storage. */
  scratch: string;
  logger: Logger;
  now: () => Date;
}

/** Default rights statement for titles whose batch states none; a library sets its own. */
export const defaultRights = '版权归原权利人所有，仅供个人学习研究使用。In copyright; for personal study and research only.';
/** The rightsstatements.org statement that says the same: In Copyright. */
export const defaultRightsUri = 'http://rightsstatements.org/vocab/InC/1.0/';
