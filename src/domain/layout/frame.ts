/**
 * The reading frame layout analysis works in: lines run left to right and follow each other top
 * to bottom, columns read left to right. A horizontal page is its own frame. A vertical (竖排)
 * page — characters top to bottom, lines right to left — is turned a quarter so that the same
 * geometry reads it: page y becomes frame x, and page x, counted from the right, frame y.
 */
import type { Box } from '../region.ts';

export interface Frame {
  vertical: boolean;
  /** Page size. */
  width: number;
  height: number;
  /** Frame size. */
  frameWidth: number;
  frameHeight: number;
  toFrame(box: Box): Box;
  toPage(box: Box): Box;
}

export function frameFor(width: number, height: number, vertical: boolean): Frame {
  if (!vertical) {
    return { vertical, width, height, frameWidth: width, frameHeight: height, toFrame: (box) => box, toPage: (box) => box };
  }
  return {
    vertical,
    width,
    height,
    frameWidth: height,
    frameHeight: width,
    toFrame: (box) => ({ x: box.y, y: width - box.x - box.w, w: box.h, h: box.w }),
    toPage: (box) => ({ x: width - box.y - box.h, y: box.x, w: box.h, h: box.w }),
  };
}

export const right = (box: Box): number => box.x + box.w;
export const bottom = (box: Box): number => box.y + box.h;
export const centreX = (box: Box): number => box.x + box.w / 2;
export const centreY = (box: Box): number => box.y + box.h / 2;

/** Length of the overlap of two intervals [a0, a1) and [b0, b1). */
export function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

export const overlapX = (a: Box, b: Box): number => overlap(a.x, right(a), b.x, right(b));
export const overlapY = (a: Box, b: Box): number => overlap(a.y, bottom(a), b.y, bottom(b));
export const area = (box: Box): number => box.w * box.h;
export const intersection = (a: Box, b: Box): number => overlapX(a, b) * overlapY(a, b);

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A box from its edges, never less than one pixel either way. */
export function boxFromEdges(left: number, top: number, rightEdge: number, bottomEdge: number): Box {
  const x = Math.round(left);
  const y = Math.round(top);
  return { x, y, w: Math.max(1, Math.round(rightEdge) - x), h: Math.max(1, Math.round(bottomEdge) - y) };
}
