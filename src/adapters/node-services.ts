/**
 * Builds the Node-side services from configuration — logger, object store, Meilisearch — for the
 * server and for the indexer's commands alike. Start-up failures become ConfigErrors naming the
 * setting to fix.
 */
import { ConfigError, type Config } from '../env.ts';
import { StorageError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import type { Logger, ObjectStore } from '../ports.ts';
import { FsObjectStore } from './fs/fs-object-store.ts';
import { EmbeddedMeilisearch, EmbeddedMeilisearchError, type MeilisearchHandle } from './meilisearch/embedded-meilisearch.ts';
import { MeilisearchIndex } from './meilisearch/meilisearch-index.ts';
import { createKeepAliveHttpClient } from './meilisearch/node-http-client.ts';
import { S3ObjectStore } from './s3/s3-object-store.ts';

export function createNodeLogger(config: Config): Logger {
  const format = config.log.format === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : config.log.format;
  return createLogger({
    level: config.log.level,
    format,
    write: (line, level) => (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`),
  });
}

export async function openStore(config: Config, logger: Logger): Promise<ObjectStore & { close?: () => void }> {
  const storage = config.storage;
  try {
    if (storage.kind === 'fs') return await FsObjectStore.open(storage.root);
    return await S3ObjectStore.connect(storage, logger);
  } catch (error) {
    throw startupProblem(error);
  }
}

export interface SearchHandle {
  search: MeilisearchIndex;
  /** The bundled Meilisearch when this process runs it. */
  embedded?: EmbeddedMeilisearch;
  close(): Promise<void>;
}

/** Starts (or attaches to, or connects to) Meilisearch and returns the SearchIndex on it. */
export async function openSearch(config: Config, logger: Logger): Promise<SearchHandle> {
  const settings = config.search;
  let server: MeilisearchHandle | undefined;
  if (settings.kind === 'embedded') {
    try {
      server = await EmbeddedMeilisearch.attachOrStart({
        dataDir: settings.dataDir,
        masterKey: settings.masterKey,
        maxIndexingMemory: settings.maxIndexingMemory,
        maxIndexingThreads: settings.maxIndexingThreads,
        logger,
      });
    } catch (error) {
      throw startupProblem(error);
    }
  }
  const http = createKeepAliveHttpClient();
  const search = new MeilisearchIndex({
    url: server?.url ?? (settings.kind === 'external' ? settings.url : ''),
    apiKey: server?.masterKey ?? settings.masterKey,
    indexPrefix: settings.indexPrefix,
    httpClient: http.httpClient,
  });
  const close = async (): Promise<void> => {
    http.close();
    await server?.stop();
  };
  if (settings.kind === 'external') {
    // Give a server that is still starting a few seconds, then say which setting is wrong.
    let health = await search.health();
    const refusedKey = (): boolean => /invalid_api_key|missing_authorization/.test(health.reason ?? '');
    for (let waited = 0; !health.up && waited < 10_000 && !refusedKey(); waited += 500) {
      await new Promise((done) => setTimeout(done, 500));
      health = await search.health();
    }
    if (!health.up) {
      await close();
      throw new ConfigError([
        refusedKey()
          ? { variable: 'MEILI_MASTER_KEY', message: { 'zh-CN': `Meilisearch 拒绝了此密钥（${health.reason}）`, en: `Meilisearch refused this key (${health.reason})` } }
          : { variable: 'MEILI_URL', message: { 'zh-CN': `无法连接 ${settings.url}（${health.reason}）`, en: `cannot reach ${settings.url} (${health.reason})` } },
      ]);
    }
  }
  return { search, embedded: server?.embedded, close };
}

/** Turns an adapter's start-up failure into the setting a person must fix. */
function startupProblem(error: unknown): unknown {
  if (error instanceof EmbeddedMeilisearchError) {
    return new ConfigError([
      {
        variable: 'MEILI_URL',
        message: { 'zh-CN': `内置 Meilisearch 无法启动：${error.message}`, en: `the bundled Meilisearch could not start: ${error.message}` },
      },
    ]);
  }
  if (!(error instanceof StorageError)) return error;
  const byProblem: Record<string, { variable: string; zh: string }> = {
    unreachable: { variable: 'S3_ENDPOINT', zh: '无法连接存储服务' },
    no_such_bucket: { variable: 'S3_BUCKET', zh: '存储桶不存在' },
    access_denied: { variable: 'S3_ACCESS_KEY_ID', zh: '存储服务拒绝了访问密钥' },
    wrong_region: { variable: 'S3_REGION', zh: '存储桶位于其他区域' },
    not_writable: { variable: 'DATA_DIR', zh: '数据文件夹无法写入' },
  };
  const known = error.problem ? byProblem[error.problem] : undefined;
  return new ConfigError([
    { variable: known?.variable ?? 'STORAGE', message: { 'zh-CN': `${known?.zh ?? '存储无法使用'}：${error.message}`, en: error.message } },
  ]);
}
