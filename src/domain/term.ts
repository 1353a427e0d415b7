/**
 * Vocabulary term: library data loaded from CSV / XLSX, never code. Subjects (中国分类主题词表),
 * 中图法 classes, places (with GB/T 2260 codes), persons and organizations.
 */
import { z } from 'zod';

export const vocabularySchema = z.enum(['subject', 'clc', 'place', 'person', 'organization']);
export type Vocabulary = z.infer<typeof vocabularySchema>;

export const termSchema = z.object({
  vocabulary: vocabularySchema,
  /** Stable id within its vocabulary: the code where it identifies the term (441800, a 中图法 class), else the preferred term (subjects, whose class codes are shared). */
  id: z.string().trim().min(1),
  /** 正式主题词 / 优选词 */
  preferred: z.string().trim().min(1),
  /** 非正式主题词 (用代项), old names, variant forms; they lead to the preferred term. */
  variants: z.array(z.string().trim().min(1)).default([]),
  /** 中图法 class or GB/T 2260 code. */
  code: z.string().trim().min(1).optional(),
  /** 上位词 / the containing division: ids in the same vocabulary. */
  broader: z.array(z.string().trim().min(1)).default([]),
  scopeNote: z.string().optional(),
});
export type Term = z.infer<typeof termSchema>;
