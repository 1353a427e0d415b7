/**
 * Composes a IIIF image request (a crop, a page at any size, the whole page at full size) from
 * the stored level-0 tiles with sharp: the tiles are laid on a canvas at their pyramid level,
 * the region is cut out and scaled. Node only; the Workers runtime serves stored tiles alone.
 */
import sharp from 'sharp';
import type { ImageComposer, TileImage } from '../../ports.ts';

export const sharpTileCompositor: ImageComposer = {
  async compose({ tiles, canvas, crop, output, quality = 85 }) {
    const laid = await sharp({ create: { width: canvas.width, height: canvas.height, channels: 3, background: '#ffffff' }, limitInputPixels: false })
      .composite(tiles.map((tile: TileImage) => ({ input: Buffer.from(tile.bytes.buffer, tile.bytes.byteOffset, tile.bytes.byteLength), left: tile.left, top: tile.top })))
      .raw()
      .toBuffer({ resolveWithObject: true });
    return sharp(laid.data, { raw: { width: laid.info.width, height: laid.info.height, channels: laid.info.channels }, limitInputPixels: false })
      .extract({ left: crop.x, top: crop.y, width: crop.w, height: crop.h })
      .resize(output.width, output.height, { fit: 'fill' })
      .jpeg({ quality, mozjpeg: false })
      .toBuffer();
  },
};
