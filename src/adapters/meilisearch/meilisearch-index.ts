/**
 * SearchIndex on Meilisearch through the official JS client (any runtime). On Node, pass the
 * keep-alive HTTP client from ./node-http-client.ts; the default fetch costs more per request.
 * Errors become SearchError: unreachable or timed out (retryable), bad request, missing index.
 * @see https://www.meilisearch.com/docs/reference/api/overview
 */
import { Meilisearch, MeilisearchApiError, MeilisearchRequestTimeOutError, type Config as MeiliConfig, type Task } from 'meilisearch';
import { SearchError } from '../../errors.ts';
import type { IndexSettings, IndexTask, SearchIndex, SearchQuery, SearchResult, ServiceHealth } from '../../ports.ts';

export interface MeilisearchIndexOptions {
  url: string;
  apiKey?: string;
  /** Prepended to every index uid, so several deployments or test files can share one server. */
  indexPrefix?: string;
  /** Replaces fetch (see node-http-client.ts). */
  httpClient?: MeiliConfig['httpClient'];
  /** Milliseconds allowed per request. */
  timeoutMs?: number;
  /**
   * Milliseconds a reader's query may take (default 5 s): a Meilisearch that has stopped answering
   * (hung, swapped out, SIGSTOPped) fails a search in this time instead of the 30 s writes may take.
   */
  queryTimeoutMs?: number;
}

/** After a query times out, queries fail at once for this long; then they try again. */
const unresponsiveForMs = 5_000;

export class MeilisearchIndex implements SearchIndex {
  readonly kind = 'meilisearch';
  private readonly client: Meilisearch;
  private readonly prefix: string;
  /** Until when Meilisearch is taken to be unresponsive (a query timed out); 0 when it answers. */
  private unresponsiveUntil = 0;

  constructor(private readonly options: MeilisearchIndexOptions) {
    this.client = new Meilisearch({
      host: options.url,
      apiKey: options.apiKey,
      httpClient: options.httpClient,
      timeout: options.timeoutMs ?? 30_000,
      clientAgents: ['difang'],
    });
    this.prefix = options.indexPrefix ?? '';
  }

  indexUid(name: string): string {
    return this.prefix + name;
  }

  async health(): Promise<ServiceHealth> {
    const started = performance.now();
    try {
      // /version needs the key, so a wrong key shows up here as well as a dead server.
      const { pkgVersion } = await this.client.getVersion();
      return { up: true, detail: `meilisearch ${pkgVersion} at ${this.options.url}`, latencyMs: performance.now() - started };
    } catch (error) {
      const reason = toSearchError(error, 'health check').message;
      return { up: false, detail: `meilisearch at ${this.options.url}`, latencyMs: performance.now() - started, reason };
    }
  }

  async ensureIndex(uid: string, options: { primaryKey: string; settings?: IndexSettings }): Promise<void> {
    await this.call(`create index ${uid}`, async () => {
      const created = await this.settle((await this.client.createIndex(uid, { primaryKey: options.primaryKey })).taskUid);
      if (created.status === 'failed' && created.error?.code !== 'index_already_exists') {
        throw new SearchError('task_failed', `cannot create index ${uid}: ${created.error?.message}`);
      }
      if (options.settings) {
        const updated = await this.settle((await this.client.index(uid).updateSettings(options.settings)).taskUid);
        if (updated.status === 'failed') throw new SearchError('task_failed', `cannot apply settings to ${uid}: ${updated.error?.message}`);
      }
    });
  }

  async deleteIndex(uid: string): Promise<void> {
    await this.call(`delete index ${uid}`, () => this.client.deleteIndexIfExists(uid));
  }

  async putDocuments(uid: string, documents: Record<string, unknown>[]): Promise<IndexTask> {
    return this.call(`index documents into ${uid}`, async () => ({ taskUid: (await this.client.index(uid).addDocuments(documents)).taskUid }));
  }

  async deleteDocuments(uid: string, ids: string[]): Promise<IndexTask> {
    return this.call(`delete documents from ${uid}`, async () => ({ taskUid: (await this.client.index(uid).deleteDocuments(ids)).taskUid }));
  }

  async getDocument<T extends Record<string, unknown>>(uid: string, id: string): Promise<T | null> {
    try {
      return (await this.client.index(uid).getDocument(id)) as T;
    } catch (error) {
      if (apiErrorCode(error) === 'document_not_found') return null;
      throw toSearchError(error, `get document ${id} from ${uid}`);
    }
  }

  async search<T extends Record<string, unknown>>(uid: string, query: SearchQuery): Promise<SearchResult<T>> {
    return this.query(`search ${uid}`, async (signal) => {
      const { q, ...rest } = query;
      // page/hitsPerPage (rather than offset/limit) make Meilisearch count hits exactly.
      const response = await this.client.index(uid).search(q ?? '', { ...rest, page: query.page ?? 1, hitsPerPage: query.hitsPerPage ?? 20 }, { signal });
      return {
        hits: response.hits as SearchResult<T>['hits'],
        totalHits: response.totalHits ?? 0,
        page: response.page ?? 1,
        hitsPerPage: response.hitsPerPage ?? 0,
        totalPages: response.totalPages ?? 0,
        facetDistribution: response.facetDistribution as Record<string, Record<string, number>> | undefined,
        processingTimeMs: response.processingTimeMs,
      };
    });
  }

