/**
 * CNMARC (GB/T 33286-2016, UNIMARC-based) analytic records, one per article, as FIELDS.md maps
 * them; written as ISO 2709 (lengths and offsets in bytes of UTF-8) and as MarcXchange XML
 * (ISO 25577). The paper is the host item (461), the issue and 版次 its part (463).
 */
import { creatorRoles, genres } from '../article.ts';
import { isVolumeKey } from '../natural-keys.ts';
import { element, textElement } from '../xml.ts';
import { exportFacts, type ExportRecord } from './export-record.ts';

export interface ControlField {
  tag: string;
  value: string;
}
export interface DataField {
  tag: string;
  ind1: string;
  ind2: string;
  subfields: { code: string; value: string }[];
}
export type MarcField = ControlField | DataField;
export interface MarcRecord {
  leader: string;
  fields: MarcField[];
}

export const isControlField = (field: MarcField): field is ControlField => 'value' in field;

/** UNIMARC relator codes for 责任者 roles. */
const relatorCodes: Record<keyof typeof creatorRoles, string> = {
  reporter: '070',
  correspondent: '070',
  author: '070',
  photographer: '600',
  editor: '340',
  translator: '730',
  other: '570',
};

const compactDate = (iso: string) => iso.replace(/\D/g, '');

export function cnmarcRecord(record: ExportRecord, options: { agency?: string; agencyCountry?: string } = {}): MarcRecord {
  const { article, title, issue } = record;
  const facts = exportFacts(record);
  const fields: MarcField[] = [];
  const data = (tag: string, ind1: string, ind2: string, subfields: [string, string | null | undefined][]) => {
    const present = subfields.filter((entry): entry is [string, string] => Boolean(entry[1] && entry[1].trim())).map(([code, value]) => ({ code, value: value.trim() }));
    if (present.length > 0) fields.push({ tag, ind1, ind2, subfields: present });
  };
  const updated = new Date(article.updatedAt);
  const year = (facts.date ?? '').slice(0, 4) || '    ';

  fields.push({ tag: '001', value: facts.id });
  fields.push({ tag: '005', value: `${updated.toISOString().replace(/[-:T]/g, '').slice(0, 14)}.0` });
  // 100$a, 36 positions: date entered, type of date (d: single known date), date 1, date 2,
  // audience, government publication, modified record, cataloguing language, transliteration,
  // character sets (50 = ISO 10646), additional sets, script of title (ea = Han).
  const general = [compactDate(article.updatedAt).slice(0, 8), 'd', year, '    ', 'm  ', 'y', '0', 'chi', 'y', '50  ', '    ', 'ea'].join('');
  data('100', ' ', ' ', [['a', general]]);
  data('101', '0', ' ', [['a', article.language]]);
  data('102', ' ', ' ', [['a', 'CN']]);
  data('200', '1', ' ', [
    ['a', article.title || '[无题]'],
    ['e', article.subtitle],
    ['f', article.creators.filter((c) => relatorCodes[c.role] === '070').map((c) => c.name).join('，') || undefined],
    ['g', article.creators.filter((c) => relatorCodes[c.role] !== '070').map((c) => `${c.name}${creatorRoles[c.role]}`).join('，') || undefined],
  ]);
  data('210', ' ', ' ', [
    ['a', title.place],
    ['c', title.publisher],
    ['d', facts.date],
  ]);
  data('300', ' ', ' ', [['a', article.column ? `栏目：${article.column}` : undefined]]);
  data('330', ' ', ' ', [['a', article.abstract]]);
  data('461', ' ', '0', [
    ['t', title.name],
    ['x', title.issn],
    ['y', title.cn],
  ]);
  const part = isVolumeKey(article.key)
    ? [issue?.label ?? `第${article.key.volume}卷`, `第${facts.pageNumbers.join('、')}页`]
    : [facts.issueNo ? `第${facts.issueNo}期` : null, `第${facts.pageNumbers.join('、')}版${facts.pageNames.length ? ` ${facts.pageNames.join('、')}` : ''}`];
  data('463', ' ', '0', [
    ['t', facts.date ? `${title.name} ${facts.date}` : title.name],
    ['v', part.filter(Boolean).join('，')],
  ]);
  data('517', '1', ' ', [['a', article.kicker]]);
  for (const person of article.persons) data('600', ' ', '0', [['a', person]]);
  for (const organization of article.organizations) data('601', '0', '2', [['a', organization]]);
  for (const subject of article.subjects) data('606', '0', ' ', [['a', subject.term], ['z', article.temporal], ['2', subject.scheme]]);
  for (const place of article.places) data('607', ' ', ' ', [['a', place.name], ['3', place.code]]);
  data('608', ' ', ' ', [['a', article.genre ? genres[article.genre] : undefined]]);
  data('610', '0', ' ', article.keywords.map((keyword) => ['a', keyword] as [string, string]));
  for (const clc of article.clc) data('690', ' ', ' ', [['a', clc], ['v', '5']]);
  for (const creator of article.creators) {
    data(relatorCodes[creator.role] === '070' ? '701' : '702', ' ', '0', [['a', creator.name], ['4', relatorCodes[creator.role]]]);
  }
  data('801', ' ', '0', [
    ['a', options.agencyCountry ?? 'CN'],
    ['b', options.agency ?? article.cataloguer ?? 'difang'],
    ['c', compactDate(article.updatedAt).slice(0, 8)],
  ]);
  data('856', '4', ' ', [['u', record.url]]);
  // Leader: status n(ew), type a (language material), level a (analytic), hierarchy 2 (below
  // the host), indicator and subfield-code lengths 2, entry map 450; lengths filled in on output.
  return { leader: '00000naa2 2200000   450 ', fields };
}

