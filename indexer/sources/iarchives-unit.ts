/**
 * An iArchives article-segmented unit (unit.xml + pages/ + articles/) as one issue: the unit's
 * header gives the date and numbers; each page ref its word-box file, and the page image found
 * beside it by name (pages/images/NAME.tif, else the PDF the page file names); each article ref
 * people's article — its classification, headline and the rectangles they cut on every page it is
 * printed on (a continued article has rectangles on two pages). What the unit carries for other
 * uses (DTDs, accuracy reports, the clippings as images) is named as such, never silently skipped.
 */
import { posix } from 'node:path';
import type { Genre } from '../../src/domain/article.ts';
import { isCalendarDate, titleIdSchema } from '../../src/domain/natural-keys.ts';
import { inputError, type InputError } from '../readers/input-error.ts';
import { parseIarchivesArticle, parseIarchivesUnit, areasOn, iarchivesNamespace } from '../readers/parse-iarchives.ts';
import { decodeXml } from '../readers/safe-xml.ts';
import { resolveWithin, type BatchReader } from './batch-reader.ts';
import type { ArticlePlan, IssuePlan, PagePlan } from './plan.ts';

export interface UnitOptions {
  title?: string;
  titleName?: string;
  date?: string;
}

export interface UnitDiscovery {
  plan: IssuePlan | null;
  /** Files of the unit read as part of it (unit, page and article files, images). */
  used: string[];
  /** Files of the unit that difang has no use for, each with why. */
  companions: { file: string; reason: { 'zh-CN': string; en: string } }[];
}

/** Whether the start of an XML file is an iArchives unit file. */
export function looksLikeIarchivesUnit(head: string): boolean {
  return /<unit[\s>]/.test(head) && head.includes(iarchivesNamespace);
}

const imageOrder = ['tif', 'tiff', 'jp2', 'jpg', 'jpeg', 'png'];

/** classification → 体裁; an article of news is left for the cataloguer to call 消息 or 通讯. */
function genreOf(classification: string): Genre | undefined {
  if (/advert|^classified/.test(classification)) return 'advertisement';
  if (/photo|picture|illustration|cartoon|comic|map/.test(classification)) return 'photo';
  if (/editorial|opinion|letter/.test(classification)) return 'commentary';
  if (classification === 'article' || classification === '') return undefined;
  return 'other';
}

