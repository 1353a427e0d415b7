/**
 * Node entry: builds the dependencies once (storage, search, logger), serves createApp on
 * @hono/node-server and shuts down in order: stop accepting, finish requests in flight, then stop
 * the bundled Meilisearch. Problems at start-up become ConfigErrors naming the setting to fix.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { FsObjectStore } from './adapters/fs/fs-object-store.ts';
import { EmbeddedMeilisearch, EmbeddedMeilisearchError } from './adapters/meilisearch/embedded-meilisearch.ts';
import { MeilisearchIndex } from './adapters/meilisearch/meilisearch-index.ts';
import { createKeepAliveHttpClient } from './adapters/meilisearch/node-http-client.ts';
import { S3ObjectStore } from './adapters/s3/s3-object-store.ts';
import { ConfigError, type Config, type ConfigProblem } from './env.ts';
import { StorageError } from './errors.ts';
import { createLogger } from './logger.ts';
import type { Logger, ObjectStore, SearchIndex } from './ports.ts';
import { version } from './version.ts';

export interface RunningDifang {
  url: string;
  store: ObjectStore;
  search: SearchIndex;
  /** The bundled Meilisearch, when difang runs it. */
  embeddedSearch?: EmbeddedMeilisearch;
  logger: Logger;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then stops everything else. */
  close(graceMs?: number): Promise<void>;
}

export function createNodeLogger(config: Config): Logger {
  const format = config.log.format === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : config.log.format;
  return createLogger({
    level: config.log.level,
    format,
    write: (line, level) => (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`),
  });
}

export async function openStore(config: Config, logger: Logger): Promise<ObjectStore> {
  const storage = config.storage;
  try {
    if (storage.kind === 'fs') return await FsObjectStore.open(storage.root);
    return await S3ObjectStore.connect(storage, logger);
  } catch (error) {
    throw startupProblem(error);
  }
}

/** Starts (or connects to) Meilisearch and returns the SearchIndex with what must be stopped later. */
export async function openSearch(config: Config, logger: Logger): Promise<{ search: MeilisearchIndex; embedded?: EmbeddedMeilisearch; close: () => Promise<void> }> {
  const settings = config.search;
  let embedded: EmbeddedMeilisearch | undefined;
  if (settings.kind === 'embedded') {
    try {
      embedded = await EmbeddedMeilisearch.start({
        dataDir: settings.dataDir,
        masterKey: settings.masterKey,
        maxIndexingMemory: settings.maxIndexingMemory,
        logger,
      });
    } catch (error) {
      throw startupProblem(error);
    }
  }
  const http = createKeepAliveHttpClient();
  const search = new MeilisearchIndex({
    url: embedded?.url ?? (settings.kind === 'external' ? settings.url : ''),
    apiKey: embedded?.masterKey ?? settings.masterKey,
    indexPrefix: settings.indexPrefix,
    httpClient: http.httpClient,
  });
  const close = async (): Promise<void> => {
    http.close();
    await embedded?.stop();
  };
  if (settings.kind === 'external') {
    // Give a server that is still starting a few seconds, then say which setting is wrong.
    let health = await search.health();
    for (let waited = 0; !health.up && waited < 10_000 && !/invalid_api_key|missing_authorization|\(401\)|\(403\)/.test(health.reason ?? ''); waited += 500) {
      await new Promise((done) => setTimeout(done, 500));
      health = await search.health();
    }
    if (!health.up) {
      await close();
      const keyProblem = /invalid_api_key|missing_authorization/.test(health.reason ?? '');
      throw new ConfigError([
        keyProblem
          ? { variable: 'MEILI_MASTER_KEY', message: { 'zh-CN': `Meilisearch 拒绝了此密钥（${health.reason}）`, en: `Meilisearch refused this key (${health.reason})` } }
          : { variable: 'MEILI_URL', message: { 'zh-CN': `无法连接 ${settings.url}（${health.reason}）`, en: `cannot reach ${settings.url} (${health.reason})` } },
      ]);
    }
  }
  return { search, embedded, close };
}

/** Starts difang on Node: storage, search, the app, and the HTTP server. */
export async function startDifang(config: Config, logger: Logger = createNodeLogger(config)): Promise<RunningDifang> {
  const store = await openStore(config, logger);
  const searchHandle = await openSearch(config, logger);
  const app = createApp({ store, search: searchHandle.search, logger, publicBaseUrl: config.publicBaseUrl, version });

  let server: ServerType;
  try {
    server = await listen(app.fetch, config);
  } catch (error) {
    await searchHandle.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    store,
    search: searchHandle.search,
    embeddedSearch: searchHandle.embedded,
    logger,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        const http = server as Server;
        const stopped = new Promise<void>((done) => http.close(() => done()));
        // Connections that finish their request after close() go idle but stay open until the
        // keep-alive timeout; close them as they go idle, and everything after the grace period.
        http.closeIdleConnections();
        const sweep = setInterval(() => http.closeIdleConnections(), 50);
        const force = setTimeout(() => http.closeAllConnections(), graceMs);
        await stopped;
        clearInterval(sweep);
        clearTimeout(force);
        await searchHandle.close();
        if (store instanceof S3ObjectStore) store.close();
        logger.log('info', 'server.stopped');
      })();
      return closing;
    },
  };
}

function listen(fetch: (request: Request) => Response | Promise<Response>, config: Config): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: config.host, port: config.port }, () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      const problem: ConfigProblem =
        error.code === 'EADDRINUSE'
          ? { variable: 'PORT', message: { 'zh-CN': `端口 ${config.port} 已被占用`, en: `port ${config.port} is already in use` } }
          : error.code === 'EACCES'
            ? { variable: 'PORT', message: { 'zh-CN': `没有权限使用端口 ${config.port}`, en: `not allowed to listen on port ${config.port}` } }
            : { variable: 'HOST', message: { 'zh-CN': `无法在 ${config.host} 上监听（${error.code}）`, en: `cannot listen on ${config.host} (${error.code})` } };
      reject(new ConfigError([problem]));
    });
  });
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
