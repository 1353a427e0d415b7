/**
 * Finds what a batch holds, from its file names and small metadata files only (images and OCR are
 * read later, one page at a time). In order of precedence:
 *  1. an NDNP batch file (batch*.xml) → its issue METS files;
 *  2. iArchives article-segmented units (unit.xml) and METS issue files anywhere in the batch;
 *  3. difang's simple layout: title/YYYY-MM-DD[_edN]/NN.<image> with NN.xml | NN.hocr | NN.json beside
 *     it; title/vol-N.pdf (or title/vol-N/NN.<image>) for local-history volumes; a whole issue as
 *     title/YYYY-MM-DD[_edN].pdf;
 * with manifest.csv / manifest.xlsx adding titles, 版次, 版名, 期号…
 * Every file is accounted for: part of a plan, a companion the package carries for other uses
 * (named with why), or a problem saying why difang cannot use it. A batch in no known layout is
 * refused as a whole, saying what was found.
 */
import { posix } from 'node:path';
import { isCalendarDate, issuePath, titleIdSchema, type IssueKey } from '../../src/domain/natural-keys.ts';
import { InputError, inputError } from '../readers/input-error.ts';
import { languageCode } from '../../src/domain/language.ts';
import { parseMets, parseNdnpBatch, type MetsIssue } from '../readers/parse-mets.ts';
import { decodeXml } from '../readers/safe-xml.ts';
import { resolveWithin, type BatchFile, type BatchReader } from './batch-reader.ts';
import { fromIarchivesUnit, looksLikeIarchivesUnit, titleIdFrom } from './iarchives-unit.ts';
import { parseManifest, type ManifestRow } from './manifest.ts';
import type { ArticlePlan, BatchPlan, IssuePlan, PagePlan, TitleInfo } from './plan.ts';

export interface DiscoverOptions {
  /** Title id for issues whose title the batch does not name (and to override it). */
  title?: string;
  /** Name for that title (报纸名 / 文献名). */
  titleName?: string;
  /** The issue date, for a package that describes one issue and gives no usable date (or a wrong one). */
  date?: string;
}

const imageExtensions = new Set(['tif', 'tiff', 'jpg', 'jpeg', 'png', 'jp2', 'j2k', 'pdf']);
const ocrExtensions: Record<string, NonNullable<PagePlan['ocr']>['format']> = { xml: 'alto', hocr: 'hocr', html: 'hocr', json: 'paddle' };
const datedPage = /^(?:(?<title>[^/]+)\/)?(?<date>\d{4}-\d{2}-\d{2})(?:_ed(?<edition>\d+))?\/(?<seq>\d+)\.(?<ext>[A-Za-z0-9]+)$/;
const datedIssuePdf = /^(?:(?<title>[^/]+)\/)?(?<date>\d{4}-\d{2}-\d{2})(?:_ed(?<edition>\d+))?\.pdf$/i;
const volumePage = /^(?:(?<title>[^/]+)\/)?vol-(?<volume>\d+)\/(?<seq>\d+)\.(?<ext>[A-Za-z0-9]+)$/;
const volumePdf = /^(?:(?<title>[^/]+)\/)?vol-(?<volume>\d+)\.pdf$/i;

