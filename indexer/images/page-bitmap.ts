/**
 * A page image as ink for layout analysis (src/domain/layout/ink.ts): decoded by sharp, grey,
 * shrunk so its longer side is at most `maxSide` pixels (rules and pictures survive that; a
 * 5,000 × 7,000 scan becomes ~1,700 × 2,400, 4 MB of work instead of 35).
 */
import sharp from 'sharp';
import { sharpTileCompositor } from '../../src/adapters/sharp/tile-compositor.ts';
import { inkFromGrey, type InkBitmap } from '../../src/domain/layout/ink.ts';
import type { PageKey } from '../../src/domain/natural-keys.ts';
import type { GreyImage, ObjectStore } from '../../src/ports.ts';
import { imageFacts, wholePage } from '../../src/services/page-images.ts';

export async function inkBitmapOf(image: string | Uint8Array, options: { maxSide?: number; pageWidth?: number } = {}): Promise<InkBitmap> {
  const maxSide = options.maxSide ?? 2400;
  const input = sharp(image, { limitInputPixels: 400_000_000 });
  const { width = 1, height = 1 } = await input.metadata();
  const factor = Math.min(1, maxSide / Math.max(width, height));
  const { data, info } = await input
    .greyscale()
    .resize({ width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)), fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // The page's own size in pixels may differ from the image's (a PDF page rendered at another resolution).
  const scale = info.width / (options.pageWidth ?? width);
  return inkFromGrey(new Uint8Array(data.buffer, data.byteOffset, data.length), info.width, info.height, scale);
}

/**
 * The ink of a stored page, composed from its IIIF tiles at a working size: works for every
 * format a page came in (JPEG 2000 and PDF pages included), since the tiles are JPEGs.
 */
export function storedPageInk(store: ObjectStore, maxSide = 2400): (key: PageKey) => Promise<InkBitmap | null> {
  return async (key) => {
    const facts = await imageFacts(store, key);
    const image = facts ? await wholePage(store, sharpTileCompositor, key, maxSide) : null;
    return image && facts ? inkBitmapOf(image.jpeg, { maxSide, pageWidth: facts.width }) : null;
  };
}

/**
 * A stored page's grey pixels at its full size, composed from its IIIF tiles (for OCR: every
 * format a page came in reads the same way), or null when the page has no tiles.
 */
export async function storedPageGrey(store: ObjectStore, key: PageKey): Promise<GreyImage | null> {
  const facts = await imageFacts(store, key);
  if (!facts) return null;
  const image = await wholePage(store, sharpTileCompositor, key, Math.max(facts.width, facts.height));
  if (!image) return null;
  const { data, info } = await sharp(image.jpeg, { limitInputPixels: 400_000_000 }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
