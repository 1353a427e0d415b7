/**
 * ObjectStore on any S3-compatible service (AWS S3, MinIO, Cloudflare R2, Aliyun OSS, s3rver)
 * through @aws-sdk/client-s3. Runs on Node and on Workers (no node: imports).
 *
 * Conditional writes use If-None-Match / If-Match (S3 PutObject and CompleteMultipartUpload).
 * Some S3-compatible servers ignore those headers; `connect` probes for that and, if so,
 * serializes conditional writes in this process (check, then write) and says so in the log.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { StorageError, type StorageProblem } from '../../errors.ts';
import type { BodyInput, ByteRange, KeyPage, ListPage, Logger, ObjectInfo, ObjectStore, PutOptions, ServiceHealth, StoredObject } from '../../ports.ts';
import { bytesIfInMemory, chunksOf } from '../body.ts';
import { KeyedMutex } from '../keyed-mutex.ts';
import { assertValidKey, assertValidPrefix, contentTypeForKey, reservedSegment } from '../object-key.ts';

export interface S3StoreOptions {
  endpoint?: string;
  region: string;
  bucket: string;
  /** Prepended to every key, e.g. "difang/" to share a bucket. */
  prefix: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Bodies larger than this go up as multipart uploads of parts this size (≥ 5 MiB). */
  partSize?: number;
  /** Milliseconds allowed for a health check or the start-up probe. */
  checkTimeoutMs?: number;
  /** Skip the start-up probe (it writes a small object) and assume this; for read-only use. */
  assumeConditionalWrites?: ConditionalWriteSupport;
}

/** Whether the server itself enforces If-None-Match / If-Match. */
export type ConditionalWriteSupport = 'enforced' | 'emulated';

const defaultPartSize = 8 * 1024 * 1024;

