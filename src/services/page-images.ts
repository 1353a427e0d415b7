/**
 * A page image at any region and size, composed from its stored IIIF level-0 tiles (where an
 * ImageComposer runs): what the Image API serves beyond its stored tiles, and what layout analysis
 * looks at (the whole page at a working width). Reads storage only; knows nothing of HTTP.
 */
import { bytesOf } from '../adapters/body.ts';
import { resolveImageRequest, tilesCovering, type ImageInfoFacts } from '../domain/iiif-image-request.ts';
import { storageKeys, type PageKey } from '../domain/natural-keys.ts';
import type { ImageComposer, ObjectStore } from '../ports.ts';

/** The stored info.json of a page's image service; null when the page has none. */
export async function imageFacts(store: ObjectStore, key: PageKey): Promise<(ImageInfoFacts & Record<string, unknown>) | null> {
  return (await versionedImageFacts(store, key))?.facts ?? null;
}

/** The page image's info.json and its storage version, which changes whenever the image is made again. */
export async function versionedImageFacts(store: ObjectStore, key: PageKey): Promise<{ facts: ImageInfoFacts & Record<string, unknown>; version: string } | null> {
  const object = await store.get(`${storageKeys.iiifImage(key)}/info.json`);
  return object ? { facts: JSON.parse(new TextDecoder().decode(await bytesOf(object))) as ImageInfoFacts & Record<string, unknown>, version: object.info.etag } : null;
}

export interface ComposeRequest {
  region: { x: number; y: number; w: number; h: number };
  width: number;
  height: number;
}

/** A JPEG of `region` at `width` × `height`, from the tiles of the pyramid level nearest above it; null when a tile is missing. */
export async function composeFromTiles(store: ObjectStore, composer: ImageComposer, key: PageKey, facts: ImageInfoFacts, request: ComposeRequest): Promise<Uint8Array<ArrayBuffer> | null> {
  const base = storageKeys.iiifImage(key);
  const { scaleFactor, tiles } = tilesCovering(facts, request.region, request.width);
  const objects = await Promise.all(
    tiles.map(async (tile) => {
      const object = await store.get(`${base}/${tile.path}`);
      return object ? { tile, bytes: await bytesOf(object) } : null;
    }),
  );
  if (objects.some((o) => o === null)) return null;
  const left = Math.min(...tiles.map((t) => t.region.x));
  const top = Math.min(...tiles.map((t) => t.region.y));
  const levelX = (x: number): number => Math.floor((x - left) / scaleFactor);
  const levelY = (y: number): number => Math.floor((y - top) / scaleFactor);
  const canvas = {
    width: Math.max(...tiles.map((t) => levelX(t.region.x) + t.width)),
    height: Math.max(...tiles.map((t) => levelY(t.region.y) + t.height)),
  };
  const crop = { x: levelX(request.region.x), y: levelY(request.region.y), w: 0, h: 0 };
  crop.w = Math.max(1, Math.min(canvas.width - crop.x, Math.round(request.region.w / scaleFactor)));
  crop.h = Math.max(1, Math.min(canvas.height - crop.y, Math.round(request.region.h / scaleFactor)));
  const jpeg = await composer.compose({
    tiles: objects.map((o) => ({ bytes: o!.bytes, left: levelX(o!.tile.region.x), top: levelY(o!.tile.region.y) })),
    canvas,
    crop,
    output: { width: request.width, height: request.height },
  });
  return new Uint8Array(jpeg);
}

/** The whole page at most `maxSide` pixels on its longer side (as a IIIF `!w,h` size), for looking at its layout. */
export async function wholePage(store: ObjectStore, composer: ImageComposer, key: PageKey, maxSide: number): Promise<{ jpeg: Uint8Array; width: number; height: number } | null> {
  const facts = await imageFacts(store, key);
  if (!facts) return null;
  const size = Math.max(facts.width, facts.height) <= maxSide ? 'max' : `!${maxSide},${maxSide}`;
  const resolved = resolveImageRequest(facts, { region: 'full', size, rotation: '0', file: 'default.jpg' });
  if ('problem' in resolved) return null;
  const jpeg = await composeFromTiles(store, composer, key, facts, { region: resolved.region, width: resolved.width, height: resolved.height });
  return jpeg ? { jpeg, width: resolved.width, height: resolved.height } : null;
}
