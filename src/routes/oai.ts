/**
 * GET|POST /oai — the OAI-PMH 2.0 provider harvesters (the provincial library, the National
 * Library of China, aggregators) take difang's article records from: oai_dc, MODS and
 * MarcXchange (CNMARC); sets per paper and per paper and year; reviewed and published records.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { cnmarcRecord, toMarcXchange } from '../domain/export/cnmarc.ts';
import { dublinCore } from '../domain/export/dublin-core.ts';
import type { ExportRecord } from '../domain/export/export-record.ts';
import { mods } from '../domain/export/mods.ts';
import { defaultSelection, type ExportSelection } from '../domain/export/selection.ts';
import {
  datestamp,
  datestampBound,
  encodeToken,
  headerXml,
  type RecordHeader,
  metadataFormats,
  OaiError,
  oaiErrorBody,
  oaiResponse,
  parseOaiRequest,
  resumptionXml,
  type ListArguments,
  type OaiRequest,
} from '../domain/oai.ts';
import { articleId, parseId, titleIdSchema } from '../domain/natural-keys.ts';
import { element, textElement } from '../domain/xml.ts';
import { filterValue } from '../domain/search-request.ts';
import { changedAt } from '../domain/search-documents.ts';
import { listTitles } from '../services/browse.ts';
import { ExportRecordLoader, selectArticles, type SelectedHit } from '../services/export-records.ts';
import { indexNames } from '../services/search-indexes.ts';

/** Records per ListRecords answer, and headers per ListIdentifiers answer. */
export const recordsPerPage = 100;
export const identifiersPerPage = 500;

type Ctx = Context<AppEnv>;

export const oaiRoutes = new Hono<AppEnv>();

