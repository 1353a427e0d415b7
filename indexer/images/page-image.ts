/**
 * A page image ready for derivatives: its size and a way to get a fresh sharp pipeline over it.
 * TIFF (incl. bilevel CCITT G4, 16-bit, LZW), JPEG and PNG are read by sharp straight from the
 * file; JPEG 2000 (which sharp's prebuilt libvips cannot read) is decoded by OpenJPEG in a worker;
 * PDF pages arrive as decoded pixels. Decompression bombs are refused by pixel count before decoding.
 */
import sharp, { type Sharp } from 'sharp';
import type { ImageFormat } from '../../src/domain/page.ts';
import { inputError, InputError } from '../readers/input-error.ts';
import type { RawImage } from '../readers/read-pdf.ts';
import type { Jp2Decoder } from './jp2-decoder.ts';

export interface PageImage {
  format: ImageFormat;
  width: number;
  height: number;
  /** One channel: kept greyscale in every derivative. */
  grey: boolean;
  /** Needs flattening onto white before JPEG. */
  hasAlpha: boolean;
  /** Already 8-bit sRGB (or 8-bit grey), needing no colour conversion before JPEG. */
  plain: boolean;
  /** A new pipeline reading the image from the start. */
  pipeline(): Sharp;
}

export interface ImageLimits {
  maxPixels: number;
}

export async function openImageFile(path: string, format: ImageFormat, limits: ImageLimits, jp2: Jp2Decoder, readBytes: () => Promise<Uint8Array>): Promise<PageImage> {
  if (format === 'jp2') {
    const bytes = await readBytes();
    // OpenJPEG decodes a cut-off codestream into a blurred page without complaint; a complete
    // one ends with the EOC marker (FF D9).
    if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) {
      throw inputError('corrupt_image', 'JPEG 2000 文件不完整（缺少结束标记，可能被截断）', 'the JPEG 2000 file is incomplete (no end-of-codestream marker; truncated?)');
    }
    return fromRaw(await jp2.decode(bytes, limits.maxPixels), 'jp2');
  }
  if (format === 'pdf') throw inputError('unsupported_format', 'PDF 须作为整卷处理', 'a PDF is read as a volume, not as one page image');
  const open = (): Sharp => sharp(path, { limitInputPixels: limits.maxPixels, failOn: 'truncated', sequentialRead: true });
  let metadata;
  try {
    metadata = await open().metadata();
  } catch (error) {
    // The first bytes said this is a TIFF/JPEG/PNG: if libvips cannot read it, it is damaged.
    const message = error instanceof Error ? error.message : String(error);
    if (/unsupported image format/i.test(message)) {
      throw inputError('corrupt_image', `文件开头是 ${format.toUpperCase()}，但内容已损坏，无法读取`, `the file starts as a ${format.toUpperCase()} but is damaged and cannot be read`, undefined, error);
    }
    throw imageError(error);
  }
  const width = metadata.width;
  const height = metadata.height;
  if (!width || !height) throw inputError('corrupt_image', '无法读出图像尺寸', 'the image size cannot be read');
  if (width * height > limits.maxPixels) {
    throw inputError('too_many_pixels', `图像 ${width}×${height} 超过像素上限 ${limits.maxPixels}`, `the image is ${width}×${height}, more than the limit of ${limits.maxPixels} pixels`);
  }
  const channels = metadata.channels ?? 3;
  const grey = channels - (metadata.hasAlpha ? 1 : 0) === 1 || metadata.space === 'b-w' || metadata.space === 'grey16';
  const plain = metadata.depth === 'uchar' && (metadata.space === 'srgb' || metadata.space === 'b-w');
  return { format, width, height, grey, hasAlpha: Boolean(metadata.hasAlpha), plain, pipeline: open };
}

export function fromRaw(image: RawImage, format: ImageFormat): PageImage {
  return {
    format,
    width: image.width,
    height: image.height,
    grey: image.channels === 1,
    hasAlpha: image.channels === 4,
    plain: image.channels !== 4,
    pipeline: () => sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } }),
  };
}

/** sharp's (libvips's) messages for bad files, as InputErrors. */
export function imageError(error: unknown): InputError {
  if (error instanceof InputError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return inputError('too_many_pixels', '图像像素数超过上限（疑似解压炸弹）', 'the image has more pixels than allowed (a decompression bomb?)', undefined, error);
  if (/unsupported image format/i.test(message)) return inputError('unsupported_format', '不支持的图像格式', 'the image format is not supported', undefined, error);
  return inputError('corrupt_image', `图像已损坏或被截断：${message}`, `the image is corrupt or truncated: ${message}`, undefined, error);
}
