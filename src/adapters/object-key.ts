/**
 * What an object key may be, for every ObjectStore adapter alike: "/"-separated segments, none
 * empty, "." or "..", no control characters or backslashes, so that no key can name anything
 * outside the store's root on a file system, and every adapter accepts and refuses the same keys.
 */
import { StorageError } from '../errors.ts';

/** The first segment reserved for an adapter's own scratch files (temporary writes, locks). */
export const reservedSegment = '.difang';

const maxKeyBytes = 1024;
const maxSegmentBytes = 255;
const encoder = new TextEncoder();

/** Throws StorageError('invalid_key') naming the problem; returns the key unchanged otherwise. */
export function assertValidKey(key: string): string {
  const problem = keyProblem(key, false);
  if (problem) throw new StorageError('invalid_key', `invalid object key ${JSON.stringify(key)}: ${problem}`, { key });
  return key;
}

/** A listing prefix: like a key, but it may be empty, end with "/", or stop mid-segment. */
export function assertValidPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  const problem = keyProblem(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix, true);
  if (problem) throw new StorageError('invalid_key', `invalid key prefix ${JSON.stringify(prefix)}: ${problem}`, { key: prefix });
  return prefix;
}

function keyProblem(key: string, isPrefix: boolean): string | null {
  if (key.length === 0) return 'empty';
  if (longerThan(key, maxKeyBytes)) return `longer than ${maxKeyBytes} bytes`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'contains a control character (NUL, newline, …)';
  if (key.includes('\\')) return 'contains a backslash';
  if (key.startsWith('/')) return 'starts with "/" (absolute path)';
  if (!isPrefix && key.endsWith('/')) return 'ends with "/"';
  const segments = key.split('/');
  for (const segment of segments) {
    if (segment === '') return 'has an empty segment ("//")';
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
    if (longerThan(segment, maxSegmentBytes)) return `has a segment longer than ${maxSegmentBytes} bytes`;
  }
  if (segments[0] === reservedSegment) return `"${reservedSegment}/" is reserved for the store itself`;
  return null;
}

/** Whether `text` takes more than `bytes` bytes in UTF-8 (no character takes more than 3 per UTF-16 unit: most keys need no encoding). */
function longerThan(text: string, bytes: number): boolean {
  return text.length * 3 > bytes && encoder.encode(text).length > bytes;
}

/** A content type for a key from its extension, for stores that keep none (and as the default). */
export function contentTypeForKey(key: string): string {
  const extension = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  return contentTypes[extension] ?? 'application/octet-stream';
}

const contentTypes: Record<string, string> = {
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  xml: 'application/xml',
  hocr: 'text/html; charset=utf-8',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  jp2: 'image/jp2',
  pdf: 'application/pdf',
  zip: 'application/zip',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  mrc: 'application/marc',
};
