/**
 * METS issue files → what an issue holds: its pages (in order, with their image and OCR files),
 * the issue's date, edition and numbers from MODS, and — where there is a logical structMap
 * (Europeana Newspapers ENMAP, CCS docWorks) — its articles as areas of ALTO blocks.
 * Covers the NDNP issue profile (np:issue / np:page) and generic METS with PHYSICAL / LOGICAL maps.
 * @see https://www.loc.gov/standards/mets/ · https://www.loc.gov/ndnp/guidelines/
 */
import { childNamed, childrenNamed, descendantsNamed, parseXmlTree, type XmlElement } from './safe-xml.ts';
import { inputError } from './input-error.ts';

export interface MetsFile {
  id: string;
  href: string;
  use?: string;
  mimetype?: string;
  group?: string;
}

export interface MetsPage {
  /** Position in the physical structMap, from 1. */
  order: number;
  /** The printed page number (NDNP page MODS, or ORDERLABEL). */
  pageNumber?: number;
  label?: string;
  files: MetsFile[];
}

export interface MetsArea {
  /** The OCR (ALTO) file the area points into. */
  file: MetsFile;
  /** TextBlock (or other element) id in that file, when the area is an IDREF range. */
  begin?: string;
  end?: string;
}

export interface MetsArticle {
  id: string;
  type: string;
  label?: string;
  /** MODS language of the article, as written there (fr, fre, French). */
  language?: string;
  /** Areas making up the headline (HEADING / TITLE divs), if marked. */
  headline: MetsArea[];
  /** All areas of the article, headline included, in document order. */
  areas: MetsArea[];
}

export interface MetsIssue {
  label?: string;
  profile?: string;
  lccn?: string;
  title?: string;
  date?: string;
  edition?: number;
  editionLabel?: string;
  volume?: string;
  issueNo?: string;
  /** MODS language of the issue or title, as written there (fr, fre, French). */
  language?: string;
  pages: MetsPage[];
  articles: MetsArticle[];
}

const articleTypes = new Set(['article', 'advertisement', 'illustration', 'picture', 'section', 'chapter', 'obituary', 'review', 'table', 'map']);
const headlineTypes = new Set(['heading', 'title', 'headline']);

