/** IIIF image requests resolved against an image, and the tile names sharp's iiif3 layout writes. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { resolveImageRequest, tilesCovering } from '../../src/domain/iiif-image-request.ts';

const image = { width: 1403, height: 2001 };
const request = (region: string, size: string, rotation = '0', file = 'default.jpg') => resolveImageRequest(image, { region, size, rotation, file });

describe('resolveImageRequest', () => {
  it('resolves regions and sizes in pixels of the full image', () => {
    expect(request('full', 'max')).toEqual({ region: { x: 0, y: 0, w: 1403, h: 2001 }, width: 1403, height: 2001, full: true });
    expect(request('100,200,300,400', '150,')).toEqual({ region: { x: 100, y: 200, w: 300, h: 400 }, width: 150, height: 200, full: false });
    expect(request('100,200,300,400', ',100')).toMatchObject({ width: 75, height: 100 });
    expect(request('100,200,300,400', '!100,100')).toMatchObject({ width: 75, height: 100 });
    expect(request('pct:50,50,50,50', 'pct:50')).toMatchObject({ region: { x: 702, y: 1001, w: 701, h: 1000 }, width: 351, height: 500 });
    expect(request('square', 'max')).toMatchObject({ region: { x: 0, y: 299, w: 1403, h: 1403 } });
    // A region past the edge is cut at the edge.
    expect(request('1400,2000,100,100', 'max')).toMatchObject({ region: { x: 1400, y: 2000, w: 3, h: 1 } });
  });

  it('refuses rotation, other formats, upscaling and nonsense', () => {
    expect(request('full', 'max', '90')).toEqual({ problem: 'not_supported' });
    expect(request('full', 'max', '0', 'default.png')).toEqual({ problem: 'not_supported' });
    expect(request('full', '^2000,')).toEqual({ problem: 'bad_request' });
    expect(request('full', '1404,')).toEqual({ problem: 'bad_request' });
    expect(request('1403,0,10,10', 'max')).toEqual({ problem: 'bad_request' });
    expect(request('0,0,0,10', 'max')).toEqual({ problem: 'bad_request' });
    expect(request('../../x', 'max')).toEqual({ problem: 'bad_request' });
    expect(request('full', ',')).toEqual({ problem: 'bad_request' });
  });
});

describe('tilesCovering', () => {
  it('names exactly the tiles sharp writes for an odd-sized image, at every scale factor', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'difang-tiles-'));
    try {
      await sharp({ create: { ...image, channels: 3, background: '#fff' } })
        .jpeg()
        .tile({ size: 512, layout: 'iiif3', id: 'x' })
        .toFile(join(folder, 'out'));
      const written = (await readdir(join(folder, 'out'), { recursive: true })).filter((f) => f.endsWith('.jpg')).map((f) => relative('.', f)).sort();
      const facts = { ...image, tiles: [{ width: 512, scaleFactors: [1, 2, 4] }] };
      const named = [1, 2, 4].flatMap((factor) => tilesCovering(facts, { x: 0, y: 0, ...{ w: image.width, h: image.height } }, Math.ceil(image.width / factor)).tiles.map((t) => t.path));
      expect(named.sort()).toEqual(written);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('picks the coarsest level that still gives the width asked for, and only the tiles under the region', () => {
    const facts = { ...image, tiles: [{ width: 512, scaleFactors: [1, 2, 4] }] };
    expect(tilesCovering(facts, { x: 600, y: 600, w: 300, h: 300 }, 300)).toMatchObject({ scaleFactor: 1, tiles: [{ path: '512,512,512,512/512,512/0/default.jpg' }] });
    expect(tilesCovering(facts, { x: 0, y: 0, w: 1403, h: 2001 }, 700).scaleFactor).toBe(2);
    expect(tilesCovering(facts, { x: 0, y: 0, w: 1403, h: 2001 }, 100).tiles.map((t) => t.path)).toEqual(['full/351,501/0/default.jpg']);
  });
});
