/**
 * One table of error codes: what each means to a person (zh-CN, en) and which HTTP status it has.
 * Adapter errors (StorageError, SearchError) carry a cause and whether a retry may help, never a
 * status; the app's onError maps them through this table.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Text } from './i18n.ts';

export const errorTable = {
  bad_request: { status: 400, text: { 'zh-CN': '请求有误', en: 'The request is not valid' } },
  unauthorized: { status: 401, text: { 'zh-CN': '请先登录', en: 'Please sign in' } },
  forbidden: { status: 403, text: { 'zh-CN': '没有权限执行此操作', en: 'You are not allowed to do this' } },
  not_found: { status: 404, text: { 'zh-CN': '找不到所请求的内容', en: 'Nothing was found at this address' } },
  method_not_allowed: { status: 405, text: { 'zh-CN': '不支持此请求方法', en: 'This method is not allowed here' } },
  conflict: { status: 409, text: { 'zh-CN': '与已有内容冲突', en: 'This conflicts with what is already stored' } },
  precondition_failed: {
    status: 412,
    text: { 'zh-CN': '记录已被他人修改，请刷新后再保存', en: 'The record was changed by someone else; reload it before saving' },
  },
  payload_too_large: { status: 413, text: { 'zh-CN': '上传内容过大', en: 'The upload is too large' } },
  unsupported_media_type: { status: 415, text: { 'zh-CN': '不支持此文件类型', en: 'This file type is not supported' } },
  range_not_satisfiable: { status: 416, text: { 'zh-CN': '请求的字节范围无效', en: 'The requested byte range is not available' } },
  rate_limited: { status: 429, text: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; try again shortly' } },
  internal: { status: 500, text: { 'zh-CN': '服务器内部错误', en: 'Something went wrong on the server' } },
  record_corrupt: {
    status: 500,
    text: { 'zh-CN': '此记录在存储中已损坏，管理员可用 difang verify 查出并从备份恢复', en: 'This record is damaged in storage; an administrator can find it with difang verify and restore it from a backup' },
  },
  not_implemented: { status: 501, text: { 'zh-CN': '此处不提供该功能', en: 'This is not available here' } },
  storage_unavailable: { status: 503, text: { 'zh-CN': '存储暂时不可用，请稍后再试', en: 'Storage is unavailable; try again shortly' } },
  search_unavailable: { status: 503, text: { 'zh-CN': '检索服务暂时不可用，请稍后再试', en: 'Search is unavailable; try again shortly' } },
  busy: { status: 503, text: { 'zh-CN': '服务器繁忙，请稍后再试', en: 'The server is busy; try again shortly' } },
} as const satisfies Record<string, { status: ContentfulStatusCode; text: Text }>;

export type ErrorCode = keyof typeof errorTable;

/** An error meant for the client: a code from the table, an optional more specific message. */
export class AppError extends HTTPException {
  readonly code: ErrorCode;
  readonly detail?: Text;
  /** Seconds after which a retry may succeed (sent as Retry-After). */
  readonly retryAfter?: number;

  constructor(code: ErrorCode, options: { detail?: Text; cause?: unknown; retryAfter?: number } = {}) {
    super(errorTable[code].status, { message: options.detail?.en ?? errorTable[code].text.en, cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = options.detail;
    this.retryAfter = options.retryAfter;
  }
}

/** What went wrong in object storage, independent of the adapter. */
export type StorageErrorCode =
  | 'invalid_key'
  | 'not_found'
  | 'precondition_failed'
  | 'invalid_range'
  | 'unavailable'
  | 'misconfigured'
  /** A stored record that cannot be read back (bad JSON, or not the shape it should have). */
  | 'corrupt'
  | 'io';

/** Which part of a store's configuration is at fault, when that is known (for start-up messages). */
export type StorageProblem = 'unreachable' | 'no_such_bucket' | 'access_denied' | 'wrong_region' | 'not_writable';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly retryable: boolean;
  readonly key?: string;
  readonly problem?: StorageProblem;

  constructor(
    code: StorageErrorCode,
    message: string,
    options: { key?: string; cause?: unknown; retryable?: boolean; problem?: StorageProblem } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'StorageError';
    this.code = code;
    this.key = options.key;
    this.problem = options.problem;
    this.retryable = options.retryable ?? code === 'unavailable';
  }
}

/** What went wrong in the search engine, independent of the adapter. */
export type SearchErrorCode = 'unavailable' | 'timeout' | 'invalid_request' | 'index_not_found' | 'misconfigured' | 'task_failed' | 'internal';

export class SearchError extends Error {
  readonly code: SearchErrorCode;
  readonly retryable: boolean;

  constructor(code: SearchErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = 'SearchError';
    this.code = code;
    this.retryable = options.retryable ?? (code === 'unavailable' || code === 'timeout');
  }
}

/** Maps any error to the code and status the client sees. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof StorageError) {
    switch (error.code) {
      case 'not_found':
        return new AppError('not_found', { cause: error });
      case 'precondition_failed':
        return new AppError('precondition_failed', { cause: error });
      case 'invalid_key':
        return new AppError('bad_request', { cause: error });
      case 'invalid_range':
        return new AppError('range_not_satisfiable', { cause: error });
      case 'corrupt':
        return new AppError('record_corrupt', { cause: error, ...(error.key ? { detail: { 'zh-CN': `记录 ${error.key} 在存储中已损坏，管理员可用 difang verify 查出并从备份恢复`, en: `the record ${error.key} is damaged in storage; an administrator can find it with difang verify and restore it from a backup` } } : {}) });
      case 'unavailable':
        return new AppError('storage_unavailable', { cause: error, retryAfter: 5 });
      default:
        return new AppError('internal', { cause: error });
    }
  }
  if (error instanceof SearchError) {
    switch (error.code) {
      case 'unavailable':
      case 'timeout':
        return new AppError('search_unavailable', { cause: error, retryAfter: 5 });
      case 'invalid_request':
        return new AppError('bad_request', { cause: error });
      default:
        return new AppError('internal', { cause: error });
    }
  }
  if (error instanceof HTTPException) {
    const code = (Object.keys(errorTable) as ErrorCode[]).find((c) => errorTable[c].status === error.status) ?? 'internal';
    return new AppError(code, { cause: error });
  }
  return new AppError('internal', { cause: error });
}
