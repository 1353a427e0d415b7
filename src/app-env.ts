/** What every route can read from the Hono context. */
import type { Lang } from './i18n.ts';
import type { Logger, ObjectStore, SearchIndex } from './ports.ts';
import type { Authenticator, Principal } from './services/authenticator.ts';
import type { IngestJobs } from './services/ingest-jobs.ts';

/** Everything the app needs from outside; built once by src/node.ts or src/worker.ts. */
export interface AppDeps {
  store: ObjectStore;
  search: SearchIndex;
  logger: Logger;
  /** Where readers reach difang (no trailing slash). */
  publicBaseUrl: string;
  version: string;
  auth: Authenticator;
  /** Present where ingest can run (Node). */
  ingestJobs?: IngestJobs;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    lang: Lang;
    /** Set by requireRole for the routes it guards. */
    principal?: Principal;
  };
}
