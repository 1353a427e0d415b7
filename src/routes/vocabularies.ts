/**
 * GET /api/vocabularies/{vocabulary}/suggest?q= — terms for what a cataloguer has typed:
 * characters (simplified or traditional), pinyin or initials, preferred terms first; and the tags
 * difang suggests for an article.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { vocabularySchema } from '../domain/term.ts';
import { AppError } from '../errors.ts';
import { parseId, type ArticleKey } from '../domain/natural-keys.ts';
import { z } from 'zod';
import { printedHeadline, suggestForArticle } from '../services/article-suggestions.ts';
import { suggestionKinds } from '../services/rejected-suggestions.ts';
import { parseJsonBody } from './json-body.ts';
import { requireRole } from './require-role.ts';

export const vocabularyRoutes = new Hono<AppEnv>().get('/api/vocabularies/:vocabulary/suggest', async (c) => {
  const vocabulary = vocabularySchema.safeParse(c.req.param('vocabulary'));
  if (!vocabulary.success) throw new AppError('not_found');
  const q = (c.req.query('q') ?? '').slice(0, 100);
  const limit = Math.min(50, Math.max(1, Number(c.req.query('limit')) || 10));
  const suggestions = (await c.var.services.vocabularies.suggester(vocabulary.data)).suggest(q, limit);
  return c.json({
    suggestions: suggestions.map(({ term, matched, via }) => ({ id: term.id, preferred: term.preferred, code: term.code ?? null, variants: term.variants, matched, via })),
  });
});

/** GET /api/articles/{id}/suggestions — what a cataloguer might add to the working copy; nothing is applied. */
vocabularyRoutes.get('/api/articles/:id/suggestions', requireRole('cataloguer', 'reviewer', 'admin'), async (c) => {
  const id = c.req.param('id');
  const parsed = parseId(id);
  if (parsed?.kind !== 'article') throw new AppError('not_found');
  // Suggested from the version being catalogued (its corrected text, its tags so far).
  const article = (await c.var.services.catalog.get(parsed.key as ArticleKey))?.article;
  if (!article) throw new AppError('not_found');
  const { deps, services } = c.var;
  const suggestions = await suggestForArticle(article, {
    terms: await services.vocabularies.terms(),
    ...(deps.segmenter ? { segmenter: deps.segmenter } : {}),
    ...(deps.nameData ? { nameData: deps.nameData } : {}),
    frequencies: services.frequencies,
    rejected: await services.rejectedSuggestions.of(id),
  });
  const title = article.title ? null : await printedHeadline(services.records, parsed.key as ArticleKey, article);
  return c.json({ id, suggestions: { ...suggestions, title } });
});

const rejectionSchema = z.object({ kind: z.enum(suggestionKinds), name: z.string().trim().min(1).max(200) });

/** POST /api/articles/{id}/suggestions/rejected {kind, name} — not offered again for this article. */
vocabularyRoutes.post('/api/articles/:id/suggestions/rejected', requireRole('cataloguer', 'reviewer', 'admin'), async (c) => {
  const id = c.req.param('id');
  const parsed = parseId(id);
  if (parsed?.kind !== 'article' || !(await c.var.services.catalog.get(parsed.key as ArticleKey))) throw new AppError('not_found');
  const body = await parseJsonBody(c, rejectionSchema);
  await c.var.services.rejectedSuggestions.add(id, body.kind, body.name, c.var.principal!.username);
  return c.body(null, 204);
});