export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3';
  private readonly locks = new KeyedMutex();

  private constructor(
    private readonly client: S3Client,
    private readonly options: S3StoreOptions,
    readonly conditionalWrites: ConditionalWriteSupport,
  ) {}

  /** Makes a client, checks that the bucket is reachable and usable, and probes conditional writes. */
  static async connect(options: S3StoreOptions, logger?: Logger): Promise<S3ObjectStore> {
    const client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // With the SDK's default (WHEN_SUPPORTED) a streamed PutObject is sent aws-chunked with a
      // trailing checksum; some S3-compatible servers store those chunk frames inside the object.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
    const where = describe(options);
    try {
      await client.send(new HeadBucketCommand({ Bucket: options.bucket }), { abortSignal: AbortSignal.timeout(options.checkTimeoutMs ?? 10_000) });
    } catch (error) {
      client.destroy();
      throw connectError(error, where, options.bucket);
    }
    const support = options.assumeConditionalWrites ?? await probeConditionalWrites(client, options).catch((error: unknown) => {
      client.destroy();
      throw connectError(error, where, options.bucket);
    });
    if (support === 'emulated' && !options.assumeConditionalWrites) {
      logger?.log('warn', 'storage.conditional_writes_emulated', {
        store: where,
        message:
          '此 S3 服务忽略 If-None-Match / If-Match，条件写入改为在本进程内串行执行；请只运行一个写入进程。 | ' +
          'This S3 server ignores If-None-Match / If-Match; conditional writes are serialized in this process, so run only one writing process.',
      });
    }
    return new S3ObjectStore(client, options, support);
  }

  async get(key: string, options: { range?: ByteRange } = {}): Promise<StoredObject | null> {
    const range = options.range;
    if (range && (!Number.isInteger(range.offset) || range.offset < 0 || (range.length !== undefined && (!Number.isInteger(range.length) || range.length < 1)))) {
      throw new StorageError('invalid_range', `range ${range.offset}+${range.length ?? '*'} is not valid for ${key}`, { key });
    }
    try {
      const response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.fullKey(key),
          Range: range ? `bytes=${range.offset}-${range.length !== undefined ? range.offset + range.length - 1 : ''}` : undefined,
        }),
      );
      if (!response.Body) throw new StorageError('io', `no body returned for ${key}`, { key });
      const returned = range ? parseContentRange(response.ContentRange) : null;
      const info: ObjectInfo = {
        key,
        size: returned?.total ?? response.ContentLength ?? 0,
        etag: response.ETag ?? '',
        lastModified: response.LastModified ?? new Date(0),
        contentType: response.ContentType ?? contentTypeForKey(key),
      };
      const streamed = response.Body.transformToWebStream() as ReadableStream<Uint8Array>;
      const body = wholeOrFailed(streamed, key, returned?.length ?? response.ContentLength, describe(this.options));
      return { info, body, range: returned ? { offset: returned.offset, length: returned.length } : undefined };
    } catch (error) {
      if (isNotFound(error)) return null;
      if (statusOf(error) === 416) throw new StorageError('invalid_range', `range ${range?.offset}+${range?.length ?? '*'} is outside ${key}`, { key, cause: error });
      throw asStorageError(error, `cannot read ${key}`, key);
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const response = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.fullKey(key) }));
      return {
        key,
        size: response.ContentLength ?? 0,
        etag: response.ETag ?? '',
        lastModified: response.LastModified ?? new Date(0),
        contentType: response.ContentType ?? contentTypeForKey(key),
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw asStorageError(error, `cannot read ${key}`, key);
    }
  }

  async put(key: string, body: BodyInput, options: PutOptions = {}): Promise<ObjectInfo> {
    const fullKey = this.fullKey(key);
    const conditional = options.ifAbsent || options.ifMatch !== undefined;
    if (!conditional || this.conditionalWrites === 'enforced') return this.send(key, fullKey, body, options, true);
    // The server would ignore the headers: check and write under a lock instead.
    return this.locks.run(key, async () => {
      const current = await this.head(key);
      if (options.ifAbsent && current) throw new StorageError('precondition_failed', `${key} already exists`, { key });
      if (options.ifMatch !== undefined && current?.etag !== options.ifMatch) {
        throw new StorageError('precondition_failed', `${key} is at version ${current?.etag ?? '(absent)'}, not ${options.ifMatch}`, { key });
      }
      return this.send(key, fullKey, body, options, false);
    });
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.fullKey(key) }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw asStorageError(error, `cannot delete ${key}`, key);
    }
  }

  async list(prefix: string, options: { cursor?: string; pageSize?: number } = {}): Promise<ListPage> {
    assertValidPrefix(prefix);
    try {
      const response = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: this.options.prefix + prefix,
          ContinuationToken: options.cursor,
          MaxKeys: Math.max(1, Math.min(options.pageSize ?? 1000, 1000)),
        }),
      );
      const items = (response.Contents ?? [])
        .filter((item) => item.Key !== undefined)
        .map((item) => {
          const key = (item.Key ?? '').slice(this.options.prefix.length);
          return { key, size: item.Size ?? 0, etag: item.ETag ?? '', lastModified: item.LastModified ?? new Date(0), contentType: contentTypeForKey(key) };
        })
        .filter((item) => !item.key.startsWith(`${reservedSegment}/`));
      return response.IsTruncated && response.NextContinuationToken ? { items, cursor: response.NextContinuationToken } : { items };
    } catch (error) {
      throw asStorageError(error, `cannot list ${prefix || '/'}`, prefix);
    }
  }

  async listKeys(prefix: string, options: { cursor?: string; pageSize?: number } = {}): Promise<KeyPage> {
    const page = await this.list(prefix, options);
    return { keys: page.items.map((item) => item.key), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  async health(): Promise<ServiceHealth> {
    const started = performance.now();
    const detail = `s3:${describe(this.options)}`;
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }), {
        abortSignal: AbortSignal.timeout(this.options.checkTimeoutMs ?? 3000),
      });
      return { up: true, detail, latencyMs: performance.now() - started };
    } catch (error) {
      return { up: false, detail, latencyMs: performance.now() - started, reason: connectError(error, describe(this.options), this.options.bucket).message };
    }
  }

  /** Stops the client's connection pool (tests, shutdown). */
  close(): void {
    this.client.destroy();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private fullKey(key: string): string {
    return this.options.prefix + assertValidKey(key);
  }

  private async send(key: string, fullKey: string, body: BodyInput, options: PutOptions, withConditions: boolean): Promise<ObjectInfo> {
    const contentType = contentTypeForKey(key);
    const conditions: Pick<PutObjectCommandInput, 'IfNoneMatch' | 'IfMatch'> = withConditions
      ? { IfNoneMatch: options.ifAbsent ? '*' : undefined, IfMatch: options.ifMatch }
      : {};
    const partSize = this.options.partSize ?? defaultPartSize;
    try {
      const bytes = bytesIfInMemory(body);
      if (bytes && bytes.byteLength <= partSize) {
        const response = await this.client.send(
          new PutObjectCommand({ Bucket: this.options.bucket, Key: fullKey, Body: bytes, ContentLength: bytes.byteLength, ContentType: contentType, ...conditions }),
        );
        return { key, size: bytes.byteLength, etag: response.ETag ?? '', lastModified: new Date(), contentType };
      }
      // Streams (and large buffers) go up in parts; only `partSize` bytes are held at a time per part.
      let size = 0;
      const counted = countingStream(body, (n) => (size += n));
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.options.bucket, Key: fullKey, Body: counted, ContentType: contentType, ...conditions },
        partSize,
        queueSize: 2,
        leavePartsOnError: false,
      });
      const response = await upload.done();
      return { key, size, etag: response.ETag ?? '', lastModified: new Date(), contentType };
    } catch (error) {
      const status = statusOf(error);
      if (status === 412 || status === 409 || nameOf(error) === 'PreconditionFailed') {
        throw new StorageError('precondition_failed', `${key} did not match the expected version`, { key, cause: error, retryable: status === 409 });
      }
      throw asStorageError(error, `cannot write ${key}`, key);
    }
  }
}

