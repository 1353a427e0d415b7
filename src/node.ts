/**
 * Node entry: builds the dependencies once (storage, search, logger), serves createApp on
 * @hono/node-server and shuts down in order: stop accepting, finish requests in flight, then stop
 * the bundled Meilisearch. Problems at start-up become ConfigErrors naming the setting to fix.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import { createApp, type AppDeps } from './app.ts';
import { nodeClientAddress } from './adapters/client-address.ts';
import type { EmbeddedMeilisearch } from './adapters/meilisearch/embedded-meilisearch.ts';
import { createNodeLogger, openSearch, openStore } from './adapters/node-services.ts';
import { sharpTileCompositor } from './adapters/sharp/tile-compositor.ts';
import { jiebaSegmenter } from './adapters/jieba/jieba-segmenter.ts';
import { npmNameData } from './adapters/name-data/name-data.ts';
import { folderAssets } from './adapters/fs/folder-assets.ts';
import { ConfigError, type Config, type ConfigProblem } from './env.ts';
import type { AssetSource, Logger, ObjectStore, SearchIndex } from './ports.ts';
import { fileURLToPath } from 'node:url';
import { version } from './version.ts';
import { Accounts } from './services/accounts.ts';
import { staffAuthenticator } from './services/authenticator.ts';
import { scryptPasswords } from './adapters/node-crypto/scrypt-passwords.ts';
import { IngestJobs } from './services/ingest-jobs.ts';
import { ensureSearchIndexes } from './services/search-indexes.ts';
import { storedSearchVocabulary } from './services/vocabularies.ts';
import { join } from 'node:path';

export interface RunningDifang {
  ingestJobs: IngestJobs;
  url: string;
  store: ObjectStore;
  search: SearchIndex;
  /** The bundled Meilisearch, when difang runs it. */
  embeddedSearch?: EmbeddedMeilisearch;
  logger: Logger;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then stops everything else. */
  close(graceMs?: number): Promise<void>;
}

/** Starts difang on Node: storage, search, the app, and the HTTP server. */
export { createNodeLogger } from './adapters/node-services.ts';

export async function startDifang(config: Config, logger: Logger = createNodeLogger(config)): Promise<RunningDifang> {
  const store = await openStore(config, logger);
  const searchHandle = await openSearch(config, logger);
  await ensureSearchIndexes(searchHandle.search, await storedSearchVocabulary(store));
  const ingestJobs = new IngestJobs(store, async (request, progress) => {
    const ocrProgress = { planned: progress.ocrPlanned, page: (outcome: { status: 'read' | 'kept' | 'failed' }) => progress.ocrPage(outcome.status) };
    if ('kind' in request) {
      const { runStoredOcr } = await import('../indexer/ocr/run-ocr.ts');
      return (await runStoredOcr({ store, search: searchHandle.search, logger }, request, ocrProgress)) as unknown as Record<string, unknown>;
    }
    const { ingestBatch } = await import('../indexer/pipeline/ingest-session.ts');
    const { safeBatchPath } = await import('../indexer/sources/batch-reader.ts');
    const source = request.source.startsWith('s3://') ? request.source : join(config.ingestRoot, safeBatchPath(request.source));
    const report = await ingestBatch(
      { store, search: searchHandle.search, logger, publicBaseUrl: config.publicBaseUrl, config },
      {
        source,
        concurrency: request.concurrency ?? 2,
        ...(request.title ? { title: request.title } : {}),
        ...(request.titleName ? { titleName: request.titleName } : {}),
        ...(request.date ? { date: request.date } : {}),
        ...(request.ocr ? { ocr: request.ocr } : {}),
      },
      { planned: progress.planned, page: (outcome) => progress.page(outcome.status), ocr: ocrProgress },
    );
    return report as unknown as Record<string, unknown>;
  });
  const deps: AppDeps = {
    store,
    search: searchHandle.search,
    logger,
    publicBaseUrl: config.publicBaseUrl,
    version,
    auth: staffAuthenticator(config.adminToken, new Accounts(store, scryptPasswords())),
    targets: config.targets,
    pageTextCacheBytes: config.pageTextCacheBytes,
    clientAddress: nodeClientAddress(config.trustProxy),
    compressResponses: true,
    ingestJobs,
    imageComposer: sharpTileCompositor,
    segmenter: jiebaSegmenter,
    nameData: npmNameData,
    ...(config.oaiAdminEmail ? { adminEmail: config.oaiAdminEmail } : {}),
    ...assetsOption(),
  };
  const app = createApp(deps);

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
  // PORT=0 lets the system choose; URLs that name the port (IIIF ids) must use the one it chose.
  if (config.port === 0 && deps.publicBaseUrl.endsWith(':0')) deps.publicBaseUrl = `http://${host}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    store,
    search: searchHandle.search,
    embeddedSearch: searchHandle.embedded,
    logger,
    ingestJobs,
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
        await ingestJobs.idle();
        await searchHandle.close();
        store.close?.();
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

/** The built reader assets (web/dist/static), when `npm run build:web` has made them. */
function assetsOption(): { assets?: AssetSource } {
  const assets = folderAssets(fileURLToPath(new URL('../web/dist/static', import.meta.url)));
  return assets ? { assets } : {};
}
