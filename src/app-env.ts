/** What every route can read from the Hono context. */
import type { Lang } from './i18n.ts';
import type { Logger, ObjectStore, SearchIndex } from './ports.ts';

/** Everything the app needs from outside; built once by src/node.ts or src/worker.ts. */
export interface AppDeps {
  store: ObjectStore;
  search: SearchIndex;
  logger: Logger;
  /** Where readers reach difang (no trailing slash). */
  publicBaseUrl: string;
  version: string;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    lang: Lang;
  };
}
