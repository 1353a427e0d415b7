/**
 * iArchives article-segmented export (namespace http://www.iarchives.com/schema/2002/export), as
 * vendors delivered US newspaper digitization: `unit.xml` (the issue: its header items, page
 * refs and article refs), a page file of word boxes per page (<n><r l t r b/><o>word</o></n>), and
 * one file per article with its classification, headline and clipping rectangles — the
 * segmentation people made — each clipping split into zones (a column's share of the article),
 * relative to the clipping. Word boxes become page OCR (words → lines → blocks).
 */
import type { OcrLine, OcrWord, PageOcr } from '../../src/domain/page-ocr.ts';
import { unionBox, type Box } from '../../src/domain/region.ts';
import { groupLinesIntoBlocks } from './group-lines.ts';
import { inputError } from './input-error.ts';
import { walkXml } from './safe-xml.ts';

export const iarchivesNamespace = 'http://www.iarchives.com/schema/2002/export';

const boxOf = (attributes: Record<string, string>): Box | null => {
  const [l, t, r, b] = ['l', 't', 'r', 'b'].map((name) => Number(attributes[name]));
  if (![l, t, r, b].every((n) => Number.isFinite(n)) || r! <= l! || b! <= t! || l! < 0 || t! < 0) return null;
  return { x: l!, y: t!, w: r! - l!, h: b! - t! };
};

const months: Record<string, string> = { JAN: '01', FEB: '02', MAR: '03', APR: '04', MAY: '05', JUN: '06', JUL: '07', AUG: '08', SEP: '09', OCT: '10', NOV: '11', DEC: '12' };

/** The header date as iArchives writes it (13-DEC-1944), as YYYY-MM-DD; null when it is not in that form. */
export function iarchivesDate(value: string): string | null {
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(value.trim());
  const month = match ? months[match[2]!.toUpperCase()] : undefined;
  return match && month ? `${match[3]}-${month}-${match[1]!.padStart(2, '0')}` : null;
}

export interface IarchivesUnit {
  collectionTitle?: string;
  /** YYYY-MM-DD when the header's date reads as one; the text as printed otherwise. */
  date?: string;
  printedDate?: string;
  volume?: string;
  number?: string;
  /** Page files, in page order, relative to the unit file. */
  pages: string[];
  /** Article files, relative to the unit file. */
  articles: string[];
}

/** Header items (name → text and value) of the root element, as every iArchives file starts. */
function headerItems(xml: string, expectedRoot: string, file: { zh: string; en: string }): { root: Record<string, string>; items: Map<string, { text: string; value?: string }>; hrefs: Map<string, string[]> } {
  let rootName = '';
  let rootUri = '';
  let root: Record<string, string> = {};
  const items = new Map<string, { text: string; value?: string }>();
  const hrefs = new Map<string, string[]>();
  let item: { name: string; value?: string } | null = null;
  walkXml(xml, {
    open(element, depth) {
      if (depth === 1) {
        rootName = element.local;
        rootUri = element.uri;
        root = element.attributes;
      }
      if (element.local === 'header-item' && depth === 2) item = { name: element.attributes.name ?? '', ...(element.attributes.value !== undefined ? { value: element.attributes.value } : {}) };
      if ((element.local === 'page-ref' || element.local === 'article-ref') && element.attributes.href) {
        hrefs.set(element.local, [...(hrefs.get(element.local) ?? []), element.attributes.href]);
      }
    },
    close(local, _uri, text) {
      if (local === 'header-item' && item) {
        if (item.name && !items.has(item.name)) items.set(item.name, { text: text.trim(), ...(item.value !== undefined ? { value: item.value } : {}) });
        item = null;
      }
    },
  });
  if (rootName !== expectedRoot || rootUri !== iarchivesNamespace) {
    throw inputError('invalid_metadata', `不是 iArchives ${file.zh}（根元素是 ${rootName}）`, `not an iArchives ${file.en} (root element ${rootName})`);
  }
  return { root, items, hrefs };
}

export function parseIarchivesUnit(xml: string): IarchivesUnit {
  const { root, items, hrefs } = headerItems(xml, 'unit', { zh: '单元文件', en: 'unit file' });
  const printed = items.get('date')?.text;
  const date = printed ? iarchivesDate(printed) : null;
  const volume = items.get('volume');
  const number = items.get('number');
  return {
    ...(root['collection-title']?.trim() ? { collectionTitle: root['collection-title'].trim() } : {}),
    ...(date ? { date } : {}),
    ...(printed ? { printedDate: printed } : {}),
    ...(volume ? { volume: volume.text || volume.value! } : {}),
    ...(number ? { number: number.value ?? number.text } : {}),
    pages: hrefs.get('page-ref') ?? [],
    articles: hrefs.get('article-ref') ?? [],
  };
}