export async function discoverBatch(reader: BatchReader, options: DiscoverOptions = {}): Promise<BatchPlan> {
  const files: BatchFile[] = [];
  for await (const file of reader.list()) files.push(file);
  const problems: InputError[] = [];
  const known = new Set(files.map((f) => f.path));

  const manifest = await readManifest(reader, files, problems);
  if (options.title && !titleIdSchema.safeParse(options.title).success) {
    throw inputError('invalid_metadata', `--title “${options.title}” 不是有效的题名代码（小写字母、数字和连字符）`, `--title "${options.title}" is not a valid title id (lowercase letters, digits, hyphens)`);
  }

  if (options.date !== undefined && !isCalendarDate(options.date)) {
    throw inputError('invalid_metadata', `--date “${options.date}” 不是有效日期（YYYY-MM-DD）`, `--date "${options.date}" is not a date (YYYY-MM-DD)`);
  }

  let issues: IssuePlan[] = [];
  const described = new Set<string>(manifest.file ? [manifest.file] : []);
  const companions: BatchPlan['companions'] = [];
  const batchFile = files.find((f) => /^batch[^/]*\.xml$/i.test(f.path));
  let layout: 'ndnp' | 'packages' | 'simple' = 'simple';
  if (batchFile) {
    layout = 'ndnp';
    described.add(batchFile.path);
    issues = await fromNdnpBatch(reader, batchFile.path, known, options, problems, described);
  } else {
    const metsFiles: string[] = [];
    const units: string[] = [];
    for (const file of files.filter((f) => f.path.toLowerCase().endsWith('.xml') && !isSidecar(f.path, known))) {
      const head = new TextDecoder('latin1').decode(await reader.readHead(file.path, 2048));
      if (/<(?:\w+:)?mets[\s>]/.test(head)) metsFiles.push(file.path);
      else if (looksLikeIarchivesUnit(head)) units.push(file.path);
    }
    for (const path of units) {
      try {
        const unit = await fromIarchivesUnit(reader, path, known, options, problems);
        if (unit.plan) issues.push(unit.plan);
        for (const file of unit.used) described.add(file);
        companions.push(...unit.companions);
      } catch (error) {
        described.add(path);
        problems.push(asInputError(error, path));
      }
    }
    for (const path of metsFiles) {
      described.add(path);
      const issue = await fromMetsFile(reader, path, known, options, problems, {}, described);
      if (issue) issues.push(issue);
    }
    if (metsFiles.length > 0 || units.length > 0) layout = 'packages';
    else issues = fromSimpleLayout(files, options, problems);
  }
  if (options.date !== undefined && issues.length > 1) {
    throw inputError('invalid_metadata', `--date 只能用于只含一期的批次，这个批次有 ${issues.length} 期`, `--date is for a batch of one issue; this batch holds ${issues.length}`);
  }

  applyManifest(issues, manifest, options, problems);
  const planned = rejectDuplicates(issues, problems);
  const plan: BatchPlan = { issues: planned, problems, companions };
  accountForEveryFile(files, plan, described, layout);
  if (planned.length === 0 && files.length > 0 && !problems.some((p) => p.problem !== 'unrecognised_file')) throw unrecognisedLayout(files);
  return plan;
}

/**
 * Files no plan uses and no package names as a companion become problems of their own, each with
 * the likeliest reason (a name the simple layout cannot read, a kind of file difang does not take).
 */
