/** What kind of file the first bytes say this is; names and extensions are not trusted. */
import type { ImageFormat } from '../../src/domain/page.ts';

export function sniffFormat(head: Uint8Array): ImageFormat | null {
  const at = (offset: number, ...bytes: number[]): boolean => bytes.every((byte, i) => head[offset + i] === byte);
  if (at(0, 0x49, 0x49, 0x2a, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2a) || at(0, 0x49, 0x49, 0x2b, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2b)) return 'tiff';
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  // JP2 signature box, or a raw JPEG 2000 codestream (SOC + SIZ markers).
  if (at(0, 0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a) || at(0, 0xff, 0x4f, 0xff, 0x51)) return 'jp2';
  if (at(0, 0x25, 0x50, 0x44, 0x46, 0x2d)) return 'pdf';
  return null;
}

/** The extension difang stores an original under. */
export const extensionOf: Record<ImageFormat, string> = { tiff: 'tif', jpeg: 'jpg', png: 'png', jp2: 'jp2', pdf: 'pdf' };
