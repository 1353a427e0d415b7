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

  const issueMods = findIssueMods(root, dmd, physical);
  const pages = physical ? readPages(physical, files, dmd) : [];
  return {
    label: root.attributes.LABEL,
    profile: root.attributes.PROFILE,
    ...issueMods,
    pages,
    articles: logical ? readArticles(logical, files) : [],
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

function readArticles(logical: XmlElement, files: Map<string, MetsFile>): MetsArticle[] {
  const articles: MetsArticle[] = [];
  const visit = (div: XmlElement): void => {
    const type = (div.attributes.TYPE ?? '').toLowerCase();
    if (articleTypes.has(type) && descendantsNamed(div, 'area').length > 0 && type !== 'section') {
      const headline = descendantsNamed(div, 'div')
        .filter((child) => headlineTypes.has((child.attributes.TYPE ?? '').toLowerCase()))
        .flatMap((child) => areasOf(child, files));
      articles.push({ id: div.attributes.ID ?? `article-${articles.length + 1}`, type, label: div.attributes.LABEL, headline, areas: areasOf(div, files) });
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

function modsOf(div: XmlElement, dmd: Map<string, XmlElement>): XmlElement | undefined {
  for (const id of (div.attributes.DMDID ?? '').split(/\s+/)) {
    const section = dmd.get(id);
    const mods = section ? descendantsNamed(section, 'mods')[0] : undefined;
    if (mods) return mods;
  }
  return undefined;
}

function findIssueMods(root: XmlElement, dmd: Map<string, XmlElement>, physical: XmlElement | undefined): Omit<MetsIssue, 'pages' | 'articles' | 'label' | 'profile'> {
  const issueDiv = physical ? descendantsNamed(physical, 'div').find((div) => /issue$/i.test(div.attributes.TYPE ?? '')) : undefined;
  const mods = (issueDiv && modsOf(issueDiv, dmd)) ?? descendantsNamed(root, 'mods')[0];
  if (!mods) return {};
  const detail = (type: string): XmlElement | undefined => descendantsNamed(mods, 'detail').find((d) => d.attributes.type === type);
  const numberOf = (type: string): string | undefined => {
    const value = detail(type) ? childNamed(detail(type)!, 'number')?.text.trim() : undefined;
    return value || undefined;
  };
  const edition = Number(numberOf('edition'));
  const dateIssued = descendantsNamed(mods, 'dateIssued')[0]?.text.trim();
  const lccn = descendantsNamed(mods, 'identifier').find((id) => id.attributes.type === 'lccn')?.text.trim();
  const title = descendantsNamed(mods, 'title')[0]?.text.trim();
  const editionDetail = detail('edition');
  return {
    ...(lccn ? { lccn } : {}),
    ...(title ? { title } : {}),
    ...(dateIssued ? { date: dateIssued } : {}),
    ...(Number.isInteger(edition) && edition > 0 ? { edition } : {}),
    ...(editionDetail && childNamed(editionDetail, 'caption')?.text.trim() ? { editionLabel: childNamed(editionDetail, 'caption')!.text.trim() } : {}),
    ...(numberOf('volume') ? { volume: numberOf('volume') } : {}),
    ...(numberOf('issue') ? { issueNo: numberOf('issue') } : {}),
  };
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
