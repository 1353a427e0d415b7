/**
 * Small raster operations on grey images for reading lines — cutting a box out, scaling to the
 * recognizer's height, turning a quarter — done in place in JavaScript: a page has hundreds of
 * lines, and a sharp pipeline per line costs more than the work itself.
 */
import type { GreyImage } from '../../src/ports.ts';

export function crop(image: GreyImage, box: { x: number; y: number; w: number; h: number }): GreyImage {
  const data = new Uint8Array(box.w * box.h);
  for (let y = 0; y < box.h; y++) data.set(image.data.subarray((box.y + y) * image.width + box.x, (box.y + y) * image.width + box.x + box.w), y * box.w);
  return { width: box.w, height: box.h, data };
}

/** Bilinear scaling to `width` × `height`. */
export function scale(image: GreyImage, width: number, height: number): GreyImage {
  const data = new Uint8Array(width * height);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(image.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(image.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(image.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const wx = fx - x0;
      const top = image.data[y0 * image.width + x0]! * (1 - wx) + image.data[y0 * image.width + x1]! * wx;
      const bottom = image.data[y1 * image.width + x0]! * (1 - wx) + image.data[y1 * image.width + x1]! * wx;
      data[y * width + x] = Math.round(top * (1 - wy) + bottom * wy);
    }
  }
  return { width, height, data };
}

/** Turned a quarter anticlockwise: the top of a vertical line comes to the left. */
export function turnLeft(image: GreyImage): GreyImage {
  const width = image.height;
  const height = image.width;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) data[(image.width - 1 - x) * width + y] = image.data[y * image.width + x]!;
  return { width, height, data };
}

/** Turned by `degrees` (clockwise positive) about the centre, the corners filled with paper; same size. */
export function rotate(image: GreyImage, degrees: number): GreyImage {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (image.width - 1) / 2;
  const cy = (image.height - 1) / 2;
  const data = new Uint8Array(image.width * image.height).fill(255);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      // The source pixel this one comes from (inverse rotation), nearest neighbour.
      const dx = x - cx;
      const dy = y - cy;
      const sx = Math.round(cx + dx * cos + dy * sin);
      const sy = Math.round(cy - dx * sin + dy * cos);
      if (sx >= 0 && sy >= 0 && sx < image.width && sy < image.height) data[y * image.width + x] = image.data[sy * image.width + sx]!;
    }
  }
  return { width: image.width, height: image.height, data };
}
