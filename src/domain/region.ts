/** Boxes and regions in pixels of the master image (origin top-left), as IIIF canvas#xywh uses them. */
import { z } from 'zod';

const pixel = z.number().int().min(0);

/** A rectangle on a page image. */
export const boxSchema = z.object({ x: pixel, y: pixel, w: pixel.min(1), h: pixel.min(1) });
export type Box = z.infer<typeof boxSchema>;

/** 版面区域: part of an article on one page of its issue (`seq`); an article continued on another page (转版) has regions on each. */
export const regionSchema = boxSchema.extend({ seq: z.number().int().min(1) });
export type Region = z.infer<typeof regionSchema>;

/** The smallest box holding all of `boxes`. */
export function unionBox(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of boxes) {
    left = Math.min(left, b.x);
    top = Math.min(top, b.y);
    right = Math.max(right, b.x + b.w);
    bottom = Math.max(bottom, b.y + b.h);
  }
  return { x: left, y: top, w: right - left, h: bottom - top };
}

/** True when `box` lies wholly inside a `width` × `height` image. */
export function boxFitsImage(box: Box, width: number, height: number): boolean {
  return box.x + box.w <= width && box.y + box.h <= height;
}

/** Whether the centre of `box` lies within `region` (a word belongs to the region that holds its middle). */
export function centreWithin(region: Box, box: Box): boolean {
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  return cx >= region.x && cx <= region.x + region.w && cy >= region.y && cy <= region.y + region.h;
}