  async searchMany<T extends Record<string, unknown>>(queries: (SearchQuery & { indexUid: string })[]): Promise<SearchResult<T>[]> {
    return this.query('multi-search', async (signal) => {
      const response = await this.client.multiSearch(
        {
          queries: queries.map(({ q, ...rest }) => ({ ...rest, q: q ?? '', page: rest.page ?? 1, hitsPerPage: rest.hitsPerPage ?? 20 })),
        },
        { signal },
      );
      return response.results.map((result) => ({
        hits: result.hits as SearchResult<T>['hits'],
        totalHits: result.totalHits ?? 0,
        page: result.page ?? 1,
        hitsPerPage: result.hitsPerPage ?? 0,
        totalPages: result.totalPages ?? 0,
        facetDistribution: result.facetDistribution as Record<string, Record<string, number>> | undefined,
        facetStats: result.facetStats,
        processingTimeMs: result.processingTimeMs,
      }));
    });
  }

  async updateDocuments(uid: string, documents: Record<string, unknown>[]): Promise<IndexTask> {
    return this.call(`update documents in ${uid}`, async () => ({ taskUid: (await this.client.index(uid).updateDocuments(documents)).taskUid }));
  }

  async swapIndexes(pairs: [string, string][]): Promise<void> {
    await this.call('swap indexes', async () => {
      const task = await this.settle((await this.client.swapIndexes(pairs.map((indexes) => ({ indexes, rename: false })))).taskUid);
      if (task.status === 'failed') throw new SearchError('task_failed', `cannot swap indexes: ${task.error?.message}`);
    });
  }

  async waitForTask(task: IndexTask, options: { timeoutMs?: number } = {}): Promise<void> {
    await this.call(`wait for task ${task.taskUid}`, async () => {
      const done = await this.settle(task.taskUid, options.timeoutMs);
      if (done.status !== 'succeeded') throw new SearchError('task_failed', `task ${task.taskUid} ${done.status}: ${done.error?.message ?? ''}`);
    });
  }

  async pendingTasks(uids: string[]): Promise<{ count: number; oldestEnqueuedAt?: Date }> {
    return this.call('list pending tasks', async () => {
      // Oldest first (reverse), one is enough: the response's total counts them all.
      const pending = await this.client.tasks.getTasks({ statuses: ['enqueued', 'processing'], indexUids: uids, limit: 1, reverse: true });
      const oldest = pending.results[0]?.enqueuedAt;
      return { count: pending.total, ...(oldest ? { oldestEnqueuedAt: new Date(oldest) } : {}) };
    });
  }

  /**
   * Polls a task until it has finished, backing off from 5 ms to 250 ms. (The client's own
   * waitTask adds an abort listener to one shared signal per poll and never removes it.)
   */
  private async settle(taskUid: number, timeoutMs = 120_000): Promise<Task> {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 5; ; delay = Math.min(delay * 2, 250)) {
      const task = await this.client.tasks.getTask(taskUid);
      if (task.status === 'succeeded' || task.status === 'failed' || task.status === 'canceled') return task;
      if (Date.now() > deadline) throw new SearchError('timeout', `task ${taskUid} still ${task.status} after ${timeoutMs / 1000} s`);
      await new Promise((done) => setTimeout(done, delay));
    }
  }

  /**
   * A reader's query: given the query timeout, and refused at once while Meilisearch is known not
   * to answer (readers get a clean 503 in milliseconds, not a page that hangs for seconds).
   */
  private async query<T>(what: string, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const now = Date.now();
    if (now < this.unresponsiveUntil) throw new SearchError('unavailable', `${what}: Meilisearch is not answering (a query timed out in the last ${unresponsiveForMs / 1000} s)`);
    try {
      const result = await this.call(what, () => operation(AbortSignal.timeout(this.options.queryTimeoutMs ?? 5_000)));
      this.unresponsiveUntil = 0;
      return result;
    } catch (error) {
      if (error instanceof SearchError && error.code === 'timeout') this.unresponsiveUntil = Date.now() + unresponsiveForMs;
      throw error;
    }
  }

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw toSearchError(error, what);
    }
  }
}

function apiErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof MeilisearchApiError) return current.cause?.code;
  }
  return undefined;
}

/** Classifies whatever the client threw (it wraps our HTTP client's errors as request errors). */
export function toSearchError(error: unknown, what: string): SearchError {
  if (error instanceof SearchError) return error;
  let api: MeilisearchApiError | undefined;
  let timedOut = false;
  for (let current: unknown = error, depth = 0; current && depth < 4; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof MeilisearchApiError) api = current;
    if (current instanceof MeilisearchRequestTimeOutError || (current as { name?: string }).name === 'TimeoutError') timedOut = true;
  }
  if (api) {
    const code = api.cause?.code ?? 'unknown';
    const status = api.response.status;
    const message = `${what}: ${api.cause?.message ?? api.message} (${code})`;
    if (code === 'index_not_found') return new SearchError('index_not_found', message, { cause: error });
    if (code === 'invalid_api_key' || code === 'missing_authorization_header' || status === 401 || status === 403) {
      return new SearchError('misconfigured', message, { cause: error });
    }
    if (status >= 500) return new SearchError('unavailable', message, { cause: error });
    return new SearchError('invalid_request', message, { cause: error });
  }
  if (timedOut) return new SearchError('timeout', `${what}: Meilisearch did not answer in time`, { cause: error });
  const detail = rootMessage(error);
  return new SearchError('unavailable', `${what}: Meilisearch unreachable (${detail})`, { cause: error });
}

function rootMessage(error: unknown): string {
  let current = error as { cause?: unknown; code?: string; message?: string } | undefined;
  for (let depth = 0; current?.cause && depth < 5; depth++) current = current.cause as typeof current;
  return current?.code ?? current?.message ?? String(error);
}
