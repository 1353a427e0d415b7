/**
 * Text files from libraries come in UTF-8 (with or without BOM), UTF-16 from some Excel exports,
 * or GB18030/GBK from Chinese Windows. Decode strictly: a file that is none of these is refused
 * rather than read as mojibake.
 */
import { inputError } from './input-error.ts';

export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: strict('utf-8', bytes.subarray(3))!, encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: strict('utf-16le', bytes.subarray(2))!, encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: strict('utf-16be', bytes.subarray(2))!, encoding: 'utf-16be' };
  const utf8 = strict('utf-8', bytes, true);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const gb = strict('gb18030', bytes, true);
  if (gb !== null) return { text: gb, encoding: 'gb18030' };
  throw inputError('unknown_encoding', '文件既不是 UTF-8 也不是 GB18030 编码', 'the file is neither UTF-8 nor GB18030 text');
}

function strict(encoding: string, bytes: Uint8Array, quiet = false): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (cause) {
    if (quiet) return null;
    throw inputError('unknown_encoding', `内容不是有效的 ${encoding} 编码`, `the bytes are not valid ${encoding}`, undefined, cause);
  }
}
