/**
 * Where a batch comes from: a local folder or an S3 prefix, read-only. Paths are relative to the
 * batch root and "/"-separated; anything that would lead outside the root is refused.
 */
import { posix } from 'node:path';
import { inputError } from '../readers/input-error.ts';

export interface BatchFile {
  path: string;
  size: number;
}

export interface BatchReader {
  /** "folder /srv/scans/batch-7" or "s3://bucket/prefix/", for reports. */
  readonly description: string;
  list(): AsyncIterable<BatchFile>;
  readBytes(path: string): Promise<Uint8Array>;
  /** The first bytes of a file (to sniff its kind without reading it all). */
  readHead(path: string, length: number): Promise<Uint8Array>;
  exists(path: string): Promise<boolean>;
  /** A local file holding the file's bytes (the file itself, or a temporary copy). */
  localFile(path: string): Promise<{ path: string; release: () => Promise<void> }>;
  close(): Promise<void>;
}

/** A path inside the batch, refusing absolute paths, "..", NUL and backslashes. */
export function safeBatchPath(path: string, origin?: string): string {
  const problem =
    path.includes('\0') ? 'contains a NUL byte'
    : path.includes('\\') ? 'contains a backslash'
    : path.startsWith('/') || /^[A-Za-z]:/.test(path) ? 'is absolute'
    : /^[a-z][a-z0-9+.-]*:/i.test(path) ? 'is a URL'
    : null;
  const normalized = problem ? '' : posix.normalize(path);
  if (problem || normalized.startsWith('../') || normalized === '..' || normalized === '.' || normalized === '') {
    const why = problem ?? 'leads outside the batch';
    throw inputError('unsafe_path', `路径 “${path}” 不安全（${translate(why)}），已拒绝`, `the path "${path}" ${why}; refused`, origin);
  }
  return normalized;
}

/** Resolves `href` (as written in `fromFile`, e.g. a METS file) to a path inside the batch. */
export function resolveWithin(fromFile: string, href: string): string {
  if (href.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(href)) return safeBatchPath(href, fromFile);
  return safeBatchPath(posix.join(posix.dirname(fromFile), href), fromFile);
}

function translate(why: string): string {
  return { 'contains a NUL byte': '含 NUL 字符', 'contains a backslash': '含反斜杠', 'is absolute': '是绝对路径', 'is a URL': '是网址', 'leads outside the batch': '指向批次目录之外' }[why] ?? why;
}
