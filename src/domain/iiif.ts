/**
 * IIIF documents built from difang's records, as pure functions of them and the base URL:
 * Image API 3.0 info.json (rebased to where it is served), a Presentation 3.0 Manifest per issue
 * (a Canvas per page, a Range per article, OCR lines as supplementing annotations), a Collection
 * per title and Content Search 2.0 answers. Every id is an absolute URL under `base`.
 *
 * Specs: https://iiif.io/api/image/3.0/, https://iiif.io/api/presentation/3.0/,
 * https://iiif.io/api/search/2.0/
 */
import type { Article } from './article.ts';
import type { Issue } from './issue.ts';
import { issueId, isVolumeKey, pageId, urls, type IssueKey, type PageKey } from './natural-keys.ts';
import type { OcrText } from './ocr-text.ts';
import type { Page } from './page.ts';
import { unionBox, type Box } from './region.ts';
import type { Title } from './title.ts';

export const presentationContext = 'http://iiif.io/api/presentation/3/context.json';
export const searchContext = 'http://iiif.io/api/search/2/context.json';
export const imageContext = 'http://iiif.io/api/image/3/context.json';

/** A IIIF language map: Chinese as zh-Hans, with English beside it where difang has it. */
export type LanguageMap = Record<string, string[]>;

type Json = Record<string, unknown>;

/** The info.json as stored at ingest, with its `id` set to the URL it is served from now. */
export function rebaseImageInfo(info: Json, serviceUrl: string): Json {
  return { ...info, '@context': imageContext, id: serviceUrl };
}

export const iiifUrls = {
  imageService: (base: string, key: PageKey): string => `${base}${urls.iiifImage(key)}`,
  manifest: (base: string, key: IssueKey): string => `${base}${urls.iiifManifest(key)}`,
  canvas: (base: string, key: PageKey): string => `${base}${urls.iiifManifest(key)}/canvas/p${key.seq}`,
  collection: (base: string, title: string): string => `${base}/iiif/3/collections/${title}`,
  ocrAnnotations: (base: string, key: PageKey): string => `${base}/iiif/3/annotations/${pageId(key)}`,
  search: (base: string, key: IssueKey): string => `${base}/iiif/3/search/${issueId(key)}`,
  /** The same search answered in Content Search 1.0, which Mirador and the Universal Viewer discover. */
  searchV1: (base: string, key: IssueKey): string => `${base}/iiif/search/1/${issueId(key)}`,
};

/** "地方示例日报 2023年5月4日" / "… 第1卷": how an issue or volume is named. */
export function issueLabel(title: Title, key: IssueKey, issue: Issue | null): { zh: string; en: string } {
  if (isVolumeKey(key)) {
    const volume = issue?.label ?? `第${key.volume}卷`;
    return { zh: `${title.name} ${volume}`, en: `${title.name}, vol. ${key.volume}` };
  }
  const [year, month, day] = key.date.split('-').map(Number);
  const edition = key.edition > 1 ? ` 第${key.edition}版次` : '';
  return { zh: `${title.name} ${year}年${month}月${day}日${edition}`, en: `${title.name}, ${key.date}${key.edition > 1 ? ` (edition ${key.edition})` : ''}` };
}

/** "第3版 经济" / "page 3": how a page is named on its canvas. */
export function pageLabel(page: Pick<Page, 'label' | 'section'> & { key: { seq: number } }): { zh: string; en: string } {
  const zh = [page.label ?? `第${page.key.seq}页`, page.section].filter(Boolean).join(' ');
  return { zh, en: [`page ${page.key.seq}`, page.section].filter(Boolean).join(' ') };
}

const both = (text: { zh: string; en: string }): LanguageMap => ({ 'zh-Hans': [text.zh], en: [text.en] });
const zhOnly = (text: string): LanguageMap => ({ 'zh-Hans': [text] });
const entry = (zh: string, en: string, value: string): Json => ({ label: { 'zh-Hans': [zh], en: [en] }, value: zhOnly(value) });
const xywh = (box: Box): string => `xywh=${box.x},${box.y},${box.w},${box.h}`;

export interface ManifestInput {
  base: string;
  title: Title;
  key: IssueKey;
  issue: Issue | null;
  pages: Page[];
  articles: Pick<Article, 'key' | 'title' | 'regions'>[];
}