oaiRoutes.on(['GET', 'POST'], '/oai', async (c) => {
  const params = await requestParams(c);
  const baseUrl = `${c.var.deps.publicBaseUrl}/oai`;
  const responseDate = new Date();
  let body: string;
  let echo: [string, string][] | null = params;
  try {
    const request = parseOaiRequest(params);
    body = await answer(c, request, responseDate);
  } catch (error) {
    if (!(error instanceof OaiError)) throw error;
    if (error.code === 'badVerb' || error.code === 'badArgument') echo = null;
    body = oaiErrorBody(error);
  }
  return c.body(oaiResponse({ baseUrl, responseDate, echo }, body), 200, { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' });
});

async function requestParams(c: Ctx): Promise<[string, string][]> {
  if (c.req.method === 'POST') {
    const type = c.req.header('Content-Type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded')) return [];
    return [...new URLSearchParams(await c.req.text()).entries()];
  }
  return [...new URL(c.req.url).searchParams.entries()];
}

/** The repository part of identifiers: the public host name when it is a domain, else difang.local. */
export function repositoryIdentifier(publicBaseUrl: string): string {
  const host = new URL(publicBaseUrl).hostname;
  return /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/.test(host) ? host : 'difang.local';
}

const oaiIdentifier = (repository: string, id: string) => `oai:${repository}:${id}`;

async function answer(c: Ctx, request: OaiRequest, responseDate: Date): Promise<string> {
  const repository = repositoryIdentifier(c.var.deps.publicBaseUrl);
  switch (request.verb) {
    case 'Identify':
      return identify(c, repository);
    case 'ListMetadataFormats': {
      if (request.identifier) {
        const found = await recordFor(c, repository, request.identifier);
        if ('deleted' in found) throw new OaiError('idDoesNotExist', `the record "${request.identifier}" has been withdrawn`);
      }
      return element(
        'ListMetadataFormats',
        metadataFormats.map((format) => `<metadataFormat>${textElement('metadataPrefix', format.prefix)}${textElement('schema', format.schema)}${textElement('metadataNamespace', format.namespace)}</metadataFormat>`),
      );
    }
    case 'ListSets':
      return element('ListSets', await sets(c));
    case 'GetRecord': {
      formatOf(request.metadataPrefix);
      const found = await recordFor(c, repository, request.identifier);
      return element('GetRecord', ['deleted' in found ? deletedRecordXml(found.deleted) : recordXml(repository, found, request.metadataPrefix)]);
    }
    case 'ListIdentifiers':
    case 'ListRecords':
      return list(c, repository, request.verb, request.list, responseDate);
  }
}

async function identify(c: Ctx, repository: string): Promise<string> {
  const { search } = c.var.services;
  const earliest = await search.search<{ updated: number }>(search.indexUid(indexNames.articles), { q: '', sort: ['updated:asc'], hitsPerPage: 1, attributesToRetrieve: ['updated'] });
  const first = earliest.hits[0]?.updated;
  const baseUrl = `${c.var.deps.publicBaseUrl}/oai`;
  const sample = oaiIdentifier(repository, 'qingyuan-ribao_1995-03-01_ed-1_art-1');
  return element('Identify', [
    textElement('repositoryName', '地方 difang 地方报纸与地方文献档案 / local newspapers and local-history documents'),
    textElement('baseURL', baseUrl),
    textElement('protocolVersion', '2.0'),
    textElement('adminEmail', c.var.deps.adminEmail ?? `archive@${repository}`),
    textElement('earliestDatestamp', datestamp(new Date((first ?? 0) * 1000))),
    // A paper hidden from the public (copyright) takes its records away: they are reported as
    // deleted from then on, also after a restart or a rebuild (the time is in the title record).
    textElement('deletedRecord', 'persistent'),
    textElement('granularity', 'YYYY-MM-DDThh:mm:ssZ'),
    element('description', [
      element(
        'oai-identifier',
        [textElement('scheme', 'oai'), textElement('repositoryIdentifier', repository), textElement('delimiter', ':'), textElement('sampleIdentifier', sample)],
        {
          xmlns: 'http://www.openarchives.org/OAI/2.0/oai-identifier',
          'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
          'xsi:schemaLocation': 'http://www.openarchives.org/OAI/2.0/oai-identifier http://www.openarchives.org/OAI/2.0/oai-identifier.xsd',
        },
      ),
    ]),
  ]);
}

/** A set per paper, and per paper and year: qingyuan-ribao, qingyuan-ribao:1995. */
async function sets(c: Ctx): Promise<string[]> {
  const { search } = c.var.services;
  const titles = await listTitles(c.var.services);
  const years = await search.searchMany(
    titles.map((title) => ({ indexUid: search.indexUid(indexNames.articles), q: '', filter: [`titleId = ${filterValue(title.id)}`, 'hidden = false'], facets: ['year'], hitsPerPage: 0 })),
  );
  const set = (spec: string, name: string) => `<set>${textElement('setSpec', spec)}${textElement('setName', name)}</set>`;
  return titles.flatMap((title, i) => [
    set(title.id, title.name),
    ...Object.keys(years[i]?.facetDistribution?.year ?? {})
      .sort()
      .map((year) => set(`${title.id}:${year}`, `${title.name} ${year}年`)),
  ]);
}

function formatOf(prefix: string) {
  const format = metadataFormats.find((f) => f.prefix === prefix);
  if (!format) throw new OaiError('cannotDisseminateFormat', `"${prefix}" is not offered; ListMetadataFormats says what is`);
  return format;
}

async function selectionOf(c: Ctx, list: ListArguments): Promise<ExportSelection> {
  // Hidden papers' records are listed too, as deleted.
  const selection: ExportSelection = { ...defaultSelection, includeHidden: true };
  if (list.from) selection.changedSince = datestampBound(list.from, 'from');
  if (list.until) selection.changedUntil = datestampBound(list.until, 'until');
  if (list.set) {
    const [title, year, ...rest] = list.set.split(':');
    const titleId = titleIdSchema.safeParse(title);
    if (!titleId.success || rest.length > 0 || (year !== undefined && !/^\d{4}$/.test(year)) || !(await c.var.services.titles.get(titleId.data))) {
      throw new OaiError('noRecordsMatch', `there is no set "${list.set}"`);
    }
    selection.title = titleId.data;
    if (year) Object.assign(selection, { from: year, to: year });
  }
  return selection;
}

async function list(c: Ctx, repository: string, verb: 'ListIdentifiers' | 'ListRecords', list: ListArguments, responseDate: Date): Promise<string> {
  formatOf(list.metadataPrefix);
  // A harvest sees the repository as it was at its first request: later changes wait for the next one.
  const pinned: ListArguments = list.until ? list : { ...list, until: datestamp(responseDate) };
  const selection = await selectionOf(c, pinned);
  const perPage = verb === 'ListRecords' ? recordsPerPage : identifiersPerPage;
  const page = await selectArticles(c.var.services, selection, list.cursor, perPage);
  if (page.total === 0 || (page.ids.length === 0 && list.cursor === 0)) throw new OaiError('noRecordsMatch', 'no records match these arguments');
  if (page.ids.length === 0) throw new OaiError('badResumptionToken', 'the list has changed since this token was issued; start the harvest again');
  let items: string[];
  if (verb === 'ListIdentifiers') {
    // Headers need only what the index holds: no record is read.
    items = page.hits.map((hit) => headerXml(header(repository, hit)));
  } else {
    const loader = new ExportRecordLoader(c.var.services.records, c.var.deps.publicBaseUrl);
    const loaded = await Promise.all(page.hits.map(async (hit) => (hit.hidden ? deletedRecordXml(header(repository, hit)) : await loader.load(hit.id))));
    items = loaded.flatMap((item) => (item === null ? [] : typeof item === 'string' ? [item] : [recordXml(repository, item, list.metadataPrefix)]));
  }
  const nextCursor = list.cursor + page.ids.length;
  const next = nextCursor < page.total ? encodeToken({ verb, ...pinned, cursor: nextCursor }) : null;
  return element(verb, [...items, resumptionXml(next, page.total, list.cursor, list.cursor > 0)]);
}

/** An OAI-PMH header from what the index holds of a record, or from the record itself. */
function header(repository: string, of: SelectedHit): RecordHeader {
  return {
    identifier: oaiIdentifier(repository, of.id),
    datestamp: datestamp(new Date(of.updated * 1000)),
    sets: [of.titleId, ...(of.year !== null ? [`${of.titleId}:${of.year}`] : [])],
    ...(of.hidden ? { deleted: true } : {}),
  };
}

function headerOf(repository: string, record: ExportRecord): RecordHeader {
  const key = record.article.key;
  const year = 'date' in key ? Number(key.date.slice(0, 4)) : record.issue?.published ? Number(record.issue.published.slice(0, 4)) : null;
  return header(repository, { id: articleId(key), updated: changedAt(record.article, record.title), titleId: key.title, year, hidden: record.title.hidden });
}

/** A deleted record is its header alone. */
function deletedRecordXml(deleted: RecordHeader): string {
  return `<record>${headerXml(deleted)}</record>`;
}

function recordXml(repository: string, record: ExportRecord, prefix: string): string {
  const metadata = prefix === 'oai_dc' ? dublinCore(record) : prefix === 'mods' ? mods(record) : toMarcXchange(cnmarcRecord(record));
  return `<record>${headerXml(headerOf(repository, record))}<metadata>${metadata}</metadata></record>`;
}

/** The record an OAI identifier names, if it is one a harvester may have; its deleted header if its paper is hidden. */
async function recordFor(c: Ctx, repository: string, identifier: string): Promise<ExportRecord | { deleted: RecordHeader }> {
  const prefix = `oai:${repository}:`;
  const parsed = identifier.startsWith(prefix) ? parseId(identifier.slice(prefix.length)) : null;
  const missing = new OaiError('idDoesNotExist', `there is no record "${identifier}" in this repository`);
  if (parsed?.kind !== 'article' || !(await c.var.services.titles.get(parsed.key.title))) throw missing;
  const record = await new ExportRecordLoader(c.var.services.records, c.var.deps.publicBaseUrl).load(identifier.slice(prefix.length));
  if (!record || !defaultSelection.statuses.includes(record.article.status)) throw missing;
  return record.title.hidden ? { deleted: headerOf(repository, record) } : record;
}
