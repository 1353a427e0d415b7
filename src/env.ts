/**
 * Configuration: one zod schema over the environment, parsed once at start-up (never at import
 * time). Every problem names the variable and what is wrong with it; .env.example documents them.
 */
import { z } from 'zod';
import type { S3StoreOptions } from './adapters/s3/s3-object-store.ts';
import type { Text } from './i18n.ts';

const booleanWords: Record<string, boolean> = { true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false };

/** zod issue messages are keyed by variable; each carries both languages joined as "中文 | English". */
const say = (zh: string, en: string): string => `${zh} | ${en}`;

const optionalText = z.string().trim().min(1).optional();

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, say('须为以 http:// 或 https:// 开头的完整网址', 'must be a full URL starting with http:// or https://'));

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => value in booleanWords, say('须为 true 或 false', 'must be true or false'))
  .transform((value) => booleanWords[value] === true);

/** Byte sizes as Meilisearch reads them (e.g. "1 GiB", "512Mb"). */
const byteSize = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?\s*(B|[KMGT]i?B|[KMGT]b)?$/i, say('须为字节数，如 "1 GiB" 或 "512 MiB"', 'must be a size such as "1 GiB" or "512 MiB"'));

const unitBytes: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** A byteSize's number of bytes ("64 MiB" → 67108864; KB and KiB alike, as Meilisearch reads them). */
export function bytesIn(size: string): number {
  const [, number, unit] = /^(\d+(?:\.\d+)?)\s*([KMGT]?)/i.exec(size.trim()) ?? [];
  return Math.round(Number(number) * (unitBytes[(unit ?? '').toLowerCase()] ?? 1));
}

export const envSchema = z
  .object({
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    PORT: z.coerce
      .number({ error: say('须为 0–65535 的整数', 'must be an integer from 0 to 65535') })
      .int(say('须为 0–65535 的整数', 'must be an integer from 0 to 65535'))
      .min(0, say('须为 0–65535 的整数', 'must be an integer from 0 to 65535'))
      .max(65535, say('须为 0–65535 的整数', 'must be an integer from 0 to 65535'))
      .default(3000),
    PUBLIC_BASE_URL: httpUrl.optional(),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    STORAGE: z.enum(['fs', 's3'], { error: say('须为 fs（本地文件夹）或 s3', 'must be fs (local folder) or s3') }).default('fs'),
    S3_ENDPOINT: httpUrl.optional(),
    S3_REGION: z.string().trim().min(1).default('us-east-1'),
    S3_BUCKET: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, say('不是合法的存储桶名（3–63 位小写字母、数字、点和连字符）', 'is not a valid bucket name (3–63 lowercase letters, digits, dots and hyphens)'))
      .optional(),
    S3_PREFIX: z
      .string()
      .trim()
      .regex(/^([A-Za-z0-9._-]+\/)*$/, say('须为以 / 结尾的路径前缀，如 "difang/"', 'must be a key prefix ending in /, such as "difang/"'))
      .optional(),
    S3_ACCESS_KEY_ID: optionalText,
    S3_SECRET_ACCESS_KEY: optionalText,
    S3_FORCE_PATH_STYLE: flag.optional(),
    MEILI_URL: httpUrl.optional(),
    MEILI_MASTER_KEY: z
      .string()
      .min(16, say('至少 16 个字节（Meilisearch 生产模式的要求）', 'must be at least 16 bytes (Meilisearch production mode requires it)'))
      .optional(),
    MEILI_INDEX_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]*$/, say('只能包含字母、数字、_ 和 -', 'may contain only letters, digits, _ and -'))
      .default(''),
    MEILI_MAX_INDEXING_MEMORY: byteSize.default('1 GiB'),
    MEILI_MAX_INDEXING_THREADS: z.coerce.number({ error: say('须为正整数', 'must be a positive whole number') }).int().positive().optional(),
    PAGE_TEXT_CACHE: byteSize.default('64 MiB'),
    INGEST_ROOT: z.string().trim().min(1).optional(),
    TRUST_PROXY: flag.default(false),
    ADMIN_TOKEN: z
      .string()
      .min(24, say('至少 24 个字符（请用随机生成的口令）', 'must be at least 24 characters (use a randomly generated secret)'))
      .optional(),
    CATALOG_TARGET_PAGES: z.coerce.number({ error: say('须为正整数', 'must be a positive whole number') }).int().positive().default(10_000),
    CATALOG_TARGET_ARTICLES: z.coerce.number({ error: say('须为正整数', 'must be a positive whole number') }).int().positive().default(27_000),
    OAI_ADMIN_EMAIL: z.email(say('须为电子邮件地址', 'must be an e-mail address')).optional(),
    DEMO_DATA: z.enum(['auto', 'off'], { error: say('须为 auto 或 off', 'must be auto or off') }).default('auto'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { error: say('须为 debug、info、warn 或 error', 'must be debug, info, warn or error') }).default('info'),
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty'], { error: say('须为 auto、json 或 pretty', 'must be auto, json or pretty') }).default('auto'),
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE === 's3' && !env.S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: say('STORAGE=s3 时必须设置', 'must be set when STORAGE=s3') });
    }
    if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      const missing = env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
      ctx.addIssue({ code: 'custom', path: [missing], message: say('访问密钥须成对设置', 'must be set together with its pair') });
    }
  });

