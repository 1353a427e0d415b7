/**
 * The interfaces to the outside world. Each has real adapters under src/adapters/ that pass one
 * shared contract suite (test/integration/*.contract.ts); domain code and routes see only these.
 */
import type { PageOcr } from './domain/page-ocr.ts';
import type { Gazetteer } from './domain/gazetteer.ts';

/** What an object body may be written from: bytes, text, or a stream of bytes. */
export type BodyInput = Uint8Array | string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Facts about a stored object. */
export interface ObjectInfo {
  key: string;
  size: number;
  /** Opaque version of this exact content; changes on every write. Used for conditional writes and HTTP ETags. */
  etag: string;
  lastModified: Date;
  contentType: string;
}

/** A byte range, inclusive of `offset`, `length` bytes long (to the end when omitted). */
export interface ByteRange {
  offset: number;
  length?: number;
}

export interface StoredObject {
  info: ObjectInfo;
  body: ReadableStream<Uint8Array>;
  /** The whole content, when the adapter read it in one go (small objects); `body` streams the same bytes. */
  bytes?: Uint8Array<ArrayBuffer>;
  /** The range actually returned, when one was asked for. */
  range?: { offset: number; length: number };
}

/** Content types come from the key's extension, the same in every adapter. */
export interface PutOptions {
  /** Create-if-absent: fail with StorageError('precondition_failed') if the key exists. */
  ifAbsent?: boolean;
  /** Replace-if-version-matches: fail with StorageError('precondition_failed') unless the current etag is this. */
  ifMatch?: string;
  /**
   * false for derivatives that can be made again from the original (tiles, thumbnails): the fs
   * store then skips syncing each file to disk, which would dominate the cost of hundreds of tiles.
   */
  durable?: boolean;
}

export interface ListPage {
  items: ObjectInfo[];
  /** Pass back to get the next page; absent on the last page. */
  cursor?: string;
}

export interface ServiceHealth {
  up: boolean;
  /** What this adapter talks to, e.g. "fs:/srv/difang/objects" or "meilisearch 1.21.0". */
  detail: string;
  latencyMs: number;
  /** Why it is down, when it is. */
  reason?: string;
}

export interface KeyPage {
  keys: string[];
  /** Present when there are more keys: pass it back to get the next page. */
  cursor?: string;
}

/**
 * Object storage, the source of truth. Keys are "/"-separated paths of safe segments
 * (see src/adapters/object-key.ts); adapters refuse any key that could escape their root.
 */
export interface ObjectStore {
  readonly kind: string;
  /** The whole object, or a range of it; null when absent. */
  get(key: string, options?: { range?: ByteRange }): Promise<StoredObject | null>;
  head(key: string): Promise<ObjectInfo | null>;
  put(key: string, body: BodyInput, options?: PutOptions): Promise<ObjectInfo>;
  /** Removes the object; absent keys are not an error. */
  delete(key: string): Promise<void>;
  /**
   * One page of keys under a prefix; every key appears once across the pages. Order is the
   * backend's: UTF-8 byte order on S3 and fs (some S3-compatible servers list folders first).
   */
  list(prefix: string, options?: { cursor?: string; pageSize?: number }): Promise<ListPage>;
  /** The same pages as `list`, keys only — for walks that need no sizes or versions (a folder store then stats nothing). */
  listKeys(prefix: string, options?: { cursor?: string; pageSize?: number }): Promise<KeyPage>;
  health(): Promise<ServiceHealth>;
}

/** Meilisearch task reference; `waitForTask` resolves when it has been applied. */
export interface IndexTask {
  taskUid: number;
}

/** Settings difang sets on an index (a subset of Meilisearch's, typed loosely on purpose). */
export type IndexSettings = Record<string, unknown>;

export interface SearchQuery {
  q?: string;
  filter?: string | (string | string[])[];
  facets?: string[];
  sort?: string[];
  page?: number;
  hitsPerPage?: number;
  attributesToRetrieve?: string[];
  attributesToHighlight?: string[];
  attributesToCrop?: string[];
  cropLength?: number;
  highlightPreTag?: string;
  highlightPostTag?: string;
  showMatchesPosition?: boolean;
  matchingStrategy?: 'last' | 'all' | 'frequency';
  locales?: string[];
  showRankingScore?: boolean;
}

/** Where a query matched: UTF-8 byte ranges per attribute (with the array index for array attributes). */
export type MatchesPosition = Record<string, { start: number; length: number; indices?: number[] }[]>;