export function parseMets(xml: string): MetsIssue {
  const root = parseXmlTree(xml);
  if (root.local !== 'mets') throw inputError('invalid_metadata', `根元素是 <${root.local}>，不是 METS`, `the root element is <${root.local}>, not METS`);

  const files = new Map<string, MetsFile>();
  for (const group of descendantsNamed(root, 'fileGrp')) {
    for (const file of childrenNamed(group, 'file')) {
      const location = childNamed(file, 'FLocat');
      const href = location?.attributes['xlink:href'] ?? location?.attributes.href;
      const id = file.attributes.ID;
      if (id && href) files.set(id, { id, href: href.replace(/^file:\/\//, ''), use: file.attributes.USE ?? group.attributes.USE, mimetype: file.attributes.MIMETYPE, group: group.attributes.ID });
    }
  }
  const dmd = new Map(childrenNamed(root, 'dmdSec').map((section) => [section.attributes.ID ?? '', section]));
  const structMaps = childrenNamed(root, 'structMap');
  const physical = structMaps.find((map) => (map.attributes.TYPE ?? '').toUpperCase() === 'PHYSICAL') ?? structMaps.find((map) => !map.attributes.TYPE);
  const logical = structMaps.find((map) => (map.attributes.TYPE ?? '').toUpperCase() === 'LOGICAL');

  const issueMods = findIssueMods(root, dmd, structMaps);
  const pages = physical ? readPages(physical, files, dmd) : [];
  return {
    label: root.attributes.LABEL,
    profile: root.attributes.PROFILE,
    ...issueMods,
    pages,
    articles: logical ? readArticles(logical, files, dmd) : [],
  };
}

function readPages(physical: XmlElement, files: Map<string, MetsFile>, dmd: Map<string, XmlElement>): MetsPage[] {
  const pageDivs = descendantsNamed(physical, 'div').filter((div) => /page$/i.test(div.attributes.TYPE ?? ''));
  return pageDivs.map((div, index) => {
    const pageFiles = descendantsNamed(div, 'fptr')
      .flatMap((fptr) => [fptr.attributes.FILEID, ...descendantsNamed(fptr, 'area').map((area) => area.attributes.FILEID)])
      .filter((id): id is string => Boolean(id))
      .map((id) => files.get(id))
      .filter((file): file is MetsFile => Boolean(file));
    const mods = modsOf(div, dmd);
    const numberText = mods ? descendantsNamed(mods, 'detail').find((d) => d.attributes.type === 'page number')?.children.find((c) => c.local === 'number')?.text : undefined;
    const pageNumber = Number(numberText ?? div.attributes.ORDERLABEL);
    return {
      order: Number(div.attributes.ORDER) || index + 1,
      ...(Number.isInteger(pageNumber) && pageNumber > 0 ? { pageNumber } : {}),
      ...(div.attributes.ORDERLABEL || div.attributes.LABEL ? { label: div.attributes.ORDERLABEL ?? div.attributes.LABEL } : {}),
      files: [...new Map(pageFiles.map((f) => [f.id, f])).values()],
    };
  });
}

function readArticles(logical: XmlElement, files: Map<string, MetsFile>, dmd: Map<string, XmlElement>): MetsArticle[] {
  const articles: MetsArticle[] = [];
  const visit = (div: XmlElement): void => {
    const type = (div.attributes.TYPE ?? '').toLowerCase();
    if (articleTypes.has(type) && descendantsNamed(div, 'area').length > 0 && type !== 'section') {
      // A HEADING division and the TITLE inside it name the same areas: each area counts once.
      const headline = uniqueAreas(
        descendantsNamed(div, 'div')
          .filter((child) => headlineTypes.has((child.attributes.TYPE ?? '').toLowerCase()))
          .flatMap((child) => areasOf(child, files)),
      );
      const language = languageOf(modsSectionsOf(div, dmd));
      articles.push({ id: div.attributes.ID ?? `article-${articles.length + 1}`, type, label: div.attributes.LABEL, ...(language ? { language } : {}), headline, areas: uniqueAreas(areasOf(div, files)) });
      return;
    }
    for (const child of childrenNamed(div, 'div')) visit(child);
  };
  for (const div of childrenNamed(logical, 'div')) visit(div);
  return articles;
}

function areasOf(div: XmlElement, files: Map<string, MetsFile>): MetsArea[] {
  return descendantsNamed(div, 'area')
    .map((area) => {
      const file = files.get(area.attributes.FILEID ?? '');
      return file ? { file, ...(area.attributes.BEGIN ? { begin: area.attributes.BEGIN } : {}), ...(area.attributes.END ? { end: area.attributes.END } : {}) } : null;
    })
    .filter((area): area is MetsArea => area !== null);
}

function uniqueAreas(areas: MetsArea[]): MetsArea[] {
  const seen = new Set<string>();
  return areas.filter((area) => {
    const key = `${area.file.id}#${area.begin ?? ''}#${area.end ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every MODS record a division references (DMDID may list several sections), in the order listed. */
function modsSectionsOf(div: XmlElement, dmd: Map<string, XmlElement>): XmlElement[] {
  return (div.attributes.DMDID ?? '')
    .split(/\s+/)
    .flatMap((id) => {
      const section = dmd.get(id);
      return section ? descendantsNamed(section, 'mods').slice(0, 1) : [];
    });
}

function modsOf(div: XmlElement, dmd: Map<string, XmlElement>): XmlElement | undefined {
  return modsSectionsOf(div, dmd)[0];
}

/** The first language a list of MODS records states (a code or a name, as written). */
function languageOf(records: XmlElement[]): string | undefined {
  for (const mods of records) {
    const terms = descendantsNamed(mods, 'languageTerm').map((term) => term.text.trim()).filter(Boolean);
    if (terms[0]) return terms[0];
  }
  return undefined;
}

/**
 * The issue's MODS: what the issue divisions of either structMap reference (each DMDID may name
 * several sections — CCS docWorks puts the date in the second), then the document's other MODS.
 * Each field comes from the first record that has it.
 */
function findIssueMods(root: XmlElement, dmd: Map<string, XmlElement>, structMaps: XmlElement[]): Omit<MetsIssue, 'pages' | 'articles' | 'label' | 'profile'> {
  const issueDivs = structMaps.flatMap((map) => descendantsNamed(map, 'div').filter((div) => /issue$/i.test(div.attributes.TYPE ?? '')));
  const topDivs = structMaps.flatMap((map) => childrenNamed(map, 'div'));
  const referenced = [...issueDivs, ...topDivs].flatMap((div) => modsSectionsOf(div, dmd));
  // Records of articles and pages describe those, not the issue (an article's title is no paper's name).
  const partTypes = (div: XmlElement): boolean => articleTypes.has((div.attributes.TYPE ?? '').toLowerCase()) || /page$/i.test(div.attributes.TYPE ?? '');
  const ofParts = new Set(structMaps.flatMap((map) => descendantsNamed(map, 'div').filter(partTypes).flatMap((div) => modsSectionsOf(div, dmd))));
  const records = [...new Set([...referenced, ...descendantsNamed(root, 'mods').filter((mods) => !ofParts.has(mods))])];
  if (records.length === 0) return {};
  const first = <T>(read: (mods: XmlElement) => T | undefined): T | undefined => {
    for (const mods of records) {
      const value = read(mods);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const detail = (mods: XmlElement, type: string): XmlElement | undefined => descendantsNamed(mods, 'detail').find((d) => d.attributes.type === type);
  const numberOf = (type: string): string | undefined =>
    first((mods) => {
      const found = detail(mods, type);
      return (found ? childNamed(found, 'number')?.text.trim() : undefined) || undefined;
    });
  const edition = Number(numberOf('edition'));
  const dateIssued = first((mods) => descendantsNamed(mods, 'dateIssued').map((d) => d.text.trim()).find(Boolean));
  const lccn = first((mods) => descendantsNamed(mods, 'identifier').find((id) => id.attributes.type === 'lccn')?.text.trim() || undefined);
  const title = first((mods) => descendantsNamed(mods, 'title')[0]?.text.trim() || undefined);
  const editionLabel = first((mods) => {
    const found = detail(mods, 'edition');
    return (found ? childNamed(found, 'caption')?.text.trim() : undefined) || undefined;
  });
  const issueNo = numberOf('issue') ?? first((mods) => descendantsNamed(mods, 'partNumber')[0]?.text.trim() || undefined);
  const language = languageOf(records);
  return {
    ...(lccn ? { lccn } : {}),
    ...(title ? { title } : {}),
    ...(dateIssued ? { date: isoDateOf(dateIssued) ?? dateIssued } : {}),
    ...(Number.isInteger(edition) && edition > 0 ? { edition } : {}),
    ...(editionLabel ? { editionLabel } : {}),
    ...(numberOf('volume') ? { volume: numberOf('volume') } : {}),
    ...(issueNo ? { issueNo } : {}),
    ...(language ? { language } : {}),
  };
}

/** A MODS date as YYYY-MM-DD: ISO (with or without a time), YYYYMMDD, or the European DD.MM.YYYY. */
export function isoDateOf(value: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(value) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const european = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(value);
  if (european) return `${european[3]}-${european[2]!.padStart(2, '0')}-${european[1]!.padStart(2, '0')}`;
  return null;
}

/** An NDNP batch file: where each issue's METS lives. */
export interface NdnpBatchIssue {
  lccn?: string;
  date?: string;
  edition?: number;
  href: string;
}

export function parseNdnpBatch(xml: string): { name?: string; issues: NdnpBatchIssue[] } {
  const root = parseXmlTree(xml);
  if (root.local !== 'batch') throw inputError('invalid_metadata', `根元素是 <${root.local}>，不是 NDNP batch`, `the root element is <${root.local}>, not an NDNP batch`);
  return {
    name: root.attributes.name,
    issues: childrenNamed(root, 'issue').map((issue) => {
      const edition = Number(issue.attributes.editionOrder);
      return {
        ...(issue.attributes.lccn ? { lccn: issue.attributes.lccn } : {}),
        ...(issue.attributes.issueDate ? { date: issue.attributes.issueDate } : {}),
        ...(Number.isInteger(edition) && edition > 0 ? { edition } : {}),
        href: issue.text.trim(),
      };
    }),
  };
}