export type StorageConfig = { kind: 'fs'; root: string } | ({ kind: 's3' } & Omit<S3StoreOptions, 'partSize' | 'checkTimeoutMs'>);

export type SearchConfig =
  /** Meilisearch run by difang itself from the bundled binary. */
  | { kind: 'embedded'; dataDir: string; masterKey?: string; maxIndexingMemory: string; maxIndexingThreads?: number; indexPrefix: string }
  /** A Meilisearch server somebody else runs. */
  | { kind: 'external'; url: string; masterKey?: string; indexPrefix: string };

export interface Config {
  host: string;
  port: number;
  /** Where readers reach difang; IIIF ids and citations are built on it. */
  publicBaseUrl: string;
  dataDir: string;
  storage: StorageConfig;
  /** How to reach S3 (S3_ENDPOINT, S3_REGION, credentials), also for s3:// batches when storage is fs. */
  s3Connection: Omit<S3StoreOptions, 'bucket' | 'prefix'>;
  search: SearchConfig;
  log: { level: 'debug' | 'info' | 'warn' | 'error'; format: 'auto' | 'json' | 'pretty' };
  /** Folder under which POST /api/ingest may read batches (paths in requests are relative to it). */
  ingestRoot: string;
  /** A reverse proxy in front appends the client's address to X-Forwarded-For (take it from there). */
  trustProxy: boolean;
  /** Bootstrap administrator credential for the API (Authorization: Bearer …); unset = none. */
  adminToken?: string;
  /** What the cataloguing dashboard measures progress against (版 pages, 条 article records). */
  targets: { pages: number; articles: number };
  /** Contact address OAI-PMH Identify gives harvesters. */
  oaiAdminEmail?: string;
  /** auto: ingest the demonstration batches when storage is empty; off: never. */
  demoData: 'auto' | 'off';
  /** Memory for the page texts search reads to place hits on pages (the most recently used are kept). */
  pageTextCacheBytes: number;
}

/** One configuration problem, tied to the variable that causes it. */
export interface ConfigProblem {
  variable: string;
  message: Text;
  received?: string;
}

/** Thrown when the configuration cannot be used; the CLI prints `problems`, never a stack trace. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.variable}: ${p.message.en}`).join('; '));
    this.name = 'ConfigError';
  }
}

/** Parses configuration from an environment record (process.env on Node, bindings on Workers). */
export function parseEnv(record: Record<string, string | undefined>): Config {
  // An empty value in a .env file means "not set", as in most tools that read one.
  const present = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '?');
        return { variable, message: splitMessage(issue.message), received: present[variable] };
      }),
    );
  }
  const env = parsed.data;
  const s3Connection = {
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    // Third-party stores (MinIO, s3rver, OSS) mostly need path-style addressing; AWS does not.
    forcePathStyle: env.S3_FORCE_PATH_STYLE ?? env.S3_ENDPOINT !== undefined,
    credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
  };
  const browsableHost = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  return {
    host: env.HOST,
    port: env.PORT,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://${browsableHost}:${env.PORT}`).replace(/\/+$/, ''),
    dataDir: env.DATA_DIR,
    storage: env.STORAGE === 's3' ? { kind: 's3', ...s3Connection, bucket: env.S3_BUCKET ?? '', prefix: env.S3_PREFIX ?? '' } : { kind: 'fs', root: `${env.DATA_DIR.replace(/\/+$/, '')}/objects` },
    s3Connection,
    search: env.MEILI_URL
      ? { kind: 'external', url: env.MEILI_URL.replace(/\/+$/, ''), masterKey: env.MEILI_MASTER_KEY, indexPrefix: env.MEILI_INDEX_PREFIX }
      : {
          kind: 'embedded',
          dataDir: `${env.DATA_DIR.replace(/\/+$/, '')}/meilisearch`,
          masterKey: env.MEILI_MASTER_KEY,
          maxIndexingMemory: env.MEILI_MAX_INDEXING_MEMORY,
          ...(env.MEILI_MAX_INDEXING_THREADS ? { maxIndexingThreads: env.MEILI_MAX_INDEXING_THREADS } : {}),
          indexPrefix: env.MEILI_INDEX_PREFIX,
        },
    log: { level: env.LOG_LEVEL, format: env.LOG_FORMAT },
    ingestRoot: env.INGEST_ROOT ?? `${env.DATA_DIR.replace(/\/+$/, '')}/incoming`,
    adminToken: env.ADMIN_TOKEN,
    targets: { pages: env.CATALOG_TARGET_PAGES, articles: env.CATALOG_TARGET_ARTICLES },
    ...(env.OAI_ADMIN_EMAIL ? { oaiAdminEmail: env.OAI_ADMIN_EMAIL } : {}),
    demoData: env.DEMO_DATA,
    pageTextCacheBytes: bytesIn(env.PAGE_TEXT_CACHE),
    trustProxy: env.TRUST_PROXY,
  };
}

function splitMessage(message: string): Text {
  const [zh, en] = message.split(' | ');
  // zod's own messages (e.g. for a missing enum value) come in English only.
  return en === undefined ? { 'zh-CN': message, en: message } : { 'zh-CN': zh ?? message, en };
}
