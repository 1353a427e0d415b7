/**
 * Cloudflare Workers entry: the same app, with storage through the S3 API (R2 speaks it) and
 * Meilisearch by URL. Dependencies are built once per isolate from the bindings. Staff sign in
 * with the accounts in storage (scrypt from node:crypto, which workerd provides under
 * nodejs_compat). Ingest, which needs sharp, runs on Node with the indexer; nothing else here may
 * import node: modules.
 */
import type { Hono } from 'hono';
import { createApp } from './app.ts';
import { workersClientAddress } from './adapters/client-address.ts';
import type { AppEnv } from './app-env.ts';
import { MeilisearchIndex } from './adapters/meilisearch/meilisearch-index.ts';
import { S3ObjectStore } from './adapters/s3/s3-object-store.ts';
import { ConfigError, parseEnv } from './env.ts';
import { createLogger } from './logger.ts';
import { version } from './version.ts';
import { staffAuthenticator } from './services/authenticator.ts';
import { Accounts } from './services/accounts.ts';
import { scryptPasswords } from './adapters/node-crypto/scrypt-passwords.ts';

type Bindings = Record<string, unknown>;

let ready: Promise<Hono<AppEnv>> | null = null;

async function build(bindings: Bindings): Promise<Hono<AppEnv>> {
  const strings = Object.fromEntries(Object.entries(bindings).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const config = parseEnv(strings);
  const problems = [
    ...(config.storage.kind !== 's3' ? [{ variable: 'STORAGE', message: { 'zh-CN': 'Workers 上须为 s3', en: 'must be s3 on Workers' } }] : []),
    ...(config.search.kind !== 'external' ? [{ variable: 'MEILI_URL', message: { 'zh-CN': 'Workers 上必须设置', en: 'must be set on Workers' } }] : []),
  ];
  if (problems.length > 0 || config.storage.kind !== 's3' || config.search.kind !== 'external') throw new ConfigError(problems);
  const logger = createLogger({ level: config.log.level, format: 'json', write: (line) => console.log(line) });
  const store = await S3ObjectStore.connect(config.storage, logger);
  const search = new MeilisearchIndex({ url: config.search.url, apiKey: config.search.masterKey, indexPrefix: config.search.indexPrefix });
  return createApp({ store, search, logger, publicBaseUrl: config.publicBaseUrl, version, auth: staffAuthenticator(config.adminToken, new Accounts(store, scryptPasswords())), targets: config.targets, pageTextCacheBytes: config.pageTextCacheBytes, clientAddress: workersClientAddress, ...(config.oaiAdminEmail ? { adminEmail: config.oaiAdminEmail } : {}) });
}

export default {
  async fetch(request: Request, bindings: Bindings, context: unknown): Promise<Response> {
    ready ??= build(bindings).catch((error: unknown) => {
      ready = null; // try again on the next request, the binding may have been fixed
      throw error;
    });
    try {
      const app = await ready;
      return await app.fetch(request, bindings, context as never);
    } catch (error) {
      const detail = error instanceof ConfigError ? error.problems.map((p) => `${p.variable}: ${p.message.en}`).join('; ') : (error as Error).message;
      console.error(JSON.stringify({ level: 'error', event: 'worker.start_failed', detail }));
      return Response.json({ error: { code: 'internal', message: 'difang 配置有误 | difang is misconfigured', detail } }, { status: 500 });
    }
  },
};