/** Presentation 3.0 Manifest of one issue or volume. */
export function issueManifest({ base, title, key, issue, pages, articles }: ManifestInput): Json {
  const id = iiifUrls.manifest(base, key);
  const label = issueLabel(title, key, issue);
  const metadata: Json[] = [entry('报纸名', 'Title', title.name)];
  if (!isVolumeKey(key)) metadata.push(entry('出版日期', 'Date', key.date));
  if (issue?.issueNo) metadata.push(entry('期号', 'Issue number', issue.issueNo));
  if (issue?.printedDate) metadata.push(entry('刊印日期', 'Date as printed', issue.printedDate));
  if (title.place) metadata.push(entry('出版地', 'Place of publication', title.place));
  if (title.cn) metadata.push(entry('刊号', 'CN number', title.cn));
  metadata.push(entry('版数', 'Pages', String(pages.length)));

  const sorted = [...pages].sort((a, b) => a.key.seq - b.key.seq);
  const canvasOf = new Map(sorted.map((page) => [page.key.seq, iiifUrls.canvas(base, page.key)]));
  const manifest: Json = {
    '@context': presentationContext,
    id,
    type: 'Manifest',
    label: both(label),
    metadata,
    summary: zhOnly(`${label.zh}，共 ${pages.length} 版，${articles.length} 篇`),
    requiredStatement: { label: { 'zh-Hans': ['权限'], en: ['Rights'] }, value: zhOnly(title.rights) },
    ...(title.rightsUri ? { rights: title.rightsUri } : {}),
    ...(isVolumeKey(key) ? {} : { navDate: `${key.date}T00:00:00Z` }),
    viewingDirection: 'left-to-right',
    behavior: ['individuals'],
    homepage: [{ id: `${base}${urls.issue(key)}`, type: 'Text', label: both(label), format: 'text/html', language: ['zh-Hans'] }],
    partOf: [{ id: iiifUrls.collection(base, title.key.title), type: 'Collection' }],
    service: [
      { id: iiifUrls.search(base, key), type: 'SearchService2' },
      // Mirador 4 and the Universal Viewer look for a search service by its 1.0 profile.
      { '@id': iiifUrls.searchV1(base, key), '@type': 'SearchService1', profile: 'http://iiif.io/api/search/1/search' },
    ],
    items: sorted.map((page) => pageCanvas(base, page)),
  };
  const ranges = articles
    .map((article) => {
      const items = article.regions
        .filter((region) => canvasOf.has(region.seq))
        .map((region) => ({ id: `${canvasOf.get(region.seq)}#${xywh(region)}`, type: 'Canvas' }));
      if (items.length === 0) return null;
      return {
        id: `${id}/range/art-${article.key.article}`,
        type: 'Range',
        label: zhOnly(article.title || '（无题）'),
        homepage: [{ id: `${base}${urls.article(article.key)}`, type: 'Text', label: zhOnly(article.title || '（无题）'), format: 'text/html' }],
        items,
      };
    })
    .filter((range) => range !== null);
  if (ranges.length > 0) manifest.structures = ranges;
  return manifest;
}

function pageCanvas(base: string, page: Page): Json {
  const canvas = iiifUrls.canvas(base, page.key);
  const service = iiifUrls.imageService(base, page.key);
  const canvasJson: Json = {
    id: canvas,
    type: 'Canvas',
    label: both(pageLabel(page)),
    width: page.width,
    height: page.height,
    thumbnail: [{ id: `${base}${urls.thumbnail(page.key)}`, type: 'Image', format: 'image/jpeg' }],
    items: [
      {
        id: `${canvas}/page`,
        type: 'AnnotationPage',
        items: [
          {
            id: `${canvas}/page/image`,
            type: 'Annotation',
            motivation: 'painting',
            body: {
              // The largest size a level-0 service offers is the full image, tiled.
              id: `${service}/full/max/0/default.jpg`,
              type: 'Image',
              format: 'image/jpeg',
              width: page.width,
              height: page.height,
              service: [{ id: service, type: 'ImageService3', profile: 'level0' }],
            },
            target: canvas,
          },
        ],
      },
    ],
  };
  if (page.ocr.words > 0) {
    canvasJson.annotations = [{ id: iiifUrls.ocrAnnotations(base, page.key), type: 'AnnotationPage', label: { 'zh-Hans': ['OCR 文字'], en: ['OCR text'] } }];
  }
  return canvasJson;
}

/** One page's OCR as an AnnotationPage of supplementing annotations, a line each. */
export function ocrAnnotationPage(base: string, key: PageKey, text: Pick<OcrText, 'text' | 'words'>, language = 'zh-Hans'): Json {
  const id = iiifUrls.ocrAnnotations(base, key);
  const canvas = iiifUrls.canvas(base, key);
  const items: Json[] = [];
  for (const line of ocrLines(text)) {
    items.push({
      id: `${id}/line-${items.length + 1}`,
      type: 'Annotation',
      motivation: 'supplementing',
      body: { type: 'TextualBody', value: line.text, format: 'text/plain', language },
      target: `${canvas}#${xywh(line.box)}`,
    });
  }
  return { '@context': presentationContext, id, type: 'AnnotationPage', items };
}

/** Lines of an OCR text with the box around each (words grouped by their block and line). */
export function ocrLines(text: Pick<OcrText, 'text' | 'words'>): { text: string; box: Box }[] {
  const lines: { text: string; box: Box }[] = [];
  let i = 0;
  while (i < text.words.length) {
    const first = text.words[i]!;
    let j = i;
    while (j + 1 < text.words.length && text.words[j + 1]!.block === first.block && text.words[j + 1]!.line === first.line) j++;
    const words = text.words.slice(i, j + 1);
    const box = unionBox(words.map((word) => word.box))!;
    const lineText = text.text.slice(first.start, words[words.length - 1]!.end).replace(/\s+/g, ' ').trim();
    if (lineText) lines.push({ text: lineText, box: { ...box, w: Math.max(1, box.w), h: Math.max(1, box.h) } });
    i = j + 1;
  }
  return lines;
}

