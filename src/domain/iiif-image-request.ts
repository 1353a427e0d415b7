/**
 * IIIF Image API 3.0 request parameters (region / size / rotation / quality.format), parsed and
 * resolved against an image's width and height; and the level-0 tile pyramid that ingest stored,
 * so a request can be answered from stored tiles or composed from them.
 * https://iiif.io/api/image/3.0/#4-image-requests
 */
import type { Box } from './region.ts';

export interface ImageInfoFacts {
  width: number;
  height: number;
  tiles: { width: number; height?: number; scaleFactors: number[] }[];
  sizes?: { width: number; height: number }[];
}

export interface ResolvedImageRequest {
  region: Box;
  /** Output size in pixels. */
  width: number;
  height: number;
  /** True when the region is the whole image. */
  full: boolean;
}

export type ImageRequestProblem = 'bad_request' | 'not_supported';

/**
 * The region and size a request asks for, in pixels of the full image; null (with why) when it is
 * malformed, outside the image, or asks for what difang does not serve (rotation, upscaling,
 * qualities other than default, formats other than jpg).
 */
export function resolveImageRequest(
  facts: Pick<ImageInfoFacts, 'width' | 'height'>,
  params: { region: string; size: string; rotation: string; file: string },
): ResolvedImageRequest | { problem: ImageRequestProblem } {
  if (params.rotation !== '0') return { problem: 'not_supported' };
  // gray is not offered (info.json names no extra qualities): answered 400, never with the colour image.
  if (params.file !== 'default.jpg' && params.file !== 'color.jpg') return { problem: 'not_supported' };
  const region = resolveRegion(facts, params.region);
  if (!region) return { problem: 'bad_request' };
  const size = resolveSize(region, params.size);
  if (!size) return { problem: 'bad_request' };
  return { region, ...size, full: region.x === 0 && region.y === 0 && region.w === facts.width && region.h === facts.height };
}

function resolveRegion({ width, height }: { width: number; height: number }, value: string): Box | null {
  if (value === 'full') return { x: 0, y: 0, w: width, h: height };
  if (value === 'square') {
    const side = Math.min(width, height);
    return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), w: side, h: side };
  }
  const pct = /^pct:([\d.]+),([\d.]+),([\d.]+),([\d.]+)$/.exec(value);
  const px = /^(\d+),(\d+),(\d+),(\d+)$/.exec(value);
  let box: Box;
  if (pct) {
    const [x, y, w, h] = pct.slice(1).map(Number) as [number, number, number, number];
    box = { x: Math.round((x / 100) * width), y: Math.round((y / 100) * height), w: Math.round((w / 100) * width), h: Math.round((h / 100) * height) };
  } else if (px) {
    const [x, y, w, h] = px.slice(1).map(Number) as [number, number, number, number];
    box = { x, y, w, h };
  } else {
    return null;
  }
  if (box.w <= 0 || box.h <= 0 || box.x >= width || box.y >= height) return null;
  // A region reaching past the edge is cropped to the image (§4.1).
  return { ...box, w: Math.min(box.w, width - box.x), h: Math.min(box.h, height - box.y) };
}

function resolveSize(region: Box, value: string): { width: number; height: number } | null {
  if (value.startsWith('^')) return null; // no upscaling
  const scaled = (w: number, h: number) => (w > region.w || h > region.h || w < 1 || h < 1 ? null : { width: w, height: h });
  if (value === 'max') return { width: region.w, height: region.h };
  const pct = /^pct:([\d.]+)$/.exec(value);
  if (pct) return scaled(Math.round((region.w * Number(pct[1])) / 100), Math.round((region.h * Number(pct[1])) / 100));
  const match = /^(!)?(\d*),(\d*)$/.exec(value);
  if (!match) return null;
  const [, best, w, h] = match;
  if (!w && !h) return null;
  if (best) {
    if (!w || !h) return null;
    const factor = Math.min(Number(w) / region.w, Number(h) / region.h);
    return scaled(Math.max(1, Math.round(region.w * factor)), Math.max(1, Math.round(region.h * factor)));
  }
  if (w && h) return scaled(Number(w), Number(h));
  if (w) return scaled(Number(w), Math.max(1, Math.round((region.h * Number(w)) / region.w)));
  return scaled(Math.max(1, Math.round((region.w * Number(h)) / region.h)), Number(h));
}

/** A stored tile: where it lies on the full image and the key-relative path it is stored under. */
export interface StoredTile {
  /** Region of the full image, in full-size pixels. */
  region: Box;
  /** Its size as stored (region / scale factor). */
  width: number;
  height: number;
  /** e.g. "1024,0,376,512/188,256/0/default.jpg" (sharp's iiif3 layout). */
  path: string;
}

/**
 * The stored tiles, at the coarsest scale factor that still gives at least `outputWidth` pixels
 * across `region`, that together cover the region. A whole image that fits in one tile at that
 * scale is stored under full/w,h.
 */
export function tilesCovering(facts: ImageInfoFacts, region: Box, outputWidth: number): { scaleFactor: number; tiles: StoredTile[] } {
  const tile = facts.tiles[0] ?? { width: 512, scaleFactors: [1] };
  const tileWidth = tile.width;
  const tileHeight = tile.height ?? tile.width;
  const usable = tile.scaleFactors.filter((factor) => factor === 1 || Math.ceil(region.w / factor) >= outputWidth).sort((a, b) => b - a);
  const scaleFactor = usable[0] ?? 1;
  const levelWidth = Math.ceil(facts.width / scaleFactor);
  const levelHeight = Math.ceil(facts.height / scaleFactor);
  if (levelWidth <= tileWidth && levelHeight <= tileHeight) {
    return { scaleFactor, tiles: [{ region: { x: 0, y: 0, w: facts.width, h: facts.height }, width: levelWidth, height: levelHeight, path: `full/${levelWidth},${levelHeight}/0/default.jpg` }] };
  }
  const step = { w: tileWidth * scaleFactor, h: tileHeight * scaleFactor };
  const tiles: StoredTile[] = [];
  for (let y = Math.floor(region.y / step.h) * step.h; y < region.y + region.h; y += step.h) {
    for (let x = Math.floor(region.x / step.w) * step.w; x < region.x + region.w; x += step.w) {
      const w = Math.min(step.w, facts.width - x);
      const h = Math.min(step.h, facts.height - y);
      const width = Math.ceil(w / scaleFactor);
      const height = Math.ceil(h / scaleFactor);
      tiles.push({ region: { x, y, w, h }, width, height, path: `${x},${y},${w},${h}/${width},${height}/0/default.jpg` });
    }
  }
  return { scaleFactor, tiles };
}