const FIELD_END = 0x1e;
const RECORD_END = 0x1d;
const SUBFIELD = 0x1f;
const encoder = new TextEncoder();

/** ISO 2709: leader, directory (tag, length, offset — in bytes), fields, terminators. */
export function toIso2709(record: MarcRecord): Uint8Array {
  const bodies = record.fields.map((field) => {
    const parts: number[] = [];
    if (isControlField(field)) parts.push(...encoder.encode(field.value));
    else {
      parts.push(...encoder.encode(`${field.ind1}${field.ind2}`));
      for (const subfield of field.subfields) parts.push(SUBFIELD, ...encoder.encode(subfield.code + subfield.value));
    }
    parts.push(FIELD_END);
    return Uint8Array.from(parts);
  });
  let offset = 0;
  const directory = record.fields
    .map((field, i) => {
      const entry = `${field.tag}${String(bodies[i]!.length).padStart(4, '0')}${String(offset).padStart(5, '0')}`;
      offset += bodies[i]!.length;
      return entry;
    })
    .join('');
  const baseAddress = 24 + directory.length + 1;
  const length = baseAddress + offset + 1;
  if (length > 99999) throw new RangeError(`record ${record.fields[0] && isControlField(record.fields[0]) ? record.fields[0].value : ''} is longer than ISO 2709 allows (${length} bytes)`);
  const leader = `${String(length).padStart(5, '0')}${record.leader.slice(5, 12)}${String(baseAddress).padStart(5, '0')}${record.leader.slice(17)}`;
  const out = new Uint8Array(length);
  out.set(encoder.encode(leader + directory), 0);
  out[baseAddress - 1] = FIELD_END;
  let at = baseAddress;
  for (const body of bodies) {
    out.set(body, at);
    at += body.length;
  }
  out[at] = RECORD_END;
  return out;
}

export const marcXchangeNamespace = 'info:lc/xmlns/marcxchange-v1';

/** One record as MarcXchange (prefix marc:), declaring the namespace itself unless told not to. */
export function toMarcXchange(record: MarcRecord, options: { declareNamespace?: boolean } = {}): string {
  const fields = record.fields.map((field) =>
    isControlField(field)
      ? textElement('marc:controlfield', field.value, { tag: field.tag })
      : element(
          'marc:datafield',
          field.subfields.map((subfield) => textElement('marc:subfield', subfield.value, { code: subfield.code })),
          { tag: field.tag, ind1: field.ind1, ind2: field.ind2 },
        ),
  );
  // The leader with the lengths ISO 2709 would give, so both forms say the same.
  const leader = new TextDecoder().decode(toIso2709(record).subarray(0, 24));
  return element('marc:record', [textElement('marc:leader', leader), ...fields], {
    ...(options.declareNamespace === false ? {} : { 'xmlns:marc': marcXchangeNamespace }),
    format: 'CNMARC',
    type: 'Bibliographic',
  });
}