/** Writes a probe object twice under If-None-Match: * and once under a wrong If-Match; a store that accepts either ignores conditions. */
async function probeConditionalWrites(client: S3Client, options: S3StoreOptions): Promise<ConditionalWriteSupport> {
  const key = `${options.prefix}${reservedSegment}/probe/${crypto.randomUUID()}`;
  const put = async (conditions: Pick<PutObjectCommandInput, 'IfNoneMatch' | 'IfMatch'>): Promise<'written' | 'refused'> => {
    try {
      await client.send(new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: 'probe', ContentLength: 5, ...conditions }), {
        abortSignal: AbortSignal.timeout(options.checkTimeoutMs ?? 10_000),
      });
      return 'written';
    } catch (error) {
      const status = statusOf(error);
      if (status === 412 || status === 409 || status === 501 || status === 400) return 'refused';
      throw error;
    }
  };
  try {
    if ((await put({ IfNoneMatch: '*' })) === 'refused') return 'emulated'; // does not understand the header at all
    const second = await put({ IfNoneMatch: '*' });
    const wrongMatch = await put({ IfMatch: '"difang-probe-no-such-version"' });
    return second === 'refused' && wrongMatch === 'refused' ? 'enforced' : 'emulated';
  } finally {
    await client.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: key })).catch(() => {});
  }
}

/** Wraps a body so the bytes passing through are counted, as a web stream the SDK can upload. */
function countingStream(body: BodyInput, count: (bytes: number) => void): ReadableStream<Uint8Array> {
  const chunks = chunksOf(body);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) {
          controller.close();
          return;
        }
        count(value.byteLength);
        controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel(reason) {
      await chunks.throw(reason).catch(() => {});
    },
  });
}

