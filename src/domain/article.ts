/**
 * Article (篇目): the fine-grained record cataloguers fill and the library submits upstream.
 * Fields follow FIELDS.md (GB/T 35430-2017, the National Library's DC-based core set, CNMARC);
 * which of them an upstream receiver requires is export configuration, so drafts may lack them.
 * What is derived (date, paper, 版次/版名, the page list) is not stored here a second time.
 */
import { z } from 'zod';
import { articleKeySchema } from './natural-keys.ts';
import { recordMetaSchema } from './record-meta.ts';
import { regionSchema } from './region.ts';

const term = z.string().trim().min(1);

/** 责任者 roles; the Chinese term is what exports write. */
export const creatorRoles = {
  reporter: '记者',
  correspondent: '通讯员',
  author: '作者',
  photographer: '摄影',
  editor: '编辑',
  translator: '译者',
  other: '其他',
} as const;
export const creatorRoleSchema = z.enum(Object.keys(creatorRoles) as [keyof typeof creatorRoles, ...(keyof typeof creatorRoles)[]]);

/** 体裁: the kinds of piece a Chinese local paper prints. */
export const genres = {
  news: '消息',
  feature: '通讯',
  sketch: '特写',
  interview: '专访',
  commentary: '评论',
  editorial: '社论',
  letter: '读者来信',
  literature: '文艺作品',
  serial: '连载',
  photo: '图片',
  chart: '图表',
  notice: '公告启事',
  advertisement: '广告',
  other: '其他',
} as const;
export const genreSchema = z.enum(Object.keys(genres) as [keyof typeof genres, ...(keyof typeof genres)[]]);
export type Genre = z.infer<typeof genreSchema>;

/** Where an article's regions came from. */
export const segmentationSourceSchema = z.enum(['vendor', 'machine', 'cataloguer']);

/**
 * draft: being catalogued (machine- or vendor-segmented articles start here and show as 未审校);
 * in_review: sent to a reviewer; reviewed: approved; published: the version readers see.
 */
export const articleStatusSchema = z.enum(['draft', 'in_review', 'reviewed', 'published']);
export type ArticleStatus = z.infer<typeof articleStatusSchema>;

/** 中图分类号, e.g. G259.276.5, D668, TP391.1, K296.54. */
export const clcClassSchema = z.string().regex(/^[A-Z][0-9A-Z]*(?:[.\-:=/"()<>+][0-9A-Z.]+)*$/, 'clc: a 中图法 class such as G259.27');

/** GB/T 2260 (six digits, to county level) or the statistics bureau's nine-digit code of a township. */
export const divisionCodeSchema = z.string().regex(/^\d{6}(\d{3})?$/, 'place code: six digits of GB/T 2260, or nine for a township');

export const articleSchema = recordMetaSchema.extend({
  key: articleKeySchema,
  /** 篇名 */
  title: z.string().trim(),
  /** 引题 */
  kicker: term.optional(),
  /** 副题 */
  subtitle: term.optional(),
  /** 责任者 */
  creators: z.array(z.object({ name: term, role: creatorRoleSchema })).default([]),
  /** 栏目 */
  column: term.optional(),
  /** 体裁 */
  genre: genreSchema.optional(),
  /** 语种, ISO 639-2 */
  language: z.string().regex(/^[a-z]{3}$/).default('chi'),
  /** 摘要 */
  abstract: z.string().trim().min(1).optional(),
  /** 主题词 (controlled), with the scheme they come from (CCT = 中国分类主题词表). */
  subjects: z.array(z.object({ term, scheme: term.default('CCT') })).default([]),
  /** 关键词 (uncontrolled) */
  keywords: z.array(term).default([]),
  /** 中图分类号 */
  clc: z.array(clcClassSchema).default([]),
  /** 人名 */
  persons: z.array(term).default([]),
  /** 机构名 */
  organizations: z.array(term).default([]),
  /** 地名, with the GB/T 2260 code where known */
  places: z.array(z.object({ name: term, code: divisionCodeSchema.optional() })).default([]),
  /** 内容时间, as written: 1995年春, 抗战时期 */
  temporal: term.optional(),
  /** 正文: the OCR text as delivered, and a person's correction beside it (never instead of it). */
  text: z.object({ ocr: z.string(), corrected: z.string().optional() }),
  /** 版面区域, in reading order; pages are the distinct `seq`s. */
  regions: z.array(regionSchema).min(1),
  /** 权限, when it differs from the title's statement. */
  rights: term.optional(),
  status: articleStatusSchema,
  segmentation: segmentationSourceSchema,
  /** 著录者 and when the record was last catalogued. */
  cataloguer: term.optional(),
  cataloguedAt: z.iso.datetime({ offset: true }).optional(),
  /** The reviewer's comment when an article was returned to its cataloguer. */
  review: z.object({ comment: z.string().min(1), by: z.string().min(1), at: z.iso.datetime({ offset: true }) }).optional(),
});
export type Article = z.infer<typeof articleSchema>;

/** The catalogue fields of an article nobody has catalogued yet: no creators, tags or names. */
export function uncatalogued(): Pick<Article, 'creators' | 'subjects' | 'keywords' | 'clc' | 'persons' | 'organizations' | 'places'> {
  return { creators: [], subjects: [], keywords: [], clc: [], persons: [], organizations: [], places: [] };
}

/** The pages an article is printed on, in order of first appearance (转版 gives several). */
export function pagesOfArticle(article: Pick<Article, 'regions'>): number[] {
  return [...new Set(article.regions.map((region) => region.seq))];
}

/** The text readers see: the correction when there is one. */
export function displayText(article: Pick<Article, 'text'>): string {
  return article.text.corrected ?? article.text.ocr;
}
