/** Every word the reader pages say, in Chinese first and in English. */
import type { Lang, Text } from '../i18n.ts';

export const messages = {
  siteName: { 'zh-CN': '地方', en: 'difang' },
  siteTagline: { 'zh-CN': '地方报纸与地方文献数字档案', en: 'An open archive of local newspapers and local-history documents' },
  skipToContent: { 'zh-CN': '跳到正文', en: 'Skip to content' },
  navHome: { 'zh-CN': '首页', en: 'Home' },
  navSearch: { 'zh-CN': '检索', en: 'Search' },
  navApi: { 'zh-CN': '开放接口', en: 'API' },
  onThisDay: { 'zh-CN': '历史上的今天', en: 'On this day' },
  onThisDayExact: { 'zh-CN': '往年 {month} 月 {day} 日的报道（{n} 篇）', en: 'Printed on {month}/{day} in past years ({n})' },
  onThisDayNearest: { 'zh-CN': '往年的今天没有报道，最近的是 {month} 月 {day} 日（{n} 篇）', en: 'Nothing was printed on this day in past years; the nearest is {month}/{day} ({n})' },
  topics: { 'zh-CN': '专题', en: 'Topics' },
  topicsNone: { 'zh-CN': '还没有发布的专题。', en: 'No topic published yet.' },
  topicDraft: { 'zh-CN': '草稿（读者看不到）', en: 'Draft (readers do not see it)' },
  topicSectionEmpty: { 'zh-CN': '这一部分还没有已发布的文章。', en: 'No published article in this section yet.' },
  topicIiif: { 'zh-CN': 'IIIF 合集（可在 Mirador 等查看器中打开）', en: 'IIIF Collection (opens in Mirador and other viewers)' },
  navEntities: { 'zh-CN': '人物·地方·主题', en: 'People, places, subjects' },
  switchLanguage: { 'zh-CN': 'English', en: '中文' },
  searchLabel: { 'zh-CN': '检索报纸与文献', en: 'Search newspapers and documents' },
  searchPlaceholder: { 'zh-CN': '人名、地名、事件……简繁体皆可', en: 'Names, places, events… simplified or traditional' },
  searchButton: { 'zh-CN': '检索', en: 'Search' },
  holdings: { 'zh-CN': '馆藏', en: 'Holdings' },
  newspaper: { 'zh-CN': '报纸', en: 'Newspaper' },
  document: { 'zh-CN': '文献', en: 'Document' },
  issues: { 'zh-CN': '期', en: 'issues' },
  volumes: { 'zh-CN': '卷', en: 'volumes' },
  pages: { 'zh-CN': '版', en: 'pages' },
  articles: { 'zh-CN': '篇', en: 'articles' },
  coverage: { 'zh-CN': '收录年代', en: 'Years covered' },
  nothingHeld: { 'zh-CN': '尚无馆藏。管理员可用 difang ingest 导入。', en: 'Nothing here yet. An administrator can add material with difang ingest.' },
  results: { 'zh-CN': '检索结果', en: 'Results' },
  resultCount: { 'zh-CN': '共 {n} 条结果', en: '{n} result{s}' },
  advancedSearch: { 'zh-CN': '高级检索', en: 'Advanced search' },
  advancedAll: { 'zh-CN': '包含全部词语', en: 'All of these words' },
  advancedPhrase: { 'zh-CN': '包含完整短语', en: 'This exact phrase' },
  advancedAny: { 'zh-CN': '包含任一词语', en: 'Any of these words' },
  advancedNone: { 'zh-CN': '不含这些词语', en: 'None of these words' },
  advancedHint: { 'zh-CN': '词语之间用空格分开。检索框里也可直接写：“短语”、-不要的词、甲 OR 乙。', en: 'Separate words with spaces. The search box takes the same: "a phrase", -word, this OR that.' },
  searchProblem: { 'zh-CN': '无法按这样的条件检索', en: 'This search cannot be run as asked' },
  approximateCount: { 'zh-CN': '没有同时含有全部词语的结果；以下 {n} 条是近似结果，只含其中部分词语', en: 'Nothing has every word; these {n} near misses have some of them' },
  approximateHint: { 'zh-CN': '可能有错字或异体字：请核对检索词，或换一种写法。', en: 'A character may be misprinted or misread: check the words, or try another form.' },
  noResults: { 'zh-CN': '没有找到结果。试试更短的词，或去掉筛选条件。', en: 'Nothing found. Try fewer words or remove a filter.' },
  tipFewerWords: { 'zh-CN': '用更少或更短的词语：旧报纸的 OCR 常有错字，词越长越难全中', en: 'Use fewer or shorter words: OCR of old papers misreads characters, and long words rarely match whole' },
  tipOtherForm: { 'zh-CN': '换一种写法：地名的旧称、人名的别名，或去掉引号', en: 'Try another form: an old place name, another name of a person, or drop the quotes' },
  tipClearFilters: { 'zh-CN': '去掉全部筛选条件再检索', en: 'Search again without any filter' },
  tipBrowse: { 'zh-CN': '按报刊和日期浏览馆藏', en: 'Browse the papers by title and date' },
  refine: { 'zh-CN': '筛选', en: 'Refine' },
  facetTitle: { 'zh-CN': '报刊', en: 'Paper' },
  facetYear: { 'zh-CN': '年份', en: 'Year' },
  facetSection: { 'zh-CN': '版名', en: 'Section' },
  facetGenre: { 'zh-CN': '体裁', en: 'Genre' },
  facetSubject: { 'zh-CN': '主题', en: 'Subject' },
  facetPlace: { 'zh-CN': '地点', en: 'Place' },
  yearHistogram: { 'zh-CN': '各年份结果数', en: 'Results by year' },
  dateRange: { 'zh-CN': '日期范围', en: 'Date range' },
  dateFrom: { 'zh-CN': '起', en: 'From' },
  dateTo: { 'zh-CN': '止', en: 'To' },
  dateHint: { 'zh-CN': '如 1995、1995-03 或 1995-03-01', en: 'e.g. 1995, 1995-03 or 1995-03-01' },
  apply: { 'zh-CN': '应用', en: 'Apply' },
  sort: { 'zh-CN': '排序', en: 'Sort' },
  sortRelevance: { 'zh-CN': '相关度', en: 'Relevance' },
  sortOldest: { 'zh-CN': '日期从早到晚', en: 'Oldest first' },
  sortNewest: { 'zh-CN': '日期从晚到早', en: 'Newest first' },
  removeFilter: { 'zh-CN': '去掉筛选：{name}', en: 'Remove filter: {name}' },
  clearFilters: { 'zh-CN': '清除全部筛选', en: 'Clear all filters' },
  previous: { 'zh-CN': '上一页', en: 'Previous' },
  next: { 'zh-CN': '下一页', en: 'Next' },
  pagination: { 'zh-CN': '结果分页', en: 'Result pages' },
  unreviewed: { 'zh-CN': '未审校', en: 'not yet reviewed' },
  articleDetails: { 'zh-CN': '篇目详情', en: 'Article record' },
  pageHit: { 'zh-CN': '整版', en: 'whole page' },
  calendar: { 'zh-CN': '按日期浏览', en: 'Browse by date' },
  volumesList: { 'zh-CN': '卷册', en: 'Volumes' },
  year: { 'zh-CN': '{n}年', en: '{n}' },
  month: { 'zh-CN': '{n}月', en: '{name}' },
  weekdays: { 'zh-CN': '日一二三四五六', en: 'SMTWTFS' },
  issuesInYear: { 'zh-CN': '{n} 期', en: '{n} issue{s}' },
  monthsWithout: { 'zh-CN': '{months}没有期次。', en: 'No issues in {months}.' },
  previousIssue: { 'zh-CN': '上一期', en: 'Previous issue' },
  nextIssue: { 'zh-CN': '下一期', en: 'Next issue' },
  previousPage: { 'zh-CN': '上一版', en: 'Previous page' },
  nextPage: { 'zh-CN': '下一版', en: 'Next page' },
  backToIssue: { 'zh-CN': '本期目录', en: 'Issue contents' },
  previousLeaf: { 'zh-CN': '上一页', en: 'Previous page' },
  nextLeaf: { 'zh-CN': '下一页', en: 'Next page' },
  backToVolume: { 'zh-CN': '本卷目录', en: 'Volume contents' },
  pagesOfIssue: { 'zh-CN': '版面', en: 'Pages' },
  articlesOfIssue: { 'zh-CN': '篇目', en: 'Articles' },
  pageNumber: { 'zh-CN': '第{n}版', en: 'Page {n}' },
  volumePage: { 'zh-CN': '第{n}页', en: 'Page {n}' },
  noText: { 'zh-CN': '本版暂无文字', en: 'No text yet for this page' },
  ocrText: { 'zh-CN': '识别文字（OCR）', en: 'Recognized text (OCR)' },
  ocrNotice: { 'zh-CN': '文字由机器识别，可能有误。', en: 'Machine-read text; it may contain errors.' },
  articlesOnPage: { 'zh-CN': '本版篇目', en: 'Articles on this page' },
  viewerLabel: { 'zh-CN': '版面图像，可缩放：加号放大，减号缩小，方向键移动', en: 'Page image, zoomable: + zooms in, − zooms out, arrow keys pan' },
  zoomIn: { 'zh-CN': '放大', en: 'Zoom in' },
  zoomOut: { 'zh-CN': '缩小', en: 'Zoom out' },
  zoomHome: { 'zh-CN': '整版', en: 'Whole page' },
  downloadPage: { 'zh-CN': '下载整版 JPEG', en: 'Download page (JPEG)' },
  downloadText: { 'zh-CN': '下载文字（TXT）', en: 'Download text (TXT)' },
  downloadAlto: { 'zh-CN': '下载 ALTO', en: 'Download ALTO' },
  downloadCrop: { 'zh-CN': '框选下载', en: 'Download a selection' },
  cropHint: { 'zh-CN': '在版面上拖出一个矩形，松开后下载所选区域。按 Esc 取消。', en: 'Drag a rectangle on the page; the selection downloads when you let go. Esc cancels.' },
  hitsOnPage: { 'zh-CN': '本版命中 {n} 处：{q}', en: '{n} matches on this page for {q}' },
  iiifManifest: { 'zh-CN': 'IIIF 清单', en: 'IIIF manifest' },
  viewOnPage: { 'zh-CN': '在版面上查看', en: 'View on the page' },
  citation: { 'zh-CN': '引用（GB/T 7714—2015）', en: 'Cite (GB/T 7714—2015)' },
  stableLink: { 'zh-CN': '永久链接', en: 'Stable link' },
  copy: { 'zh-CN': '复制', en: 'Copy' },
  copied: { 'zh-CN': '已复制', en: 'Copied' },
  fullText: { 'zh-CN': '正文', en: 'Text' },
  regionsOfArticle: { 'zh-CN': '版面原貌', en: 'As printed' },
  fields: { 'zh-CN': '著录信息', en: 'Record' },
  fieldPaper: { 'zh-CN': '报刊', en: 'Paper' },
  fieldDate: { 'zh-CN': '日期', en: 'Date' },
  fieldPage: { 'zh-CN': '版次', en: 'Page' },
  fieldCreators: { 'zh-CN': '责任者', en: 'Creators' },
  fieldColumn: { 'zh-CN': '栏目', en: 'Column' },
  fieldGenre: { 'zh-CN': '体裁', en: 'Genre' },
  fieldSubjects: { 'zh-CN': '主题词', en: 'Subjects' },
  fieldKeywords: { 'zh-CN': '关键词', en: 'Keywords' },
  fieldPersons: { 'zh-CN': '人名', en: 'People' },
  entity_people: { 'zh-CN': '人物', en: 'People' },
  entity_places: { 'zh-CN': '地方', en: 'Places' },
  entity_organizations: { 'zh-CN': '机构', en: 'Organizations' },
  entity_subjects: { 'zh-CN': '主题', en: 'Subjects' },
  entityVariants: { 'zh-CN': '又名', en: 'Also known as' },
  entityCode: { 'zh-CN': '代码', en: 'Code' },
  entityNote: { 'zh-CN': '说明', en: 'Note' },
  entityBroader: { 'zh-CN': '上级', en: 'Within' },
  entityNarrower: { 'zh-CN': '下属', en: 'Contains' },
  entityTimeline: { 'zh-CN': '各年文章数', en: 'Articles per year' },
  entityYear: { 'zh-CN': '{year} 年：{n} 篇', en: '{year}: {n}' },
  entityRelated: { 'zh-CN': '常一同出现', en: 'Often printed with' },
  entityArticles: { 'zh-CN': '文章（{n} 篇）', en: 'Articles ({n})' },
  entityArticlesYear: { 'zh-CN': '{year} 年的文章（{n} 篇）', en: 'Articles of {year} ({n})' },
  entityAllYears: { 'zh-CN': '全部年份', en: 'All years' },
  entitySortNewest: { 'zh-CN': '最新在前', en: 'Newest first' },
  entitySortOldest: { 'zh-CN': '最早在前', en: 'Oldest first' },
  entitySortRelevance: { 'zh-CN': '最相关', en: 'Most relevant' },
  entityNone: { 'zh-CN': '还没有已发布的文章带有这一项。', en: 'No published article carries it yet.' },
  entityIndexSearch: { 'zh-CN': '按名称或拼音查找（简繁皆可）', en: 'Find by name or pinyin (simplified or traditional)' },
  entityIndexCount: { 'zh-CN': '{n} 篇', en: '{n} articles' },
  fieldPlaces: { 'zh-CN': '地名', en: 'Places' },
  fieldOrganizations: { 'zh-CN': '机构', en: 'Organizations' },
  fieldClc: { 'zh-CN': '中图分类号', en: 'CLC class' },
  fieldAbstract: { 'zh-CN': '摘要', en: 'Abstract' },
  fieldRights: { 'zh-CN': '权限', en: 'Rights' },
  fieldStatus: { 'zh-CN': '著录状态', en: 'Status' },
  statusDraft: { 'zh-CN': '未审校', en: 'Not yet reviewed' },
  statusInReview: { 'zh-CN': '审校中', en: 'In review' },
  statusReviewed: { 'zh-CN': '已审校', en: 'Reviewed' },
  statusPublished: { 'zh-CN': '已发布', en: 'Published' },
  untitled: { 'zh-CN': '（无题）', en: '(untitled)' },
  adminTitle: { 'zh-CN': '管理', en: 'Administration' },
  titlesHeading: { 'zh-CN': '馆藏报刊的公开状态', en: 'Papers and who may see them' },
  titlesHint: {
    'zh-CN': '不公开的报刊（如仍在版权期内）从读者检索、浏览与 IIIF 中撤下，编目人员仍可见；OAI-PMH 将其篇目报为已删除。',
    en: 'A hidden paper (still in copyright, say) leaves readers’ search, browsing and IIIF; staff still see it; OAI-PMH reports its records deleted.',
  },
  noTitles: { 'zh-CN': '尚无报刊', en: 'No papers yet' },
  titleName: { 'zh-CN': '题名', en: 'Title' },
  titleVisibility: { 'zh-CN': '状态', en: 'Status' },
  titleAction: { 'zh-CN': '操作', en: 'Action' },
  adminNeedsScript: { 'zh-CN': '管理页面需要启用脚本：请求以管理员凭据（ADMIN_TOKEN）签名。', en: 'The administration page needs scripts: its requests are signed with the administrator credential (ADMIN_TOKEN).' },
  adminToken: { 'zh-CN': '管理员凭据（ADMIN_TOKEN）', en: 'Administrator credential (ADMIN_TOKEN)' },
  adminTokenHint: {
    'zh-CN': '只保存在本标签页中，关闭即清除。已用管理员账号登录编目工作台的，可留空。',
    en: 'Kept in this tab only, gone when it closes. Leave it empty when signed in to the workspace as an administrator.',
  },
  ingestHeading: { 'zh-CN': '导入批次', en: 'Ingest a batch' },
  ingestSource: { 'zh-CN': '批次文件夹（INGEST_ROOT 下的相对路径）或 s3://桶/前缀', en: 'Batch folder (relative to INGEST_ROOT) or s3://bucket/prefix' },
  ingestTitle: { 'zh-CN': '报刊代码（可选）', en: 'Title id (optional)' },
  ingestDate: { 'zh-CN': '出版日期（可选，仅一期的批次：批次中的日期缺失或有误时填写）', en: 'Issue date (optional, for a batch of one issue whose date is missing or wrong)' },
  ingestStart: { 'zh-CN': '开始导入', en: 'Start ingest' },
  ingestOcr: { 'zh-CN': '导入后为没有文字的版做 OCR', en: 'OCR the pages that arrive without text' },
  ocrHeading: { 'zh-CN': 'OCR：为没有文字的版识别文字', en: 'OCR: read the text of pages that have none' },
  ocrHint: { 'zh-CN': '横排、竖排，简体用 PaddleOCR，繁体用 Tesseract（已安装时）。已有文字的版不动，除非选“重新识别”（原文字保留为版本）。每版约 10–60 秒。', en: 'Horizontal and vertical; PaddleOCR for simplified Chinese, Tesseract for traditional (when installed). Pages with text are left alone unless “read again” is ticked (their text is kept as a version). About 10–60 seconds a page.' },
  ocrTargets: { 'zh-CN': '报刊代码或期的 id（空格分隔）', en: 'Title ids or issue ids (separated by spaces)' },
  ocrEngine: { 'zh-CN': '引擎', en: 'Engine' },
  ocrEngineAuto: { 'zh-CN': '自动（按简繁选择）', en: 'automatic (by script)' },
  ocrForce: { 'zh-CN': '已有文字的版也重新识别', en: 'Read pages that have text again' },
  ocrStart: { 'zh-CN': '开始 OCR', en: 'Start OCR' },
  jobsHeading: { 'zh-CN': '导入与 OCR 任务', en: 'Ingest and OCR jobs' },
  noJobs: { 'zh-CN': '还没有导入任务。', en: 'No ingest jobs yet.' },
  exportHeading: { 'zh-CN': '导出报送', en: 'Export for submission' },
  exportFormat: { 'zh-CN': '格式', en: 'Format' },
  exportStatuses: { 'zh-CN': '著录状态', en: 'Statuses' },
  exportStart: { 'zh-CN': '导出', en: 'Export' },
  exportReady: { 'zh-CN': '已完成，点击下载', en: 'Done: download' },
  footer: { 'zh-CN': '地方 difang：开放的地方报纸与文献档案系统。数据接口：IIIF、JSON、OAI-PMH。', en: 'difang: an open archive for local papers and documents. Data: IIIF, JSON, OAI-PMH.' },
} satisfies Record<string, Text>;