function accountForEveryFile(files: BatchFile[], plan: BatchPlan, described: Set<string>, layout: 'ndnp' | 'packages' | 'simple'): void {
  const used = new Set(described);
  for (const issue of plan.issues) {
    used.add(issue.source);
    for (const page of issue.pages) {
      used.add(page.image.path);
      if (page.ocr) used.add(page.ocr.path);
    }
  }
  for (const problem of plan.problems) if (problem.file) used.add(problem.file);
  for (const companion of plan.companions) used.add(companion.file);
  for (const { path, size } of files) {
    if (used.has(path)) continue;
    const name = posix.basename(path);
    const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
    const reason =
      size === 0 ? ['文件是空的（0 字节）', 'the file is empty (0 bytes)']
      : name !== name.trim() || /[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(name) ? ['文件名含首尾空格或不可见的方向控制字符，请改名后重新提交', 'the name has leading or trailing spaces or invisible direction marks; rename it and deliver it again']
      : /[\uff10-\uff19\uff0f]/.test(path) ? ['文件名含全角数字或全角斜杠（如 ０３.jpg），请改为半角后重新提交', 'the name has full-width digits or a full-width slash (like ０３.jpg); use ASCII digits and deliver it again']
      : !imageExtensions.has(extension) && !(extension in ocrExtensions) ? [`不是 difang 能用的文件类型（.${extension || '无扩展名'}）`, `not a kind of file difang takes (.${extension || 'no extension'})`]
      : layout === 'simple' ? ['文件名或目录不符合 题名代码/YYYY-MM-DD/NN.图像 的格式，无法确定它是哪一期的第几版', 'its name or folder does not follow title/YYYY-MM-DD/NN.image: no issue or page can be told from it']
      : ['批次中的 METS、NDNP 或 iArchives 文件都没有列出它', 'no METS, NDNP or iArchives file in the batch lists it'];
    plan.problems.push(inputError('unrecognised_file', reason[0]!, reason[1]!, path));
  }
}

/** The whole batch is in no layout difang reads: say which it knows and what this one holds. */
function unrecognisedLayout(files: BatchFile[]): InputError {
  const byExtension = new Map<string, number>();
  for (const { path } of files) {
    const name = posix.basename(path);
    const extension = name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '(none)';
    byExtension.set(extension, (byExtension.get(extension) ?? 0) + 1);
  }
  const found = [...byExtension.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  const folders = [...new Set(files.map((f) => f.path.split('/')[0]!).filter((part, _i, all) => all.length > 0 && part.length > 0))].slice(0, 5);
  return inputError(
    'unrecognised_layout',
    [
      `没有认出这个批次的格式，未入库任何内容。difang 认得：`,
      `  · NDNP 批次（batch*.xml → 各期 METS → ALTO + JP2）`,
      `  · METS 期文件（含或不含逻辑结构图）`,
      `  · iArchives 篇目切分单元（unit.xml + pages/ + articles/）`,
      `  · 简单目录：题名代码/YYYY-MM-DD/01.tif（旁边可有 01.xml / 01.hocr / 01.json），题名代码/YYYY-MM-DD.pdf，题名代码/vol-1.pdf`,
      `这个批次里有：${found.map(([ext, n]) => `${n} 个 ${ext}`).join('、')}；顶层：${folders.join('、')}`,
    ].join('\n'),
    [
      `the batch is in no layout difang knows; nothing was ingested. difang reads:`,
      `  · NDNP batches (batch*.xml → issue METS → ALTO + JP2)`,
      `  · METS issue files (with or without a logical structMap)`,
      `  · iArchives article-segmented units (unit.xml + pages/ + articles/)`,
      `  · the simple layout: title/YYYY-MM-DD/01.tif (with 01.xml / 01.hocr / 01.json beside it), title/YYYY-MM-DD.pdf, title/vol-1.pdf`,
      `this batch holds: ${found.map(([ext, n]) => `${n} × ${ext}`).join(', ')}; at its top: ${folders.join(', ')}`,
    ].join('\n'),
  );
}

// ── NDNP and METS ────────────────────────────────────────────────────────────────────────────

async function fromNdnpBatch(reader: BatchReader, batchPath: string, known: Set<string>, options: DiscoverOptions, problems: InputError[], described: Set<string>): Promise<IssuePlan[]> {
  let batch;
  try {
    batch = parseNdnpBatch(decodeXml(await reader.readBytes(batchPath)));
  } catch (error) {
    problems.push(asInputError(error, batchPath));
    return [];
  }
  const issues: IssuePlan[] = [];
  for (const entry of batch.issues) {
    try {
      const path = resolveWithin(batchPath, entry.href);
      if (!known.has(path)) throw inputError('missing_file', `批次文件列出的 ${path} 不存在`, `${path}, listed in the batch file, is missing`, batchPath);
      described.add(path);
      const issue = await fromMetsFile(reader, path, known, options, problems, entry, described);
      if (issue) issues.push(issue);
    } catch (error) {
      problems.push(asInputError(error, batchPath));
    }
  }
  return issues;
}

async function fromMetsFile(
  reader: BatchReader,
  metsPath: string,
  known: Set<string>,
  options: DiscoverOptions,
  problems: InputError[],
  fromBatch: { lccn?: string; date?: string; edition?: number },
  described: Set<string>,
): Promise<IssuePlan | null> {
  let mets: MetsIssue;
  try {
    mets = parseMets(decodeXml(await reader.readBytes(metsPath)));
  } catch (error) {
    problems.push(asInputError(error, metsPath));
    return null;
  }
  // The files it lists are its own: refused with it if it is refused, never reported as strangers.
  for (const page of mets.pages) {
    for (const file of page.files) {
      const path = safeResolve(metsPath, file.href);
      if (path) described.add(path);
    }
  }
  // No LCCN (a European or Chinese package): the title's name, where it spells an id (Le Gaulois → le-gaulois).
  const title = options.title ?? mets.lccn ?? fromBatch.lccn ?? titleIdFrom(mets.title) ?? undefined;
  const date = options.date ?? mets.date ?? fromBatch.date;
  if (!title || !titleIdSchema.safeParse(title).success) {
    problems.push(inputError('invalid_metadata', 'METS 中没有可用的题名代码（LCCN 或拉丁字母的题名），请用 --title 指定', 'the METS names no usable title id (an LCCN, or a title in Latin letters); give one with --title', metsPath));
    return null;
  }
  if (!date || !isCalendarDate(date)) {
    problems.push(inputError('invalid_metadata', `METS 中的出版日期 “${date ?? ''}” 无效，可用 --date 指定`, `the METS issue date "${date ?? ''}" is not a valid YYYY-MM-DD; give one with --date`, metsPath));
    return null;
  }
  const key: IssueKey = { title, date, edition: mets.edition ?? fromBatch.edition ?? 1 };
  const pages: PagePlan[] = [];
  const seqOfOcrFile = new Map<string, number>();
  for (const page of mets.pages) {
    try {
      const resolved = page.files.map((file) => ({ ...file, path: resolveWithin(metsPath, file.href) }));
      const present = resolved.filter((file) => known.has(file.path));
      const image =
        present.find((f) => f.use === 'master' && isImage(f.path)) ?? present.find((f) => f.use === 'service' && isImage(f.path)) ?? present.find((f) => isImage(f.path) && !f.path.endsWith('.pdf'));
      const ocr = present.find((f) => f.use === 'ocr' || /alto/i.test(f.group ?? '') || (f.mimetype ?? '').includes('xml'));
      if (!image) {
        const listed = resolved.filter((f) => isImage(f.path)).map((f) => f.path);
        throw inputError('missing_file', `第 ${page.order} 页的图像文件不存在（${listed.join('、') || '未列出'}）`, `page ${page.order}: its image is missing (${listed.join(', ') || 'none listed'})`, metsPath);
      }
      if (ocr) seqOfOcrFile.set(ocr.path, page.order);
      pages.push({
        seq: page.order,
        image: { kind: 'file', path: image.path },
        ...(ocr ? { ocr: { path: ocr.path, format: 'alto' as const } } : {}),
        ...(page.pageNumber ? { label: String(page.pageNumber) } : page.label ? { label: page.label } : {}),
      });
    } catch (error) {
      problems.push(asInputError(error, metsPath));
    }
  }
  const articles: ArticlePlan[] = mets.articles
    .map((article, index): ArticlePlan | null => {
      const toBlocks = (areas: typeof article.areas): ArticlePlan['areas'] =>
        areas.flatMap((area) => {
          const path = safeResolve(metsPath, area.file.href);
          const seq = path ? seqOfOcrFile.get(path) : undefined;
          return seq !== undefined && area.begin ? [{ seq, blockId: area.begin }] : [];
        });
      const areas = toBlocks(article.areas);
      if (areas.length === 0) return null;
      const language = languageCode(article.language);
      return {
        number: index + 1,
        ...(article.label ? { label: article.label } : {}),
        ...(article.type === 'advertisement' ? { genre: 'advertisement' as const } : article.type === 'illustration' || article.type === 'picture' ? { genre: 'photo' as const } : {}),
        ...(language ? { language } : {}),
        areas,
        headline: toBlocks(article.headline),
      };
    })
    .filter((article): article is ArticlePlan => article !== null)
    .map((article, index) => ({ ...article, number: index + 1 }));
  return {
    key,
    title: {
      id: title,
      ...(mets.lccn ? { lccn: mets.lccn } : {}),
      ...((mets.title ?? titleNameFromLabel(mets.label)) ? { name: mets.title ?? titleNameFromLabel(mets.label) } : {}),
      ...(languageCode(mets.language) ? { language: languageCode(mets.language)! } : {}),
    },
    issue: { ...(mets.issueNo ? { issueNo: mets.issueNo } : {}), ...(mets.volume ? { label: `Vol. ${mets.volume}, No. ${mets.issueNo ?? '?'}` } : {}) },
    pages,
    articles,
    source: metsPath,
  };
}

/** NDNP labels read "The Park Record (Park City, UT), 1935-08-02, Main Edition". */
function titleNameFromLabel(label: string | undefined): string | undefined {
  const name = label?.split(/,\s*\d{4}-\d{2}-\d{2}/)[0]?.trim();
  return name || undefined;
}

// ── the simple layout ────────────────────────────────────────────────────────────────────────

function fromSimpleLayout(files: BatchFile[], options: DiscoverOptions, problems: InputError[]): IssuePlan[] {
  const issues = new Map<string, IssuePlan>();
  const known = new Set(files.map((f) => f.path));
  const issueFor = (title: string | undefined, key: Omit<IssueKey, 'title'> & ({ date: string; edition: number } | { volume: number }), source: string): IssuePlan | null => {
    const titleId = options.title ?? title;
    if (!titleId) {
      problems.push(inputError('invalid_metadata', '无法确定题名代码：请将文件放在 题名代码/日期/ 目录下，或用 --title 指定', 'no title id: put the files under title/date/, or give --title', source));
      return null;
    }
    if (!titleIdSchema.safeParse(titleId).success) {
      problems.push(inputError('invalid_metadata', `目录名 “${titleId}” 不是有效的题名代码（小写字母、数字和连字符，如 qingyuan-ribao）`, `the folder name "${titleId}" is not a valid title id (lowercase letters, digits and hyphens, e.g. qingyuan-ribao)`, source));
      return null;
    }
    const fullKey = { title: titleId, ...key } as IssueKey;
    const id = JSON.stringify(fullKey);
    let issue = issues.get(id);
    if (!issue) {
      issue = { key: fullKey, title: { id: titleId, ...(options.titleName ? { name: options.titleName } : {}), ...('volume' in key ? { kind: 'document' as const } : {}) }, issue: {}, pages: [], articles: [], source: posix.dirname(source) };
      issues.set(id, issue);
    }
    return issue;
  };

  for (const { path } of files) {
    const dated = datedPage.exec(path)?.groups;
    const volume = volumePage.exec(path)?.groups;
    const issuePdf = datedIssuePdf.exec(path)?.groups;
    const volumeFile = volumePdf.exec(path)?.groups;
    if (issuePdf || volumeFile) {
      const groups = (issuePdf ?? volumeFile)!;
      const key = issuePdf ? datedKey(groups, path, problems) : volumeKey(groups, path, problems);
      const issue = key && issueFor(groups.title, key, path);
      // Page numbers are known once the PDF is opened: 0 asks the pipeline to take them all.
      if (issue) issue.pages.push({ seq: 0, image: { kind: 'pdf', path, pageNumber: 0 } });
      continue;
    }
    const groups = dated ?? volume;
    if (!groups) continue;
    const extension = (groups.ext ?? '').toLowerCase();
    if (!imageExtensions.has(extension)) continue;
    const key = dated ? datedKey(groups, path, problems) : volumeKey(groups, path, problems);
    const issue = key && issueFor(groups.title, key, path);
    if (!issue) continue;
    const seq = Number(groups.seq);
    if (seq < 1 || seq > 9999) {
      problems.push(inputError('invalid_metadata', `页序号 ${groups.seq!.length > 12 ? `${groups.seq!.slice(0, 12)}…` : groups.seq} 不在 1–9999 之间`, `the page number ${groups.seq!.length > 12 ? `${groups.seq!.slice(0, 12)}…` : groups.seq} is not from 1 to 9999`, path));
      continue;
    }
    const base = path.slice(0, path.lastIndexOf('.'));
    const ocrPath = Object.keys(ocrExtensions)
      .map((ext) => `${base}.${ext}`)
      .find((candidate) => known.has(candidate));
    issue.pages.push({
      seq,
      image: extension === 'pdf' ? { kind: 'pdf', path, pageNumber: 1 } : { kind: 'file', path },
      ...(ocrPath ? { ocr: { path: ocrPath, format: ocrExtensions[ocrPath.slice(ocrPath.lastIndexOf('.') + 1)]! } } : {}),
    });
  }
  for (const issue of issues.values()) issue.pages.sort((a, b) => a.seq - b.seq);
  return [...issues.values()].sort((a, b) => (JSON.stringify(a.key) < JSON.stringify(b.key) ? -1 : 1));
}

function datedKey(groups: Record<string, string | undefined>, path: string, problems: InputError[]): { date: string; edition: number } | null {
  const date = groups.date ?? '';
  if (!isCalendarDate(date)) {
    problems.push(inputError('invalid_metadata', `日期 ${date} 不存在`, `there is no such date as ${date}`, path));
    return null;
  }
  const edition = groups.edition ? Number(groups.edition) : 1;
  if (edition < 1 || edition > 99) {
    problems.push(inputError('invalid_metadata', `版别 ed${groups.edition!.slice(0, 12)} 不在 1–99 之间`, `the edition ed${groups.edition!.slice(0, 12)} is not from 1 to 99`, path));
    return null;
  }
  return { date, edition };
}

function volumeKey(groups: Record<string, string | undefined>, path: string, problems: InputError[]): { volume: number } | null {
  const volume = Number(groups.volume);
  if (volume < 1 || volume > 9999) {
    problems.push(inputError('invalid_metadata', `卷号 ${groups.volume!.slice(0, 12)} 不在 1–9999 之间`, `the volume ${groups.volume!.slice(0, 12)} is not from 1 to 9999`, path));
    return null;
  }
  return { volume };
}

/** An .xml, .hocr or .json beside an image of the same name is OCR, not METS. */
function isSidecar(path: string, known: Set<string>): boolean {
  const base = path.slice(0, path.lastIndexOf('.'));
  return [...imageExtensions].some((ext) => known.has(`${base}.${ext}`));
}

function isImage(path: string): boolean {
  return imageExtensions.has(path.slice(path.lastIndexOf('.') + 1).toLowerCase());
}

function safeResolve(from: string, href: string): string | null {
  try {
    return resolveWithin(from, href);
  } catch {
    return null;
  }
}

// ── manifest and checks ──────────────────────────────────────────────────────────────────────

interface ManifestRows {
  file: string;
  rows: ManifestRow[];
}

async function readManifest(reader: BatchReader, files: BatchFile[], problems: InputError[]): Promise<ManifestRows> {
  const file = files.find((f) => /^manifest\.(csv|xlsx)$/i.test(f.path));
  if (!file) return { file: '', rows: [] };
  try {
    const manifest = await parseManifest(file.path, await reader.readBytes(file.path));
    problems.push(...manifest.problems);
    return { file: file.path, rows: manifest.rows };
  } catch (error) {
    problems.push(asInputError(error, file.path));
    return { file: file.path, rows: [] };
  }
}

function applyManifest(issues: IssuePlan[], { file, rows }: ManifestRows, options: DiscoverOptions, problems: InputError[]): void {
  for (const row of rows) {
    const titleId = options.title ?? row.title;
    const matching = issues.filter(
      (issue) =>
        (!titleId || issue.key.title === titleId) &&
        (row.date === undefined || ('date' in issue.key && issue.key.date === row.date && (row.edition ?? 1) === issue.key.edition)) &&
        (row.volume === undefined || ('volume' in issue.key && issue.key.volume === row.volume)),
    );
    if (matching.length === 0 && (row.date || row.volume)) {
      problems.push(inputError('invalid_metadata', `清单第 ${row.row} 行没有对应的文件`, `manifest row ${row.row} matches no files in the batch`, file));
      continue;
    }
    for (const issue of matching) {
      const title: Partial<TitleInfo> = {
        ...(row.titleName ? { name: row.titleName } : {}),
        ...(row.titleKind ? { kind: row.titleKind } : {}),
        ...(row.cn ? { cn: row.cn } : {}),
        ...(row.issn ? { issn: row.issn } : {}),
        ...(row.place ? { place: row.place } : {}),
        ...(row.publisher ? { publisher: row.publisher } : {}),
        ...(row.rights ? { rights: row.rights } : {}),
        ...(row.rightsUri ? { rightsUri: row.rightsUri } : {}),
      };
      Object.assign(issue.title, title);
      if (row.date === undefined && row.volume === undefined) continue;
      if (row.page === undefined) {
        Object.assign(issue.issue, { ...(row.issueNo ? { issueNo: row.issueNo } : {}), ...(row.totalIssueNo ? { totalIssueNo: row.totalIssueNo } : {}), ...(row.printedDate ? { printedDate: row.printedDate } : {}) });
      } else {
        const page = issue.pages.find((p) => p.seq === row.page);
        if (!page) {
          problems.push(inputError('invalid_metadata', `清单第 ${row.row} 行的第 ${row.page} 页没有对应的图像`, `manifest row ${row.row}: there is no image for page ${row.page}`, file));
          continue;
        }
        if (row.label) page.label = row.label;
        if (row.section) page.section = row.section;
      }
    }
  }
}

/**
 * Two files claiming one page (01.tif and 1.jpg), or a whole-issue PDF beside single pages of the
 * same issue: neither can be trusted, both are refused (and what is stored stays as it was).
 */
function rejectDuplicates(issues: IssuePlan[], problems: InputError[]): IssuePlan[] {
  // Two packages (METS files, iArchives units) describing one issue: which images are which
  // pages, and which articles outline them, cannot be told; neither is used.
  const byIssue = new Map<string, IssuePlan[]>();
  for (const issue of issues) byIssue.set(issuePath(issue.key), [...(byIssue.get(issuePath(issue.key)) ?? []), issue]);
  for (const [id, plans] of byIssue) {
    if (plans.length < 2) continue;
    const sources = plans.map((plan) => plan.source);
    for (const plan of plans) {
      for (const page of plan.pages) {
        problems.push(
          inputError(
            'duplicate_page',
            `${id} 这一期由批次中的多个文件描述（${sources.join('、')}），无法确定哪个图像是哪一页、文章圈在哪里，均未入库`,
            `issue ${id} is described by more than one file in the batch (${sources.join(', ')}): which image is which page, and where its articles are, cannot be told; none is used`,
            page.image.path,
          ),
        );
      }
      plan.pages = [];
    }
  }
  for (const issue of issues) {
    const whole = issue.pages.filter((page) => page.seq === 0);
    if (whole.length > 0 && (whole.length > 1 || issue.pages.length > whole.length)) {
      for (const page of issue.pages) {
        problems.push(inputError('duplicate_page', '这一期既有整期 PDF 又有其他版面文件（或多个整期 PDF），无法确定使用哪一个，均未入库', 'this issue comes both as a whole-issue PDF and as other page files (or as several PDFs); none is used', page.image.path));
      }
      issue.pages = [];
      continue;
    }
    const bySeq = new Map<number, PagePlan[]>();
    for (const page of issue.pages) {
      if (page.seq === 0) continue;
      bySeq.set(page.seq, [...(bySeq.get(page.seq) ?? []), page]);
    }
    const duplicated = new Set([...bySeq.entries()].filter(([, pages]) => pages.length > 1).map(([seq]) => seq));
    for (const seq of duplicated) {
      for (const page of bySeq.get(seq) ?? []) {
        problems.push(inputError('duplicate_page', `第 ${seq} 页有多个文件，无法确定使用哪一个`, `more than one file claims page ${seq}; none is used`, page.image.path));
      }
    }
    issue.pages = issue.pages.filter((page) => !duplicated.has(page.seq));
  }
  return issues.filter((issue) => issue.pages.length > 0);
}

function asInputError(error: unknown, file: string): InputError {
  if (error instanceof InputError) return error.inFile(file);
  const message = error instanceof Error ? error.message : String(error);
  return inputError('invalid_metadata', `无法读取：${message}`, `cannot be read: ${message}`, file, error);
}