function parseContentRange(header: string | undefined): { offset: number; length: number; total: number } | null {
  const match = header ? /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header) : null;
  if (!match) return null;
  const [offset, end] = [Number(match[1]), Number(match[2])];
  return { offset, length: end - offset + 1, total: match[3] === '*' ? end + 1 : Number(match[3]) };
}

function describe(options: S3StoreOptions): string {
  return `${options.endpoint ?? `https://s3.${options.region}.amazonaws.com`}/${options.bucket}${options.prefix ? `/${options.prefix}` : ''}`;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function nameOf(error: unknown): string | undefined {
  return (error as { name?: string })?.name;
}

function isNotFound(error: unknown): boolean {
  const name = nameOf(error);
  return name === 'NoSuchKey' || name === 'NotFound' || (error instanceof S3ServiceException && statusOf(error) === 404 && name !== 'NoSuchBucket');
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET']);

function networkReason(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: string }).code;
    if (code && networkCodes.has(code)) return code;
    const name = nameOf(current);
    if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  }
  return null;
}

/**
 * The body as the server sends it, failed as `unavailable` if the connection breaks or the body
 * ends short: a server that dies mid-answer must never hand over half an object (half a record
 * would then be read as a damaged one).
 */
function wholeOrFailed(source: ReadableStream<Uint8Array>, key: string, expected: number | undefined, where: string): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let received = 0;
  const broken = (detail: string, cause?: unknown) => new StorageError('unavailable', `cannot read ${key}: ${where} ${detail}`, { key, problem: 'unreachable', ...(cause ? { cause } : {}) });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        controller.error(broken('broke off the answer', error));
        return;
      }
      if (next.done) {
        if (expected !== undefined && received < expected) controller.error(broken(`stopped after ${received} of ${expected} bytes`));
        else controller.close();
        return;
      }
      received += next.value.byteLength;
      controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function asStorageError(error: unknown, message: string, key: string): StorageError {
  if (error instanceof StorageError) return error;
  const network = networkReason(error);
  if (network) return new StorageError('unavailable', `${message}: storage unreachable (${network})`, { key, cause: error, problem: 'unreachable' });
  const status = statusOf(error);
  const name = nameOf(error) ?? 'error';
  if (status !== undefined && status >= 500) return new StorageError('unavailable', `${message}: ${name} (${status})`, { key, cause: error });
  if (name === 'NoSuchBucket') return new StorageError('misconfigured', `${message}: the bucket does not exist`, { key, cause: error, problem: 'no_such_bucket' });
  if (status === 403) return new StorageError('misconfigured', `${message}: access denied (${name})`, { key, cause: error, problem: 'access_denied' });
  return new StorageError('io', `${message}: ${name}${status ? ` (${status})` : ''}`, { key, cause: error });
}

/** Explains why a store cannot be used, in terms of the setting to fix. */
function connectError(error: unknown, where: string, bucket: string): StorageError {
  if (error instanceof StorageError) return error;
  const network = networkReason(error);
  if (network) return new StorageError('unavailable', `cannot reach ${where} (${network})`, { cause: error, problem: 'unreachable' });
  const status = statusOf(error);
  const name = nameOf(error) ?? 'error';
  const problem: StorageProblem | undefined =
    status === 404 || name === 'NoSuchBucket' || name === 'NotFound'
      ? 'no_such_bucket'
      : status === 403 || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch' || name === 'AccessDenied'
        ? 'access_denied'
        : status === 301 || name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed'
          ? 'wrong_region'
          : undefined;
  const what =
    problem === 'no_such_bucket'
      ? `bucket "${bucket}" does not exist at ${where}`
      : problem === 'access_denied'
        ? `${where} refused the credentials (${name})`
        : problem === 'wrong_region'
          ? `bucket "${bucket}" is in another region (${name})`
          : `${where} answered ${name}${status ? ` (${status})` : ''}`;
  return new StorageError(problem ? 'misconfigured' : 'unavailable', what, { cause: error, problem });
}