export interface SearchResult<T> {
  hits: (T & { _formatted?: Partial<Record<keyof T, unknown>>; _matchesPosition?: MatchesPosition })[];
  totalHits: number;
  page: number;
  hitsPerPage: number;
  totalPages: number;
  facetDistribution?: Record<string, Record<string, number>>;
  facetStats?: Record<string, { min: number; max: number }>;
  processingTimeMs: number;
}

/** The search engine: a derived index, rebuildable from the ObjectStore alone. */
export interface SearchIndex {
  readonly kind: string;
  health(): Promise<ServiceHealth>;
  /** Creates the index if needed and applies settings; resolves when they are in effect. */
  ensureIndex(uid: string, options: { primaryKey: string; settings?: IndexSettings }): Promise<void>;
  deleteIndex(uid: string): Promise<void>;
  /** Adds or replaces whole documents by primary key. */
  putDocuments(uid: string, documents: Record<string, unknown>[]): Promise<IndexTask>;
  deleteDocuments(uid: string, ids: string[]): Promise<IndexTask>;
  getDocument<T extends Record<string, unknown>>(uid: string, id: string): Promise<T | null>;
  search<T extends Record<string, unknown>>(uid: string, query: SearchQuery): Promise<SearchResult<T>>;
  /** Several searches in one request, answered in order. */
  searchMany<T extends Record<string, unknown>>(queries: (SearchQuery & { indexUid: string })[]): Promise<SearchResult<T>[]>;
  /** Changes the given fields of existing documents, leaving their other fields as they are. */
  updateDocuments(uid: string, documents: Record<string, unknown>[]): Promise<IndexTask>;
  /** Atomically exchanges the contents of index pairs (used to rebuild without a gap). */
  swapIndexes(pairs: [string, string][]): Promise<void>;
  waitForTask(task: IndexTask, options?: { timeoutMs?: number }): Promise<void>;
  /** Changes to these indexes not yet searchable: how many, and since when the oldest waits (index lag). */
  pendingTasks(uids: string[]): Promise<{ count: number; oldestEnqueuedAt?: Date }>;
  /** The full uid for a logical index name (adds the configured prefix). */
  indexUid(name: string): string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logging: one event name and fields, rendered as JSON lines or for a terminal. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** A stored tile's bytes and where it lies on the canvas being composed (level pixels). */
export interface TileImage {
  bytes: Uint8Array;
  left: number;
  top: number;
}

/**
 * Lays tiles on a canvas, cuts `crop` out of it and scales that to `output`, as JPEG: how crops
 * and full-size downloads are made from the stored pyramid (absent where sharp cannot run).
 */
export interface ImageComposer {
  compose(request: {
    tiles: TileImage[];
    canvas: { width: number; height: number };
    crop: { x: number; y: number; w: number; h: number };
    output: { width: number; height: number };
    quality?: number;
  }): Promise<Uint8Array>;
}

/** A page image as one byte of grey per pixel, row by row (0 black … 255 white). */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface OcrOptions {
  /** Told how far the page has got (detection, then lines read). */
  progress?: (step: { step: 'detect' | 'recognize'; done: number; total: number }) => void;
}

/**
 * Reads the text of a page image that came without any: lines (with polygons), words,
 * character boxes and confidences, as normalized OCR. PaddleOCR (ONNX Runtime) and Tesseract
 * are the adapters (indexer/ocr/); where neither runs, pages wait as "no text yet".
 */
export interface OcrEngine {
  readonly name: 'paddle' | 'tesseract' | 'auto';
  recognize(image: GreyImage, options?: OcrOptions): Promise<PageOcr>;
  /** Frees what the engine holds (model sessions, worker processes). */
  close?(): Promise<void>;
}

/** The reader pages' scripts, styles and images (web/dist, built by `npm run build:web`). */
export interface AssetSource {
  /** Changes whenever the files do; pages put it in asset URLs so browsers may cache them for good. */
  readonly version: string;
  get(path: string): Promise<{ body: Uint8Array; contentType: string } | null>;
}

/** Chinese word segmentation with parts of speech (jieba on Node); absent, keywords are not suggested. */
export interface WordSegmenter {
  tag(text: string): { word: string; tag: string }[];
}

/** Name data the tag suggestions recognize places and people by (npm data packages on Node). */
export interface NameData {
  /** China's administrative divisions down to townships, with their codes. */
  gazetteer(): Gazetteer;
  /** Chinese surnames, single and compound. */
  surnames(): ReadonlySet<string>;
}

/** Password hashing for staff accounts (scrypt on Node); the hash names its own parameters. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}
