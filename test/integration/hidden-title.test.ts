/**
 * A paper hidden from the public (copyright) and shown again, on real storage and Meilisearch:
 * readers lose it everywhere (search, browse, IIIF, thumbnails) while staff keep its images
 * (privately cached); OAI-PMH reports its records deleted from that moment — persistently,
 * through a rebuild of the index — and back again when it is shown.
 */
import { RecordStore } from '../../src/services/record-store.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../src/app.ts';
import { staffAuthenticator } from '../../src/services/authenticator.ts';
import type { CatalogRecord } from '../../src/services/catalog.ts';
import { reindex } from '../../src/services/reindex.ts';
import { appOver, fixtureWorld, type IngestWorld } from '../helpers/ingest.ts';
import { canValidateXml, validateXml } from '../helpers/xml-schemas.ts';

const base = 'http://difang.test';
const adminToken = 'hidden-title-admin-token-0123456789';
const page = 'demo-ribao_2023-05-06_ed-1_seq-1';
const published = ['demo-ribao_2023-05-06_ed-1_art-1', 'demo-ribao_2023-05-06_ed-1_art-2'];

describe('hiding a paper from the public', () => {
  let world: IngestWorld;
  let app: ReturnType<typeof createApp>;
  let beforeHiding: string;
  const call = (path: string, init: RequestInit & { admin?: boolean; json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (init.admin) headers.set('Authorization', `Bearer ${adminToken}`);
    if (init.json !== undefined) headers.set('Content-Type', 'application/json');
    return app.request(`${base}${path}`, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
  };
  const oai = async (query: string) => {
    const response = await call(`/oai?${query}`);
    expect(response.status).toBe(200);
    const xml = await response.text();
    if (canValidateXml) expect(await validateXml(xml, 'oai-pmh')).toEqual([]);
    return xml;
  };
  const headers = (xml: string) => [...xml.matchAll(/<header( status="deleted")?><identifier>oai:[^:]+:([^<]+)<\/identifier><datestamp>([^<]+)<\/datestamp>/g)].map((m) => ({ id: m[2]!, deleted: Boolean(m[1]), datestamp: m[3]! }));
  const searchIds = async () => ((await (await call(`/api/search?q=${encodeURIComponent('图书馆')}&per=50`)).json()) as { hits: { id: string }[] }).hits.map((hit) => hit.id);

  beforeAll(async () => {
    world = await fixtureWorld();
    app = appOver(world, base, { auth: staffAuthenticator(adminToken) });
    for (const id of published) {
      const opened = (await (await call(`/api/catalog/articles/${id}`, { admin: true })).json()) as CatalogRecord;
      const submitted = (await (await call(`/api/catalog/articles/${id}/submit`, { method: 'POST', admin: true, json: { version: opened.version } })).json()) as CatalogRecord;
      expect((await call(`/api/catalog/articles/${id}/publish`, { method: 'POST', admin: true, json: { version: submitted.version } })).status).toBe(200);
    }
    await new Promise((done) => setTimeout(done, 1100)); // datestamps have whole seconds
    beforeHiding = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  }, 120_000);
  afterAll(() => world?.close());

  it('is only for administrators', async () => {
    expect((await call('/api/titles/demo-ribao/visibility', { method: 'PUT', json: { hidden: true } })).status).toBe(401);
    expect((await call('/api/titles/no-such-paper/visibility', { method: 'PUT', admin: true, json: { hidden: true } })).status).toBe(404);
    expect((await call('/api/titles/demo-ribao/visibility', { method: 'PUT', admin: true, json: { hidden: 'yes' } })).status).toBe(400);
  });

  it('takes the paper away from readers, keeps its images for staff, and tells harvesters its records are deleted', async () => {
    expect((await searchIds()).some((id) => id.startsWith('demo-ribao_'))).toBe(true);
    const hidden = await call('/api/titles/demo-ribao/visibility', { method: 'PUT', admin: true, json: { hidden: true } });
    expect(hidden.status).toBe(200);
    expect(await hidden.json()).toMatchObject({ hidden: true, changed: true, articles: 7 });

    expect((await searchIds()).some((id) => id.startsWith('demo-ribao_'))).toBe(false);
    expect((await call('/titles/demo-ribao')).status).toBe(404);
    expect((await call(`/api/articles/${published[0]}`)).status).toBe(404);
    expect((await call(`/iiif/3/${page}/info.json`)).status).toBe(404);
    expect((await call(`/thumbnails/${page}.jpg`)).status).toBe(404);
    const staffInfo = await call(`/iiif/3/${page}/info.json`, { admin: true });
    expect(staffInfo.status).toBe(200);
    expect(staffInfo.headers.get('Cache-Control')).toBe('private, no-store');
    const staffTile = await call(`/thumbnails/${page}.jpg`, { admin: true });
    expect(staffTile.status).toBe(200);
    expect(staffTile.headers.get('Cache-Control')).toBe('private, no-store');

    expect(await oai('verb=Identify')).toContain('<deletedRecord>persistent</deletedRecord>');
    const incremental = headers(await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${beforeHiding}`));
    expect(incremental.map((h) => h.id).sort()).toEqual(published);
    for (const header of incremental) {
      expect(header.deleted).toBe(true);
      expect(header.datestamp >= beforeHiding).toBe(true);
    }
    const records = await oai(`verb=ListRecords&metadataPrefix=mods&from=${beforeHiding}`);
    expect(records).not.toContain('<metadata>');
    expect(headers(records).every((h) => h.deleted)).toBe(true);
    const one = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:difang.test:${published[0]}`);
    expect(one).toContain('<header status="deleted">');
    expect(one).not.toContain('<metadata>');
    // Nothing in the set of a hidden paper is anything but deleted.
    expect(headers(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=demo-ribao')).every((h) => h.deleted)).toBe(true);
  });

  it('keeps reporting them deleted, at the same time, after the index is rebuilt', async () => {
    const byId = (list: ReturnType<typeof headers>) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    const before = byId(headers(await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${beforeHiding}`)));
    await reindex(world.store, world.search);
    expect(byId(headers(await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${beforeHiding}`)))).toEqual(before);
    expect((await searchIds()).some((id) => id.startsWith('demo-ribao_'))).toBe(false);
  });

  it('brings everything back when the paper is shown again, as changed then', async () => {
    const deletedAt = headers(await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${beforeHiding}`))[0]!.datestamp;
    await new Promise((done) => setTimeout(done, 1100));
    const shown = await call('/api/titles/demo-ribao/visibility', { method: 'PUT', admin: true, json: { hidden: false } });
    expect(await shown.json()).toMatchObject({ hidden: false, changed: true });
    expect((await searchIds()).some((id) => id.startsWith('demo-ribao_'))).toBe(true);
    expect((await call(`/iiif/3/${page}/info.json`)).headers.get('Cache-Control')).not.toContain('private');
    const back = headers(await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${beforeHiding}`));
    expect(back.map((h) => h.id).sort()).toEqual(published);
    for (const header of back) {
      expect(header.deleted).toBe(false);
      expect(header.datestamp > deletedAt).toBe(true);
    }
    expect(await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:difang.test:${published[0]}`)).toContain('<metadata>');
    // Asking again changes nothing.
    expect(await (await call('/api/titles/demo-ribao/visibility', { method: 'PUT', admin: true, json: { hidden: false } })).json()).toMatchObject({ changed: false });
  });

  it('corrects a title record after its first ingest: IIIF, the API and search say the new values at once (issue 19)', async () => {
    const change = { name: '地方示例日报（更正）', place: '广东省清远市清城区', rights: '公有领域', rightsUri: 'http://rightsstatements.org/vocab/NoC-US/1.0/', publisher: null };
    expect((await call('/api/titles/demo-ribao', { method: 'PATCH', json: change })).status).toBe(401);
    const refused = await call('/api/titles/demo-ribao', { method: 'PATCH', admin: true, json: { rightsUri: 'javascript:alert(1)' } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^请求有误：“rightsUri”/);
    const changed = await call('/api/titles/demo-ribao', { method: 'PATCH', admin: true, json: change });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { changed: string[] }).changed.sort()).toEqual(['name', 'place', 'rights', 'rightsUri']);
    const manifest = (await (await call('/iiif/3/manifests/demo-ribao_2023-05-06_ed-1')).json()) as { rights: string; requiredStatement: { value: Record<string, string[]> } };
    expect(manifest.rights).toBe(change.rightsUri);
    expect(Object.values(manifest.requiredStatement.value).flat()).toContain('公有领域');
    expect(((await (await call('/api/titles/demo-ribao')).json()) as { title: { name: string; place: string } }).title).toMatchObject({ name: change.name, place: change.place });
    const hits = ((await (await call(`/api/search?q=${encodeURIComponent('图书馆')}&title=demo-ribao`)).json()) as { hits: { titleName: string }[] }).hits;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.titleName === change.name)).toBe(true);
    // Changed by another process (the CLI, another replica): this server's title list follows within a second.
    const elsewhere = new RecordStore(world.store);
    const current = (await elsewhere.getTitle('demo-ribao'))!;
    await elsewhere.replace('title', current, { ...current.record, name: '地方示例日报（他处更正）' });
    await new Promise((done) => setTimeout(done, 1100));
    const listed = ((await (await call('/api/titles')).json()) as { titles: { id: string; name: string }[] }).titles;
    expect(listed.find((title) => title.id === 'demo-ribao')?.name).toBe('地方示例日报（他处更正）');
  });
});
