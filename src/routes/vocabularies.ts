/**
 * GET /api/vocabularies/{vocabulary}/suggest?q= — terms for what a cataloguer has typed:
 * characters (simplified or traditional), pinyin or initials, preferred terms first.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { vocabularySchema } from '../domain/term.ts';
import { AppError } from '../errors.ts';

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