export interface CollectionInput {
  base: string;
  title: Title;
  issues: { key: IssueKey; label: { zh: string; en: string } }[];
}

/** Presentation 3.0 Collection of a title: its issues' manifests in order. */
export function titleCollection({ base, title, issues }: CollectionInput): Json {
  return {
    '@context': presentationContext,
    id: iiifUrls.collection(base, title.key.title),
    type: 'Collection',
    label: zhOnly(title.name),
    requiredStatement: { label: { 'zh-Hans': ['权限'], en: ['Rights'] }, value: zhOnly(title.rights) },
    ...(title.rightsUri ? { rights: title.rightsUri } : {}),
    homepage: [{ id: `${base}${urls.title(title.key.title)}`, type: 'Text', label: zhOnly(title.name), format: 'text/html' }],
    items: issues.map((issue) => ({
      id: iiifUrls.manifest(base, issue.key),
      type: 'Manifest',
      label: both(issue.label),
      ...(isVolumeKey(issue.key) ? {} : { navDate: `${issue.key.date}T00:00:00Z` }),
    })),
  };
}

export interface SearchHitOnPage {
  key: PageKey;
  box: Box;
  /** The matched text and a little on each side, for the hit list. */
  exact: string;
  prefix: string;
  suffix: string;
  /** Which match of the issue the box belongs to: a match printed over several boxes (a line break) is one hit. */
  match: number;
}

/**
 * Content Search 1.0 answer (an sc:AnnotationList of painting annotations on `canvas#xywh`, with
 * a search:Hit for each carrying the text before and after): what Mirador 4 lists in its search
 * panel and outlines on the page.
 * @see https://iiif.io/api/search/1.0/
 */
export function searchAnswerV1(base: string, requestUrl: string, manifestKey: IssueKey, hits: SearchHitOnPage[]): Json {
  const manifest = iiifUrls.manifest(base, manifestKey);
  const annotationId = (i: number): string => `${manifest}/search-hit/${i + 1}`;
  return {
    '@context': ['http://iiif.io/api/presentation/2/context.json', 'http://iiif.io/api/search/1/context.json'],
    '@id': requestUrl,
    '@type': 'sc:AnnotationList',
    within: { '@type': 'sc:Layer', total: hits.length },
    resources: hits.map((hit, i) => ({
      '@id': annotationId(i),
      '@type': 'oa:Annotation',
      motivation: 'sc:painting',
      resource: { '@type': 'cnt:ContentAsText', chars: hit.exact },
      on: `${iiifUrls.canvas(base, hit.key)}#${xywh(hit.box)}`,
    })),
    // One search:Hit per match, naming every box it is printed in.
    hits: [...byMatch(hits).values()].map((boxes) => {
      const first = hits[boxes[0]!]!;
      return { '@type': 'search:Hit', annotations: boxes.map(annotationId), match: first.exact, before: first.prefix, after: first.suffix };
    }),
  };
}

/** The positions of the hits, grouped by the match they belong to, in order. */
function byMatch(hits: readonly SearchHitOnPage[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  hits.forEach((hit, i) => groups.set(hit.match, [...(groups.get(hit.match) ?? []), i]));
  return groups;
}

/**
 * Content Search 2.0 answer: an AnnotationPage of highlighting annotations targeting
 * `canvas#xywh`, and beside it the matched text (TextQuoteSelector) for clients that list hits.
 */
export function searchAnswer(base: string, requestUrl: string, manifestKey: IssueKey, hits: SearchHitOnPage[]): Json {
  const manifest = iiifUrls.manifest(base, manifestKey);
  const items = hits.map((hit, i) => ({
    id: `${manifest}/search-hit/${i + 1}`,
    type: 'Annotation',
    motivation: 'highlighting',
    target: `${iiifUrls.canvas(base, hit.key)}#${xywh(hit.box)}`,
  }));
  const quotes = hits.map((hit, i) => ({
    id: `${manifest}/search-hit/${i + 1}/quote`,
    type: 'Annotation',
    motivation: 'contextualizing',
    target: {
      type: 'SpecificResource',
      source: { id: `${manifest}/search-hit/${i + 1}`, type: 'Annotation' },
      selector: [{ type: 'TextQuoteSelector', prefix: hit.prefix, exact: hit.exact, suffix: hit.suffix }],
    },
  }));
  return {
    '@context': searchContext,
    id: requestUrl,
    type: 'AnnotationPage',
    items,
    ...(quotes.length > 0 ? { annotations: [{ type: 'AnnotationPage', items: quotes }] } : {}),
  };
}
