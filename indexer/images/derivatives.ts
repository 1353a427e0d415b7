/**
 * Derivatives of a page image: IIIF Image API 3.0 level-0 tiles with info.json (sharp's iiif3
 * layout), and a thumbnail. Greyscale stays one channel; alpha is flattened onto white.
 * @see https://iiif.io/api/image/3.0/#6-compliance-level-and-profile-document
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Sharp } from 'sharp';
import type { PageImage } from './page-image.ts';
import { imageError } from './page-image.ts';

export const tileSize = 512;

/** Only the conversions the image needs: each extra libvips operation costs a pass over the pixels. */
function prepared(image: PageImage): Sharp {
  let pipeline = image.pipeline();
  if (image.hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
  // sharp writes sRGB unless told otherwise: greyscale must say so to stay one channel.
  if (image.grey) return pipeline.toColourspace('b-w');
  return image.plain && !image.hasAlpha ? pipeline : pipeline.toColourspace('srgb');
}

/**
 * Writes tiles and info.json under `folder/{identifier}/` and lists the files written (paths
 * relative to `folder`, "/"-separated). `serviceBase` + "/" + identifier is the image's IIIF id.
 */
export async function writeTiles(image: PageImage, folder: string, identifier: string, serviceBase: string): Promise<string[]> {
  try {
    await prepared(image)
      .jpeg({ quality: 80 })
      .tile({ size: tileSize, layout: 'iiif3', id: serviceBase })
      .toFile(join(folder, identifier));
  } catch (error) {
    throw imageError(error);
  }
  const files = await listFiles(join(folder, identifier));
  await addSizes(join(folder, identifier, 'info.json'), files);
  return files.map((file) => `${identifier}/${file}`);
}

/**
 * The thumbnail is the pyramid's whole-page image (the largest that fits one tile, 256–512 px on
 * its longer side), already made by the tiling: no second decode of a page of 35 million pixels.
 */
export function thumbnailFile(files: string[]): string | undefined {
  return files
    .map((file) => ({ file, match: /\/full\/(\d+),(\d+)\/0\/default\.jpg$/.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .sort((a, b) => Number(b.match[1]) - Number(a.match[1]))[0]?.file;
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/**
 * A level-0 server can only give the sizes it has: list the whole-image sizes the pyramid holds
 * (sharp writes them under full/{w},{h}/), so clients can ask for a whole page at low resolution.
 */
async function addSizes(infoPath: string, files: string[]): Promise<void> {
  const info = JSON.parse(await readFile(infoPath, 'utf8')) as Record<string, unknown>;
  const sizes = files
    .map((file) => /^full\/(\d+),(\d+)\/0\/default\.jpg$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ width: Number(match[1]), height: Number(match[2]) }))
    .sort((a, b) => a.width - b.width);
  if (sizes.length > 0) info.sizes = sizes;
  await writeFile(infoPath, JSON.stringify(info));
}