/** Words of one page; lines are words whose vertical middles line up and that follow closely. */
export function parseIarchivesPage(xml: string, image: { imageWidth: number; imageHeight: number }): PageOcr {
  const words: OcrWord[] = [];
  let box: Box | null = null;
  let root = '';
  let taken = false;
  walkXml(xml, {
    open(element, depth) {
      if (depth === 1) root = element.local;
      if (element.local === 'n') {
        box = null;
        taken = false;
      }
      // A word hyphenated over two lines has a box on each: the first stands for it.
      if (element.local === 'r' && !box) box = boxOf(element.attributes);
    },
    close(local, _uri, text) {
      // Alternative readings of one word (<o>now</o><o>new</o>): the first is the OCR's own.
      if (local === 'o' && box && text.trim() && !taken) {
        words.push({ text: text.trim(), box: clip(box, image.imageWidth, image.imageHeight) });
        taken = true;
      }
    },
  });
  if (root !== 'page') throw inputError('invalid_ocr', `不是 iArchives 版面文件（根元素是 ${root}）`, `not an iArchives page file (root element ${root})`);
  return {
    width: image.imageWidth,
    height: image.imageHeight,
    source: { format: 'iarchives' },
    script: 'latin',
    blocks: groupLinesIntoBlocks(wordsIntoLines(withoutAlternatives(words))),
  };
}

/**
 * The export lists other readings of a word as words of their own over the same spot (Def / De,
 * rocc / received, M / MEET): of words that mostly cover each other the largest stands, the
 * fragments it covers are dropped; the words keep the export's order.
 */
function withoutAlternatives(words: OcrWord[]): OcrWord[] {
  const kept = new Set<OcrWord>();
  const byRow = new Map<number, OcrWord[]>();
  const row = (y: number): number => Math.floor(y / 32);
  const largestFirst = [...words].sort((a, b) => b.box.w * b.box.h - a.box.w * a.box.h);
  for (const word of largestFirst) {
    const { x, y, w, h } = word.box;
    const nearby = [row(y) - 1, row(y), row(y) + 1].flatMap((r) => byRow.get(r) ?? []);
    const covered = nearby.some((other) => {
      const overlap = Math.max(0, Math.min(x + w, other.box.x + other.box.w) - Math.max(x, other.box.x)) * Math.max(0, Math.min(y + h, other.box.y + other.box.h) - Math.max(y, other.box.y));
      return overlap > 0.5 * Math.min(w * h, other.box.w * other.box.h);
    });
    if (covered) continue;
    kept.add(word);
    byRow.set(row(y), [...(byRow.get(row(y)) ?? []), word]);
  }
  return words.filter((word) => kept.has(word));
}

function clip(box: Box, width: number, height: number): Box {
  const x = Math.min(box.x, width - 1);
  const y = Math.min(box.y, height - 1);
  return { x, y, w: Math.max(1, Math.min(box.w, width - x)), h: Math.max(1, Math.min(box.h, height - y)) };
}

function wordsIntoLines(words: OcrWord[]): OcrLine[] {
  const heights = words.map((w) => w.box.h).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)] ?? 10;
  const lines: OcrWord[][] = [];
  for (const word of [...words].sort((a, b) => a.box.x - b.box.x)) {
    const middle = word.box.y + word.box.h / 2;
    const line = lines.find((l) => {
      const last = l[l.length - 1]!;
      return Math.abs(last.box.y + last.box.h / 2 - middle) < Math.max(last.box.h, word.box.h) * 0.5 && word.box.x - (last.box.x + last.box.w) < typical * 1.2;
    });
    if (line) line.push(word);
    else lines.push([word]);
  }
  return lines.map((l) => ({ box: unionBox(l.map((w) => w.box))!, words: l })).sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
}

export interface IarchivesClipping {
  /** The rectangle people cut, in page pixels. */
  box: Box;
  /** Its zones (one per column piece), in page pixels and reading order. */
  zones: { type: string; box: Box }[];
}

export interface IarchivesArticle {
  /** article, advertisement, masthead, unclassified, … as the vendor classified it. */
  classification: string;
  headline: string;
  /** The page label of the article's first page (Page 2). */
  pageLabel?: string;
  /** Each page the article is on (its file, relative to the article file) with its clippings. */
  pages: { href: string; clippings: IarchivesClipping[] }[];
}

export function parseIarchivesArticle(xml: string): IarchivesArticle {
  const { root, items } = headerItems(xml, 'article', { zh: '篇目文件', en: 'article file' });
  const article: IarchivesArticle = {
    classification: (root.classification ?? '').trim().toLowerCase(),
    headline: items.get('headline')?.text ?? '',
    ...(items.get('page')?.text ? { pageLabel: items.get('page')!.text } : {}),
    pages: [],
  };
  let clipping: IarchivesClipping | null = null;
  let elementType = '';
  walkXml(xml, {
    open(element) {
      const a = element.attributes;
      if (element.local === 'article-page' && a.href) article.pages.push({ href: a.href, clippings: [] });
      if (element.local === 'article-clipping') {
        const box = boxOf(a);
        clipping = box ? { box, zones: [] } : null;
        if (clipping) article.pages.at(-1)?.clippings.push(clipping);
      }
      if (element.local === 'article-element') elementType = a.type ?? '';
      if (element.local === 'zone' && clipping) {
        const zone = boxOf(a);
        // Zones are relative to their clipping.
        if (zone) clipping.zones.push({ type: elementType, box: { x: clipping.box.x + zone.x, y: clipping.box.y + zone.y, w: zone.w, h: zone.h } });
      }
    },
    close(local) {
      if (local === 'article-clipping') clipping = null;
    },
  });
  return article;
}

/** The rectangles of an article on one page: its zones where the clipping has them, else the clipping. */
export function areasOn(page: IarchivesArticle['pages'][number]): Box[] {
  return page.clippings.flatMap((clipping) => (clipping.zones.length > 0 ? clipping.zones.map((zone) => zone.box) : [clipping.box]));
}
