/**
 * METS 1.12 for one issue or volume, the way newspaper programmes package them (ENMAP style):
 * MODS for the issue and for each article, the page images and their ALTO in the fileSec, a
 * physical structMap of pages and a logical structMap of articles whose areas point at the ALTO
 * blocks printed inside the article's regions. https://www.loc.gov/standards/mets/
 */
import type { Article } from '../article.ts';
import type { Issue } from '../issue.ts';
import { isVolumeKey, type IssueKey } from '../natural-keys.ts';
import type { Page } from '../page.ts';
import type { PageOcr } from '../page-ocr.ts';
import { centreWithin } from '../region.ts';
import type { Title } from '../title.ts';
import { element, emptyElement, textElement } from '../xml.ts';
import { altoBlockId } from './alto.ts';
import { mods, modsNamespace } from './mods.ts';
import type { ExportRecord } from './export-record.ts';

export interface PackagePage {
  page: Page;
  ocr: PageOcr | null;
  /** Paths inside the package. */
  imagePath: string;
  imageMimeType: string;
  altoPath: string | null;
}

export interface MetsInput {
  title: Title;
  key: IssueKey;
  issue: Issue | null;
  pages: PackagePage[];
  articles: ExportRecord[];
  created: Date;
}

/** The ALTO blocks of a page whose centres lie inside any of the article's regions there. */
export function blocksOfArticle(article: Pick<Article, 'regions'>, seq: number, ocr: PageOcr): string[] {
  const regions = article.regions.filter((region) => region.seq === seq);
  return ocr.blocks.flatMap((block, index) => (regions.some((region) => centreWithin(region, block.box)) ? [altoBlockId(seq, index)] : []));
}

export function metsDocument(input: MetsInput): string {
  const { title, key, issue } = input;
  const date = isVolumeKey(key) ? issue?.published : key.date;
  const issueMods = element(
    'mods',
    [
      element('titleInfo', [textElement('title', title.name)]),
      textElement('typeOfResource', 'text'),
      element('originInfo', [textElement('dateIssued', date, { encoding: 'w3cdtf' }), textElement('issuance', isVolumeKey(key) ? 'monographic' : 'continuing')]),
      element('part', [
        isVolumeKey(key) ? element('detail', [textElement('number', key.volume)], { type: 'volume' }) : element('detail', [textElement('number', key.edition)], { type: 'edition' }),
        element('detail', [textElement('number', issue?.issueNo)], { type: 'issue' }),
      ]),
    ],
    { xmlns: modsNamespace, version: '3.8' },
  );
  const wrap = (id: string, xml: string) => element('mets:dmdSec', [element('mets:mdWrap', [element('mets:xmlData', [xml])], { MDTYPE: 'MODS' })], { ID: id });
  // Each MODS record keeps MODS as its default namespace, scoped to itself.
  const articleMods = (record: ExportRecord) => mods(record, { standalone: false });
  const pages = [...input.pages].sort((a, b) => a.page.key.seq - b.page.key.seq);
  const fileSec = element('mets:fileSec', [
    element(
      'mets:fileGrp',
      pages.map((p) => element('mets:file', [emptyElement('mets:FLocat', { LOCTYPE: 'URL', 'xlink:href': p.imagePath })], { ID: `IMG${p.page.key.seq}`, MIMETYPE: p.imageMimeType, CHECKSUM: p.page.image.sha256, CHECKSUMTYPE: 'SHA-256' })),
      { USE: 'master' },
    ),
    element(
      'mets:fileGrp',
      pages.filter((p) => p.altoPath).map((p) => element('mets:file', [emptyElement('mets:FLocat', { LOCTYPE: 'URL', 'xlink:href': p.altoPath! })], { ID: `ALTO${p.page.key.seq}`, MIMETYPE: 'text/xml' })),
      { USE: 'ocr' },
    ),
  ]);
  const physical = element(
    'mets:structMap',
    [
      element(
        'mets:div',
        pages.map((p) =>
          element('mets:div', [emptyElement('mets:fptr', { FILEID: `IMG${p.page.key.seq}` }), p.altoPath ? emptyElement('mets:fptr', { FILEID: `ALTO${p.page.key.seq}` }) : ''], {
            ID: `PHYS${p.page.key.seq}`,
            TYPE: 'page',
            ORDER: p.page.key.seq,
            ORDERLABEL: p.page.label,
            LABEL: p.page.section,
          }),
        ),
        { TYPE: isVolumeKey(key) ? 'volume' : 'issue', DMDID: 'DMD_ISSUE' },
      ),
    ],
    { TYPE: 'PHYSICAL' },
  );
  const logical = element(
    'mets:structMap',
    [
      element(
        'mets:div',
        input.articles.map((record) => {
          const n = record.article.key.article;
          const areas = pages.flatMap((p) => (p.ocr && p.altoPath ? blocksOfArticle(record.article, p.page.key.seq, p.ocr).map((block) => emptyElement('mets:area', { FILEID: `ALTO${p.page.key.seq}`, BEGIN: block, BETYPE: 'IDREF' })) : []));
          const pointers = areas.length > 0 ? [element('mets:fptr', [element('mets:seq', areas)])] : [...new Set(record.article.regions.map((r) => r.seq))].map((seq) => emptyElement('mets:fptr', { FILEID: `IMG${seq}` }));
          return element('mets:div', pointers, { ID: `ART${n}`, TYPE: 'article', DMDID: `DMD_ART${n}`, LABEL: record.article.title || undefined }, true);
        }),
        { TYPE: isVolumeKey(key) ? 'volume' : 'issue', DMDID: 'DMD_ISSUE', LABEL: title.name },
        true,
      ),
    ],
    { TYPE: 'LOGICAL' },
  );
  return element(
    'mets:mets',
    [
      element('mets:metsHdr', [element('mets:agent', [textElement('mets:name', 'difang')], { ROLE: 'CREATOR', TYPE: 'OTHER', OTHERTYPE: 'SOFTWARE' })], { CREATEDATE: input.created.toISOString().replace(/\.\d+Z$/, 'Z') }),
      wrap('DMD_ISSUE', issueMods),
      ...input.articles.map((record) => wrap(`DMD_ART${record.article.key.article}`, articleMods(record))),
      fileSec,
      physical,
      logical,
    ],
    {
      'xmlns:mets': 'http://www.loc.gov/METS/',
      'xmlns:xlink': 'http://www.w3.org/1999/xlink',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': `http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/mets.xsd ${modsNamespace} http://www.loc.gov/standards/mods/v3/mods-3-8.xsd`,
      TYPE: 'newspaper',
      LABEL: title.name,
    },
  );
}
