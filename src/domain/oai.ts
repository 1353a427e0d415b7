/**
 * OAI-PMH 2.0 (http://www.openarchives.org/OAI/openarchivesprotocol.html), the pure part: a
 * request checked verb by verb with the protocol's own error codes, resumption tokens that carry
 * everything needed to continue (so they survive a restart), and the XML of the answers.
 */
import { escapeXml, textElement, xmlDeclaration } from './xml.ts';

export const oaiVerbs = ['Identify', 'ListMetadataFormats', 'ListSets', 'ListIdentifiers', 'ListRecords', 'GetRecord'] as const;
export type OaiVerb = (typeof oaiVerbs)[number];

export type OaiErrorCode = 'badArgument' | 'badResumptionToken' | 'badVerb' | 'cannotDisseminateFormat' | 'idDoesNotExist' | 'noRecordsMatch' | 'noMetadataFormats' | 'noSetHierarchy';

export class OaiError extends Error {
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface MetadataFormat {
  prefix: string;
  schema: string;
  namespace: string;
}

export const metadataFormats: MetadataFormat[] = [
  { prefix: 'oai_dc', schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd', namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/' },
  { prefix: 'mods', schema: 'http://www.loc.gov/standards/mods/v3/mods-3-8.xsd', namespace: 'http://www.loc.gov/mods/v3' },
  { prefix: 'marcxchange', schema: 'https://www.loc.gov/standards/iso25577/marcxchange-1-1.xsd', namespace: 'info:lc/xmlns/marcxchange-v1' },
];

/** Arguments each verb takes (required, optional, exclusive), §3.1.1 and §4. */
const verbArguments: Record<OaiVerb, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
};

export interface ListArguments {
  metadataPrefix: string;
  from?: string;
  until?: string;
  set?: string;
  /** Position in the list; 0 for a fresh request. */
  cursor: number;
}