/** A title id from the unit's collection title (Topaz Times → topaz-times); null when it has no ASCII letters. */
export function titleIdFrom(name: string | undefined): string | null {
  const id = (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return id && titleIdSchema.safeParse(id).success ? id : null;
}

export async function fromIarchivesUnit(reader: BatchReader, unitPath: string, known: Set<string>, options: UnitOptions, problems: InputError[]): Promise<UnitDiscovery> {
  const used = [unitPath];
  const companions: UnitDiscovery['companions'] = [];
  const root = posix.dirname(unitPath) === '.' ? '' : `${posix.dirname(unitPath)}/`;
  const unit = parseIarchivesUnit(decodeXml(await reader.readBytes(unitPath)));
  const title = options.title ?? titleIdFrom(unit.collectionTitle);
  const date = options.date ?? unit.date;
  const refuse = (zh: string, en: string): UnitDiscovery => {
    problems.push(inputError('invalid_metadata', zh, en, unitPath));
    return { plan: null, used, companions };
  };
  if (!title) return refuse(`单元的题名“${unit.collectionTitle ?? ''}”无法作为题名代码，请用 --title 指定`, `the unit's collection title "${unit.collectionTitle ?? ''}" gives no title id; give one with --title`);
  if (!date || !isCalendarDate(date)) return refuse(`单元中的出版日期“${unit.printedDate ?? ''}”无法识别，请用 --date 指定`, `the unit's date "${unit.printedDate ?? ''}" cannot be read; give one with --date`);

  const pages: PagePlan[] = [];
  const seqOfPageFile = new Map<string, number>();
  for (const [index, href] of unit.pages.entries()) {
    try {
      const pagePath = resolveWithin(unitPath, href);
      if (!known.has(pagePath)) throw inputError('missing_file', `单元列出的版面文件 ${pagePath} 不存在`, `${pagePath}, listed in the unit, is missing`, unitPath);
      const base = posix.basename(pagePath, posix.extname(pagePath));
      const folder = posix.dirname(pagePath);
      const head = new TextDecoder('utf-8').decode(await reader.readHead(pagePath, 4096));
      const pdfHref = /image-file="([^"]+)"/.exec(head)?.[1];
      const pdf = pdfHref ? safeResolve(pagePath, pdfHref) : null;
      const images = imageOrder.flatMap((ext) => [`${folder}/images/${base}.${ext}`, `${folder}/${base}.${ext}`]).filter((path) => known.has(path));
      const image = images[0] ?? (pdf && known.has(pdf) ? pdf : undefined);
      if (!image) throw inputError('missing_file', `第 ${index + 1} 版（${pagePath}）找不到图像文件`, `page ${index + 1} (${pagePath}) has no image file`, unitPath);
      const seq = index + 1;
      const printed = /<header-item name="page"(?: value="(\d+)")?>([^<]*)</.exec(head);
      pages.push({
        seq,
        image: image.endsWith('.pdf') ? { kind: 'pdf', path: image, pageNumber: 1 } : { kind: 'file', path: image },
        ocr: { path: pagePath, format: 'iarchives' },
        ...(printed ? { label: printed[1] ?? printed[2]!.trim() } : {}),
      });
      seqOfPageFile.set(pagePath, seq);
      used.push(pagePath, image);
      if (pdf && known.has(pdf) && pdf !== image) companions.push({ file: pdf, reason: { 'zh-CN': `与 ${image} 为同一版面的 PDF，已用图像文件`, en: `the same page as ${image}, which was used` } });
    } catch (error) {
      problems.push(error as InputError);
    }
  }

  const articles: ArticlePlan[] = [];
  for (const href of unit.articles) {
    let articlePath: string;
    try {
      articlePath = resolveWithin(unitPath, href);
    } catch (error) {
      problems.push(error as InputError);
      continue;
    }
    if (!known.has(articlePath)) {
      problems.push(inputError('missing_file', `单元列出的篇目文件 ${articlePath} 不存在`, `${articlePath}, listed in the unit, is missing`, unitPath));
      continue;
    }
    used.push(articlePath);
    try {
      const article = parseIarchivesArticle(decodeXml(await reader.readBytes(articlePath)));
      const clippings = article.pages.flatMap((page) => {
        const seq = seqOfPageFile.get(safeResolve(articlePath, page.href) ?? '');
        return seq === undefined ? [] : areasOn(page).map((box) => ({ seq, box }));
      });
      if (clippings.length === 0) {
        problems.push(inputError('invalid_metadata', '篇目不在单元的任何一版上（没有可用的剪切框）', 'the article is on none of the unit’s pages (no usable clipping)', articlePath));
        continue;
      }
      const genre = genreOf(article.classification);
      const label = article.headline || (article.classification === 'masthead' ? '报头 Masthead' : '');
      articles.push({ number: articles.length + 1, ...(label ? { label } : {}), ...(genre ? { genre } : {}), areas: [], headline: [], clippings });
    } catch (error) {
      problems.push((error as InputError).inFile?.(articlePath) ?? inputError('invalid_metadata', '篇目文件无法读取', 'the article file cannot be read', articlePath, error));
    }
  }

  // What else the unit folder holds: declared helpers of the export, not pages.
  for (const path of known) {
    if (!path.startsWith(root) || used.includes(path) || companions.some((c) => c.file === path)) continue;
    const name = posix.basename(path).toLowerCase();
    const reason =
      name.endsWith('.dtd') ? { 'zh-CN': 'iArchives 的 DTD（文件格式说明）', en: 'an iArchives DTD (the format’s description)' }
      : /accuracy-report|page-exceptions/.test(name) ? { 'zh-CN': '厂商的质检报告', en: 'the vendor’s quality report' }
      : /\/articles\/(images|pdf)\//.test(`/${path}`) ? { 'zh-CN': '篇目剪切图（篇目由版面图像和剪切框生成）', en: 'an article clipping image (articles are cut from the page images)' }
      : /\/pages\/(pdf|images)\//.test(`/${path}`) ? { 'zh-CN': '单元未列出的版面文件', en: 'a page file the unit does not list' }
      : null;
    if (reason) companions.push({ file: path, reason });
  }

  const volume = unit.volume;
  const plan: IssuePlan = {
    key: { title, date, edition: 1 },
    title: { id: title, ...(options.titleName ? { name: options.titleName } : unit.collectionTitle ? { name: unit.collectionTitle } : {}) },
    issue: {
      ...(unit.printedDate ? { printedDate: unit.printedDate } : {}),
      ...(unit.number ? { issueNo: unit.number } : {}),
      ...(volume ? { label: `Vol. ${volume}${unit.number ? `, No. ${unit.number}` : ''}` } : {}),
    },
    pages,
    articles,
    source: unitPath,
  };
  return { plan, used, companions };
}

function safeResolve(from: string, href: string): string | null {
  try {
    return resolveWithin(from, href);
  } catch {
    return null;
  }
}
