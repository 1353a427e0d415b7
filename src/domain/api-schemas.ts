/**
 * The shapes of difang's JSON API answers: one zod schema each, from which both the TypeScript
 * types of the services and the OpenAPI document at /api/docs are made.
 */
import { z } from 'zod';
import { articleSchema, articleStatusSchema } from './article.ts';
import { issueSchema } from './issue.ts';
import { pageSchema } from './page.ts';
import { boxSchema, regionSchema } from './region.ts';
import { titleKindSchema, titleSchema } from './title.ts';

const isoDateOrNull = z.string().nullable().meta({ description: 'YYYY-MM-DD, or null for an undated volume' });

export const hitBoxSchema = boxSchema.extend({
  page: z.string().meta({ description: 'page id (also its IIIF image identifier)' }),
  seq: z.number().int(),
});

export const searchHitSchema = z.object({
  id: z.string(),
  kind: z.enum(['article', 'page']),
  title: z.string().meta({ description: 'headline (or 版次 / 版名 of a page), HTML with <mark> around what matched' }),
  titleId: z.string(),
  titleName: z.string(),
  date: isoDateOrNull,
  page: z.object({ seq: z.number().int(), label: z.string().nullable(), section: z.string().nullable() }),
  snippet: z.string().meta({ description: 'text around the matches, HTML with <mark>' }),
  thumbnail: z.string(),
  url: z.string(),
  boxes: z.array(hitBoxSchema).meta({ description: 'pixel boxes of the matched words on the page image(s)' }),
  reviewed: z.boolean().meta({ description: 'false for machine- or vendor-segmented records not yet reviewed (未审校)' }),
});

const facetValueSchema = z.object({ value: z.string(), label: z.string(), count: z.number().int() });

export const searchResponseSchema = z.object({
  hits: z.array(searchHitSchema),
  total: z.number().int().meta({ description: 'exact number of hits' }),
  page: z.number().int(),
  per: z.number().int(),
  totalPages: z.number().int(),
  facets: z.object({
    title: z.array(facetValueSchema),
    year: z.array(facetValueSchema),
    section: z.array(facetValueSchema),
    genre: z.array(facetValueSchema),
    subject: z.array(facetValueSchema),
    place: z.array(facetValueSchema),
  }),
  took: z.number().meta({ description: 'milliseconds' }),
  approximate: z.boolean().meta({ description: 'true when nothing matched every word of q and these are near misses matching most of them (近似结果), never mixed with exact hits' }),
});

export const titleSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: titleKindSchema,
  place: z.string().nullable(),
  coverage: z.object({ from: z.string(), to: z.string() }).nullable(),
  issues: z.number().int(),
  pages: z.number().int(),
  articles: z.number().int(),
  url: z.string(),
});

export const issueSummarySchema = z.object({
  id: z.string(),
  date: isoDateOrNull,
  edition: z.number().int().nullable(),
  volume: z.number().int().nullable(),
  pages: z.number().int(),
  url: z.string(),
});

export const calendarYearSchema = z.object({
  year: z.number().int(),
  issues: z.number().int(),
  months: z.array(z.object({ month: z.number().int(), days: z.array(z.object({ day: z.number().int(), issues: z.array(issueSummarySchema) })) })),
});

export const pageSummarySchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  label: z.string().nullable(),
  section: z.string().nullable(),
  hasText: z.boolean(),
  thumbnail: z.string(),
  url: z.string(),
});

export const articleSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  seq: z.number().int(),
  pages: z.array(z.number().int()),
  regions: z.array(regionSchema),
  status: articleStatusSchema,
  url: z.string(),
});

export const issueViewSchema = z.object({
  title: titleSchema,
  issue: issueSchema.nullable(),
  id: z.string(),
  pages: z.array(pageSummarySchema),
  articles: z.array(articleSummarySchema),
  previous: issueSummarySchema.nullable(),
  next: issueSummarySchema.nullable(),
});

export const pageViewSchema = z.object({
  title: titleSchema,
  issue: issueSchema.nullable(),
  page: pageSchema,
  id: z.string(),
  articles: z.array(articleSummarySchema),
  previousPage: z.string().nullable(),
  nextPage: z.string().nullable(),
  previousIssue: z.string().nullable(),
  nextIssue: z.string().nullable(),
  iiif: z.object({ image: z.string(), manifest: z.string() }),
  thumbnail: z.string(),
});

export const articleViewSchema = z.object({
  title: titleSchema,
  issue: issueSchema.nullable(),
  article: articleSchema,
  id: z.string(),
  pages: z.array(pageSchema),
});

export const titleViewSchema = z.object({
  title: titleSchema,
  summary: titleSummarySchema,
  years: z.array(z.object({ year: z.number().int(), issues: z.number().int() })),
});

export const errorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), requestId: z.string() }) });

export type SearchHit = z.infer<typeof searchHitSchema>;
export type HitBox = z.infer<typeof hitBoxSchema>;
export type SearchResponse = z.infer<typeof searchResponseSchema>;
export type TitleSummary = z.infer<typeof titleSummarySchema>;
export type IssueSummary = z.infer<typeof issueSummarySchema>;
export type CalendarYear = z.infer<typeof calendarYearSchema>;
export type PageSummary = z.infer<typeof pageSummarySchema>;
export type ArticleSummary = z.infer<typeof articleSummarySchema>;
export type IssueViewJson = z.infer<typeof issueViewSchema>;
export type PageViewJson = z.infer<typeof pageViewSchema>;
export type ArticleViewJson = z.infer<typeof articleViewSchema>;
