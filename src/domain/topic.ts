/**
 * Topics (专题, issue 20): a curator's collection of published articles on one theme — an
 * introduction, sections with captions, each of hand-picked articles and / or a saved search that
 * picks up new articles as they are published — draft until published. Pure: schema, the safe
 * Markdown the texts are written in, and the topic's IIIF Collection.
 */
import { z } from 'zod';
import { iiifUrls } from './iiif.ts';
import type { IssueKey } from './natural-keys.ts';

export const topicSlugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '专题地址只用小写字母、数字和连字符 | lowercase letters, digits and hyphens').max(64);

export const topicSectionSchema = z.object({
  heading: z.string().trim().min(1).max(200),
  caption: z.string().max(5000).default(''),
  /** Hand-picked articles, in the order shown. */
  articles: z.array(z.string().min(1).max(200)).max(200).default([]),
  /** A saved search: every published article it finds, newest first (up to 20), as they are published. */
  search: z.object({ q: z.string().trim().max(200).default(''), subject: z.string().trim().max(200).optional(), place: z.string().trim().max(200).optional() }).optional(),
});
export type TopicSection = z.infer<typeof topicSectionSchema>;

export const topicSchema = z.object({
  slug: topicSlugSchema,
  title: z.string().trim().min(1).max(200),
  /** Markdown (a safe subset: paragraphs, headings, lists, bold, italic, links). */
  intro: z.string().max(20_000).default(''),
  status: z.enum(['draft', 'published']).default('draft'),
  sections: z.array(topicSectionSchema).max(50).default([]),
  version: z.number().int().min(1),
  updatedBy: z.string(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type Topic = z.infer<typeof topicSchema>;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Bold, italic and links inside escaped text; a link only to http(s) or a path on this site. */
function inline(text: string): string {
  return escape(text)
    .replace(/\[([^\]]+)\]\(((?:https?:\/\/|\/)[^\s()"<>]*)\)/g, (_, label: string, href: string) => `<a href="${href}">${label}</a>`)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\*([^*]+)\*/g, '<em>$1</em>');
}

/** Markdown → HTML, a safe subset: nothing the author writes becomes markup except these. */
export function markdownHtml(source: string): string {
  return source
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((line) => /^[-*]\s+/.test(line))) return `<ul>${lines.map((line) => `<li>${inline(line.replace(/^[-*]\s+/, ''))}</li>`).join('')}</ul>`;
      const heading = /^(#{1,3})\s+(.+)$/.exec(block);
      if (heading && lines.length === 1) return `<h${heading[1]!.length + 2}>${inline(heading[2]!)}</h${heading[1]!.length + 2}>`;
      return `<p>${lines.map(inline).join('<br>')}</p>`;
    })
    .join('\n');
}

/** The topic as a IIIF Presentation 3.0 Collection: the manifests of the issues its articles are printed in. */
export function topicCollection(base: string, topic: Pick<Topic, 'slug' | 'title'>, issues: { key: IssueKey; label: string }[]): Record<string, unknown> {
  return {
    '@context': 'http://iiif.io/api/presentation/3/context.json',
    id: `${base}/iiif/3/topics/${topic.slug}`,
    type: 'Collection',
    label: { 'zh-Hans': [topic.title] },
    homepage: [{ id: `${base}/topics/${topic.slug}`, type: 'Text', label: { 'zh-Hans': [topic.title] }, format: 'text/html' }],
    items: issues.map((issue) => ({ id: iiifUrls.manifest(base, issue.key), type: 'Manifest', label: { 'zh-Hans': [issue.label] } })),
  };
}