export type MessageKey = keyof typeof messages;

/** A template's {name} placeholders filled from `values` (unknown names stay as they are). */
export function fillIn(template: string, values: Record<string, string | number>): string {
  // {s} is English's plural ending: nothing when n is one ("1 result", "2 results").
  const one = String(values.n) === '1';
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name === 's' && !('s' in values) ? (one ? '' : 's') : name in values ? String(values[name]) : whole));
}

/** A message in the reader's language, with {name} placeholders filled. */
export function t(lang: Lang, key: MessageKey, values: Record<string, string | number> = {}): string {
  return fillIn(messages[key][lang], values);
}

const englishMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthName(lang: Lang, month: number): string {
  return t(lang, 'month', { n: month, name: englishMonths[month - 1] ?? String(month) });
}

/** 2023年5月4日 / 4 May 2023. */
export function longDate(lang: Lang, iso: string): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return lang === 'en' ? `${day} ${englishMonths[month - 1]} ${year}` : `${year}年${month}月${day}日`;
}

/** 1,234 / 1,234 — grouped digits in either language. */
export function count(lang: Lang, n: number): string {
  return n.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN');
}

/** A count with its noun: "3 期", "3 issues", "1 issue" (English singular for one). */
export function quantity(lang: Lang, n: number, noun: 'issues' | 'volumes' | 'pages' | 'articles'): string {
  const word = t(lang, noun);
  return `${count(lang, n)} ${lang === 'en' && n === 1 ? word.replace(/s$/, '') : word}`;
}

/** 版次 as readers expect it: "第3版" for a bare "3" or no label, the printed label (A3, 第三版) otherwise. */
export function pageLabelText(lang: Lang, label: string | null | undefined, seq: number, kind: 'newspaper' | 'document' = 'newspaper'): string {
  const key = kind === 'newspaper' ? 'pageNumber' : 'volumePage';
  if (!label) return t(lang, key, { n: seq });
  return /^\d+$/.test(label.trim()) ? t(lang, key, { n: Number(label.trim()) }) : label;
}