export type OaiRequest =
  | { verb: 'Identify' }
  | { verb: 'ListMetadataFormats'; identifier?: string }
  | { verb: 'ListSets'; cursor: number }
  | { verb: 'ListIdentifiers' | 'ListRecords'; list: ListArguments }
  | { verb: 'GetRecord'; identifier: string; metadataPrefix: string };

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const secondPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A from / until datestamp as an instant (from: its first second; until: its last). */
export function datestampBound(value: string, end: 'from' | 'until'): Date {
  if (dayPattern.test(value)) {
    const date = new Date(`${value}T${end === 'from' ? '00:00:00' : '23:59:59'}Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value) return date;
  } else if (secondPattern.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime()) && date.toISOString().replace('.000Z', 'Z') === value) return date;
  }
  throw new OaiError('badArgument', `${end}: "${value}" is not a datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)`);
}

export function encodeToken(token: ListArguments & { verb: 'ListIdentifiers' | 'ListRecords' | 'ListSets' }): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function decodeToken(value: string, verb: OaiVerb): ListArguments {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<ListArguments> & { verb?: string };
    if (token.verb !== verb || typeof token.cursor !== 'number' || token.cursor < 0 || !Number.isInteger(token.cursor)) throw new Error('shape');
    if (verb !== 'ListSets' && typeof token.metadataPrefix !== 'string') throw new Error('shape');
    return { metadataPrefix: token.metadataPrefix ?? '', cursor: token.cursor, ...(token.from ? { from: token.from } : {}), ...(token.until ? { until: token.until } : {}), ...(token.set ? { set: token.set } : {}) };
  } catch {
    throw new OaiError('badResumptionToken', 'the resumptionToken is not one this repository issued');
  }
}

/** Checks a request's arguments (each name once, only those the verb takes) and reads them. */
export function parseOaiRequest(params: [string, string][]): OaiRequest {
  const values = new Map<string, string>();
  for (const [name, value] of params) {
    if (values.has(name)) throw new OaiError(name === 'verb' ? 'badVerb' : 'badArgument', `${name} is given more than once`);
    values.set(name, value);
  }
  const verb = values.get('verb');
  if (!verb) throw new OaiError('badVerb', 'no verb');
  if (!(oaiVerbs as readonly string[]).includes(verb)) throw new OaiError('badVerb', `"${verb}" is not an OAI-PMH verb`);
  const rules = verbArguments[verb as OaiVerb];
  values.delete('verb');
  const allowed = new Set([...rules.required, ...rules.optional, ...(rules.exclusive ? [rules.exclusive] : [])]);
  for (const name of values.keys()) if (!allowed.has(name)) throw new OaiError('badArgument', `${verb} does not take the argument ${name}`);

  if (rules.exclusive && values.has(rules.exclusive)) {
    if (values.size > 1) throw new OaiError('badArgument', `${rules.exclusive} must be the only argument besides verb`);
    const token = decodeToken(values.get(rules.exclusive)!, verb as OaiVerb);
    if (verb === 'ListSets') return { verb, cursor: token.cursor };
    return { verb: verb as 'ListIdentifiers' | 'ListRecords', list: token };
  }
  for (const name of rules.required) if (!values.get(name)) throw new OaiError('badArgument', `${verb} needs the argument ${name}`);

  switch (verb as OaiVerb) {
    case 'Identify':
      return { verb: 'Identify' };
    case 'ListMetadataFormats':
      return { verb: 'ListMetadataFormats', ...(values.has('identifier') ? { identifier: values.get('identifier')! } : {}) };
    case 'ListSets':
      return { verb: 'ListSets', cursor: 0 };
    case 'GetRecord':
      return { verb: 'GetRecord', identifier: values.get('identifier')!, metadataPrefix: values.get('metadataPrefix')! };
    default: {
      const from = values.get('from');
      const until = values.get('until');
      if (from) datestampBound(from, 'from');
      if (until) datestampBound(until, 'until');
      if (from && until) {
        if (from.length !== until.length) throw new OaiError('badArgument', 'from and until must have the same granularity');
        if (datestampBound(from, 'from') > datestampBound(until, 'until')) throw new OaiError('badArgument', 'from is later than until');
      }
      return {
        verb: verb as 'ListIdentifiers' | 'ListRecords',
        list: { metadataPrefix: values.get('metadataPrefix')!, cursor: 0, ...(from ? { from } : {}), ...(until ? { until } : {}), ...(values.has('set') ? { set: values.get('set')! } : {}) },
      };
    }
  }
}

/** Seconds-granularity datestamp: 2026-11-23T08:00:00Z. */
export const datestamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface OaiEnvelope {
  baseUrl: string;
  responseDate: Date;
  /** The request's arguments, echoed unless the request was refused for badVerb / badArgument. */
  echo: [string, string][] | null;
}

export function oaiResponse(envelope: OaiEnvelope, body: string): string {
  const attributes = (envelope.echo ?? []).map(([name, value]) => ` ${name}="${escapeXml(value)}"`).join('');
  return (
    xmlDeclaration +
    '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">' +
    `<responseDate>${datestamp(envelope.responseDate)}</responseDate>` +
    `<request${attributes}>${escapeXml(envelope.baseUrl)}</request>` +
    body +
    '</OAI-PMH>\n'
  );
}

export function oaiErrorBody(error: OaiError): string {
  return textElement('error', error.message, { code: error.code }) || `<error code="${error.code}"/>`;
}

export interface RecordHeader {
  identifier: string;
  datestamp: string;
  sets: string[];
  /** The record was withdrawn at `datestamp` (its paper hidden from the public); kept persistently. */
  deleted?: boolean;
}

export function headerXml(header: RecordHeader): string {
  return `<header${header.deleted ? ' status="deleted"' : ''}>${textElement('identifier', header.identifier)}${textElement('datestamp', header.datestamp)}${header.sets.map((set) => textElement('setSpec', set)).join('')}</header>`;
}

/** The resumptionToken element: a token while more remain; an empty one on the last page of a resumed list. */
export function resumptionXml(next: string | null, completeListSize: number, cursor: number, resumed: boolean): string {
  if (next === null && !resumed) return '';
  return `<resumptionToken completeListSize="${completeListSize}" cursor="${cursor}">${next ? escapeXml(next) : ''}</resumptionToken>`;
}
