/** What every route can read from the Hono context. */
import type { Lang } from './i18n.ts';
import type { AssetSource, ImageComposer, Logger, NameData, ObjectStore, SearchIndex, WordSegmenter } from './ports.ts';
import type { Authenticator, Principal } from './services/authenticator.ts';
import type { Catalog } from './services/catalog.ts';
import type { DocumentFrequencies } from './services/article-suggestions.ts';
import type { RejectedSuggestions } from './services/rejected-suggestions.ts';
import type { CatalogTemplates } from './services/catalog-templates.ts';
import type { Topics } from './services/topics.ts';
import type { Targets } from './services/catalog-queue.ts';
import type { LoginThrottle } from './services/login-throttle.ts';
import type { ComposedImages } from './services/composed-images.ts';
import type { RequestMetrics } from './services/request-metrics.ts';
import type { IngestJobs } from './services/ingest-jobs.ts';
import type { PageTextCache } from './services/page-text-cache.ts';
import type { RecordStore } from './services/record-store.ts';
import type { TitleDirectory } from './services/title-directory.ts';
import type { VocabularyDirectory } from './services/vocabularies.ts';

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
  /** Present where sharp runs (Node): crops and full-size page images composed from tiles. */
  imageComposer?: ImageComposer;
  /** Chinese word segmentation for keyword suggestions (jieba on Node). */
  segmenter?: WordSegmenter;
  /** The gazetteer and surnames people and places are recognized by (npm data packages on Node). */
  nameData?: NameData;
  /** Where harvesters may write about the repository (OAI-PMH Identify). */
  adminEmail?: string;
  /** The reader pages' scripts and styles; absent, pages still work without scripts. */
  assets?: AssetSource;
  /**
   * Whether difang gzips its own responses (Node). Off on Workers: workerd encodes a body itself
   * when a Content-Encoding header is set, so compressing here would send it gzipped twice.
   */
  compressResponses?: boolean;
  /** The project's goals the cataloguing dashboard measures progress against (default 10,000 版, 27,000 条). */
  targets?: Targets;
  /** Memory for page texts kept to place search hits (default 64 MiB). */
  pageTextCacheBytes?: number;
  /** Who is asking (the client's address), for throttling sign-in; absent, every request counts as one client. */
  clientAddress?: (request: { raw: Request; header(name: string): string | undefined }, env: unknown) => string | undefined;
}

/** Services built once from the dependencies and shared by every request. */
export interface AppServices {
  search: SearchIndex;
  records: RecordStore;
  titles: TitleDirectory;
  pageTexts: PageTextCache;
  vocabularies: VocabularyDirectory;
  /** Names from the vocabularies (places, people, organizations), matched whole in queries. */
  knownNames(): ReadonlySet<string>;
  /** The synonyms Meilisearch has, to mark what they matched. */
  synonyms(): Record<string, string[]>;
  catalog: Catalog;
  /** Topics (专题) curators compose for readers. */
  topics: Topics;
  /** Templates per paper: fields most of its articles share. */
  templates: CatalogTemplates;
  /** Suggestions cataloguers rejected, per article. */
  rejectedSuggestions: RejectedSuggestions;
  /** How many documents of the collection print a word (for keyword suggestions). */
  frequencies: DocumentFrequencies;
  loginThrottle: LoginThrottle;
  /** Page images composed from tiles (sharp): a few at a time, kept for the next reader, so stored tiles stay fast for everyone. */
  composedImages: ComposedImages;
  requestMetrics: RequestMetrics;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    services: AppServices;
    requestId: string;
    lang: Lang;
    /** Set by requireRole for the routes it guards. */
    principal?: Principal;
    /** Set when the answer shows what only staff may see (a hidden paper): never cached publicly. */
    privateResponse?: boolean;
  };
}
