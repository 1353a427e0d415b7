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
import { suggestForArticle } from '../services/article-suggestions.ts';
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
  const parsed = parseId(c.req.param('id'));
  if (parsed?.kind !== 'article') throw new AppError('not_found');
  // Suggested from the version being catalogued (its corrected text, its tags so far).
  const article = (await c.var.services.catalog.get(parsed.key as ArticleKey))?.article;
  if (!article) throw new AppError('not_found');
  return c.json({ id: c.req.param('id'), suggestions: suggestForArticle(article, await c.var.services.vocabularies.terms(), c.var.deps.segmenter) });
});
