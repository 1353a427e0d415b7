/**
 * IIIF over the ingested fixture batches, on real storage and the real Meilisearch: Image API
 * (info.json rebased to where it is served, every stored tile, caching, crops composed from tiles
 * compared with the original image), Presentation 3.0 (validated against the official schema
 * where ../shared/schemas is present), OCR annotations and Content Search 2.0 — checked against
 * the fixtures' ground truth.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { tilesCovering, type ImageInfoFacts } from '../../src/domain/iiif-image-request.ts';
import type { Title } from '../../src/domain/title.ts';
import { hasSharedSchemas, readFixture, schemasSkipReason, truthFor } from '../helpers/fixtures.ts';
import { presentationValidator } from '../helpers/iiif-schema.ts';
import { appOver, fixtureWorld, type IngestWorld } from '../helpers/ingest.ts';
import { composeLimits } from '../../src/app.ts';

/** Not the base URL ingest ran with (http://difang.test): ids must follow where difang is served now. */
const base = 'https://archive.example.org';
const page1 = 'demo-ribao_2023-05-04_ed-1_seq-1';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('IIIF', () => {
  let world: IngestWorld;
  let app: ReturnType<typeof createApp>;
  const validate = presentationValidator();

  const get = async (path: string, init?: RequestInit) => app.request(path, init);
  const json = async (path: string): Promise<Json> => {
    const response = await get(path);
    const text = await response.text();
    expect(response.status, `${path}: ${text.slice(0, 300)}`).toBe(200);
    return JSON.parse(text) as Json;
  };
  const pixels = async (bytes: Uint8Array | ArrayBuffer, width?: number, height?: number) =>
    sharp(bytes instanceof ArrayBuffer ? Buffer.from(bytes) : bytes)
      .resize(width, height, { fit: 'fill' })
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });

  beforeAll(async () => {
    world = await fixtureWorld();
    app = appOver(world, base);
  });
  afterAll(() => world?.close());

  describe('Image API 3.0', () => {
    it('serves info.json with its id rewritten to the URL it is served from, open to every origin', async () => {
      const response = await get(`/iiif/3/${page1}/info.json`, { headers: { Origin: 'https://mirador.example' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const info = (await response.json()) as Json;
      expect(info.id).toBe(`${base}/iiif/3/${page1}`);
      expect(info).toMatchObject({ type: 'ImageService3', profile: 'level0', width: 1400, height: 2000 });
      const redirect = await get(`/iiif/3/${page1}`);
      expect(redirect.status).toBe(303);
      expect(redirect.headers.get('location')).toBe(`/iiif/3/${page1}/info.json`);
    });

    it('serves every tile of the pyramid info.json describes, with long caching and ETags', async () => {
      const info = (await json(`/iiif/3/${page1}/info.json`)) as unknown as ImageInfoFacts;
      let count = 0;
      for (const scaleFactor of info.tiles[0]!.scaleFactors) {
        const { tiles } = tilesCovering(info, { x: 0, y: 0, w: info.width, h: info.height }, Math.ceil(info.width / scaleFactor));
        for (const tile of tiles) {
          const response = await get(`/iiif/3/${page1}/${tile.path}`);
          expect(response.status, tile.path).toBe(200);
          expect(response.headers.get('content-type')).toBe('image/jpeg');
          expect(response.headers.get('cache-control')).toContain('max-age=31536000');
          const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
          expect([meta.width, meta.height]).toEqual([tile.width, tile.height]);
          count++;
        }
      }
      expect(count).toBeGreaterThan(10);
      const first = await get(`/iiif/3/${page1}/0,0,512,512/512,512/0/default.jpg`);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^(W\/)?".+"$/);
      const again = await get(`/iiif/3/${page1}/0,0,512,512/512,512/0/default.jpg`, { headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
    });

    it('answers a tile asked for by width alone ("w,") with the stored tile', async () => {
      const byWidth = await get(`/iiif/3/${page1}/full/350,/0/default.jpg`);
      const exact = await get(`/iiif/3/${page1}/full/350,500/0/default.jpg`);
      expect(byWidth.status).toBe(200);
      expect(Buffer.from(await byWidth.arrayBuffer()).equals(Buffer.from(await exact.arrayBuffer()))).toBe(true);
    });

    it('composes a crop from the tiles that matches the same region of the original image', async () => {
      const article = truthFor('demo', '2023-05-04', 1).articles[0]!.box;
      const region = `${article.x},${article.y},${article.w},${article.h}`;
      const response = await get(`/iiif/3/${page1}/${region}/max/0/default.jpg`);
      expect(response.status).toBe(200);
      const crop = await pixels(await response.arrayBuffer());
      expect([crop.info.width, crop.info.height]).toEqual([article.w, article.h]);
      const original = await sharp(readFixture('demo', 'demo-ribao', '2023-05-04', '01.jpg'))
        .extract({ left: article.x, top: article.y, width: article.w, height: article.h })
        .greyscale()
        .raw()
        .toBuffer();
      let difference = 0;
      for (let i = 0; i < original.length; i++) difference += Math.abs(original[i]! - crop.data[i]!);
      expect(difference / original.length, 'mean difference per pixel (JPEG noise only)').toBeLessThan(6);

      const scaled = await get(`/iiif/3/${page1}/${region}/400,/0/default.jpg?download`);
      expect(scaled.headers.get('content-disposition')).toContain('attachment');
      const meta = await sharp(Buffer.from(await scaled.arrayBuffer())).metadata();
      expect(meta.width).toBe(400);
      expect(meta.height).toBe(Math.round((article.h * 400) / article.w));
    });

    it('gives the whole page at full size, composed from the finest tiles', async () => {
      const response = await get(`/iiif/3/${page1}/full/max/0/default.jpg`);
      expect(response.status).toBe(200);
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect([meta.width, meta.height]).toEqual([1400, 2000]);
    });

    it('composes a few images at a time: a crowd beyond the line is answered 503 at once, while stored tiles keep coming', async () => {
      const storedTile = (await world.store.list(`iiif/${page1}/`)).items.map((item) => item.key).find((key) => key.endsWith('/0/default.jpg') && !key.includes('/full/'))!;
      const crowd = Array.from({ length: composeLimits.concurrent + composeLimits.waiting + 20 }, (_, i) => get(`/iiif/3/${page1}/full/${700 + i},/0/default.jpg`));
      const tile = await get(`/iiif/3/${storedTile.slice('iiif/'.length)}`);
      const answers = await Promise.all(crowd);
      expect(tile.status).toBe(200);
      const statuses = answers.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(composeLimits.concurrent + composeLimits.waiting);
      expect(statuses.filter((status) => status === 503)).toHaveLength(20);
      const busy = answers.find((response) => response.status === 503)!;
      expect(busy.headers.get('Retry-After')).toBe('2');
      expect(((await busy.json()) as Json).error.code).toBe('busy');
      // Once the crowd is gone, composing works again.
      expect((await get(`/iiif/3/${page1}/full/640,/0/default.jpg`)).status).toBe(200);
    });

    it('refuses what it cannot serve with a reason, and unknown or unsafe names with 404', async () => {
      for (const [path, status] of [
        [`/iiif/3/${page1}/full/max/90/default.jpg`, 400],
        [`/iiif/3/${page1}/full/max/0/default.png`, 400],
        [`/iiif/3/${page1}/full/max/0/gray.jpg`, 400],
        [`/iiif/3/${page1}/5000,0,10,10/max/0/default.jpg`, 400],
        [`/iiif/3/${page1}/full/^2000,/0/default.jpg`, 400],
        [`/iiif/3/${page1}/full/1401,/0/default.jpg`, 400],
        [`/iiif/3/demo-ribao_2023-05-04_ed-1_seq-99/info.json`, 404],
        [`/iiif/3/..%2F..%2Frecords/info.json`, 404],
        [`/iiif/3/${page1}/..%2F..%2F..%2Frecords/x/0/default.jpg`, 400],
      ] as const) {
        const response = await get(path);
        expect(response.status, path).toBe(status);
        expect(((await response.json()) as Json).error.message, path).toBeTruthy();
      }
    });
  });

  describe('Presentation 3.0', () => {
    it.skipIf(!hasSharedSchemas)('manifests, the collection and OCR annotation pages validate against the IIIF 3.0 schema', async () => {
      const documents = [
        '/iiif/3/manifests/demo-ribao_2023-05-04_ed-1',
        '/iiif/3/manifests/demo-ribao_2023-05-05_ed-1',
        '/iiif/3/manifests/demo-ribao_2023-05-06_ed-1',
        '/iiif/3/manifests/library-reports_vol-1',
        '/iiif/3/collections/demo-ribao',
        '/iiif/3/collections/library-reports',
        `/iiif/3/annotations/${page1}`,
      ];
      for (const path of documents) expect(validate!(await json(path)), path).toEqual([]);
    });
    if (!hasSharedSchemas) it.skip(schemasSkipReason, () => {});

    it('a manifest per issue: zh-Hans label, navDate, rights, a canvas per page with its image service, a range per article', async () => {
      const manifest = await json('/iiif/3/manifests/demo-ribao_2023-05-06_ed-1');
      expect(manifest.id).toBe(`${base}/iiif/3/manifests/demo-ribao_2023-05-06_ed-1`);
      expect(manifest.label['zh-Hans'][0]).toBe('地方示例日报 2023年5月6日');
      expect(manifest.navDate).toBe('2023-05-06T00:00:00Z');
      expect(manifest.rights).toBe('http://rightsstatements.org/vocab/InC/1.0/');
      expect(manifest.service[0]).toEqual({ id: `${base}/iiif/3/search/demo-ribao_2023-05-06_ed-1`, type: 'SearchService2' });
      expect(manifest.items).toHaveLength(2);
      const canvas = manifest.items[0];
      expect([canvas.width, canvas.height]).toEqual([1400, 2000]);
      expect(canvas.items[0].items[0].body.service[0]).toEqual({ id: `${base}/iiif/3/demo-ribao_2023-05-06_ed-1_seq-1`, type: 'ImageService3', profile: 'level0' });
      expect(canvas.annotations[0].id).toBe(`${base}/iiif/3/annotations/demo-ribao_2023-05-06_ed-1_seq-1`);

      const truth = [1, 2].flatMap((seq) => truthFor('mets-enmap', '2023-05-06', seq).articles.map((article) => ({ seq, ...article })));
      expect(manifest.structures).toHaveLength(7);
      for (const article of truth) {
        const range = manifest.structures.find((r: Json) => r.label['zh-Hans'][0] === article.headline);
        expect(range, article.headline).toBeDefined();
        const targets: string[] = range.items.map((item: Json) => item.id);
        expect(targets.some((t) => t.startsWith(`${manifest.items[article.seq - 1].id}#xywh=`))).toBe(true);
      }
    });

    it('a volume has no navDate and a collection lists a title\'s issues in order', async () => {
      const volume = await json('/iiif/3/manifests/library-reports_vol-1');
      expect(volume.navDate).toBeUndefined();
      expect(volume.items).toHaveLength(3);
      const collection = await json('/iiif/3/collections/demo-ribao');
      expect(collection.items.map((item: Json) => item.navDate)).toEqual(['2023-05-04T00:00:00Z', '2023-05-05T00:00:00Z', '2023-05-06T00:00:00Z']);
    });

    it('OCR lines are supplementing annotations placed on the line they were read from', async () => {
      const truth = truthFor('demo', '2023-05-04', 1);
      const page = await json(`/iiif/3/annotations/${page1}`);
      const texts = page.items.map((a: Json) => a.body.value).join('');
      const headline = truth.blocks.find((b) => b.kind === 'headline')!;
      expect(texts).toContain(headline.text.replace(/\n/g, ''));
      for (const annotation of page.items) {
        expect(annotation.motivation).toBe('supplementing');
        const [x, y, w, h] = /#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(annotation.target)!.slice(1).map(Number) as [number, number, number, number];
        expect(x + w).toBeLessThanOrEqual(truth.width);
        expect(y + h).toBeLessThanOrEqual(truth.height);
      }
      const headlineLine = page.items.find((a: Json) => headline.text.startsWith(a.body.value.slice(0, 4)));
      const [x, y] = /#xywh=(\d+),(\d+)/.exec(headlineLine.target)!.slice(1).map(Number) as [number, number];
      expect(x).toBeGreaterThanOrEqual(headline.box.x - 2);
      expect(y).toBeGreaterThanOrEqual(headline.box.y - 2);
      expect(y).toBeLessThan(headline.box.y + headline.box.h);
    });

    it('hidden titles and unknown issues are not served', async () => {
      const stored = (await world.records.getTitle('library-reports'))!;
      await world.records.replace('title', stored, { ...stored.record, hidden: true } as Title);
      const hiddenApp = appOver(world, base);
      for (const path of ['/iiif/3/manifests/library-reports_vol-1', '/iiif/3/collections/library-reports', '/iiif/3/library-reports_vol-1_seq-1/info.json', '/iiif/3/manifests/demo-ribao_1999-01-01_ed-1']) {
        expect((await hiddenApp.request(path)).status, path).toBe(404);
      }
      await world.records.replace('title', (await world.records.getTitle('library-reports'))!, stored.record);
    });
  });

  describe('Content Search 2.0', () => {
    it('finds a word within an issue as highlighting annotations on the boxes of its characters', async () => {
      const truth = truthFor('demo', '2023-05-04', 1);
      const headline = truth.blocks.find((b) => b.kind === 'headline')!;
      const word = [...headline.text].slice(2, 4).join('');
      const answer = await json(`/iiif/3/search/demo-ribao_2023-05-04_ed-1?q=${encodeURIComponent(word)}`);
      expect(answer['@context']).toBe('http://iiif.io/api/search/2/context.json');
      expect(answer.type).toBe('AnnotationPage');
      const onHeadline = answer.items.filter((a: Json) => {
        const m = /\/canvas\/p(\d+)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(a.target);
        if (!m || m[1] !== '1') return false;
        const [x, y, w, h] = m.slice(2).map(Number) as [number, number, number, number];
        const cx = x + w / 2;
        const cy = y + h / 2;
        return cx > headline.box.x && cx < headline.box.x + headline.box.w && cy > headline.box.y && cy < headline.box.y + headline.box.h;
      });
      expect(onHeadline.length, JSON.stringify(answer.items.slice(0, 3))).toBeGreaterThan(0);
      expect(answer.items.every((a: Json) => a.motivation === 'highlighting')).toBe(true);
      expect(answer.annotations[0].items[0].target.selector[0].exact).toBe(word);
    });

    it('a traditional query finds simplified text, and nothing found is an empty page', async () => {
      const simplified = truthFor('demo', '2023-05-04', 2).blocks.find((b) => b.kind === 'headline')!.text;
      const OpenCC = await import('opencc-js');
      const traditional = OpenCC.Converter({ from: 'cn', to: 'tw' })(simplified.slice(0, 4));
      const answer = await json(`/iiif/3/search/demo-ribao_2023-05-04_ed-1?q=${encodeURIComponent(traditional)}`);
      expect(answer.items.some((a: Json) => a.target.includes('/canvas/p2#xywh='))).toBe(true);
      const none = await json(`/iiif/3/search/demo-ribao_2023-05-04_ed-1?q=${encodeURIComponent('不存在的词语组合')}`);
      expect(none.items).toEqual([]);
    });

    it('answers in Content Search 1.0 too, declared by its profile, as Mirador and the Universal Viewer look for it (issue 19)', async () => {
      const manifest = await json('/iiif/3/manifests/demo-ribao_2023-05-04_ed-1');
      const v1 = manifest.service.find((service: Json) => service.profile === 'http://iiif.io/api/search/1/search');
      expect(v1).toEqual({ '@id': `${base}/iiif/search/1/demo-ribao_2023-05-04_ed-1`, '@type': 'SearchService1', profile: 'http://iiif.io/api/search/1/search' });
      const word = [...truthFor('demo', '2023-05-04', 1).blocks.find((b) => b.kind === 'headline')!.text].slice(2, 4).join('');
      const answer = await json(`/iiif/search/1/demo-ribao_2023-05-04_ed-1?q=${encodeURIComponent(word)}`);
      expect(answer['@type']).toBe('sc:AnnotationList');
      expect(answer.resources.length).toBeGreaterThan(0);
      expect(answer.resources[0]).toMatchObject({ '@type': 'oa:Annotation', motivation: 'sc:painting', resource: { '@type': 'cnt:ContentAsText', chars: word } });
      expect(answer.resources[0].on).toMatch(/\/canvas\/p\d+#xywh=\d+,\d+,\d+,\d+$/);
      expect(answer.hits[0]).toMatchObject({ '@type': 'search:Hit', annotations: [answer.resources[0]['@id']], match: word });
      expect(answer.within.total).toBe(answer.resources.length);
    });
  });
});
