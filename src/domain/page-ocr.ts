/**
 * Normalized page OCR: what every reader (ALTO, hOCR, PaddleOCR JSON, PDF text) produces.
 * Boxes are pixels of the master image. Chinese OCR often knows only line boxes; `chars` then
 * holds one derived box per character so a single word can be highlighted.
 */
import { z } from 'zod';
import { boxSchema } from './region.ts';
import { ocrFormatSchema } from './page.ts';

const confidence = z.number().min(0).max(1);

export const ocrWordSchema = z
  .object({
    text: z.string().min(1),
    box: boxSchema,
    confidence: confidence.optional(),
    /** One box per character (Unicode code point) of `text`, when known or derived. */
    chars: z.array(boxSchema).optional(),
  })
  .refine((word) => word.chars === undefined || word.chars.length === [...word.text].length, {
    message: 'chars: one box per character of text',
    path: ['chars'],
  });

export const ocrLineSchema = z.object({
  box: boxSchema,
  words: z.array(ocrWordSchema).min(1),
  /** Set for vertical (top-to-bottom) lines, common in older Chinese papers. */
  vertical: z.boolean().optional(),
});

export const ocrBlockSchema = z.object({
  /** The id the source gave the block (ALTO TextBlock/@ID), for METS areas that point at it. */
  sourceId: z.string().optional(),
  box: boxSchema,
  lines: z.array(ocrLineSchema),
});

export const pageOcrSchema = z.object({
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  source: z.object({ format: ocrFormatSchema, version: z.string().optional() }),
  /** How words join into running text: "latin" puts spaces between words, "cjk" does not. */
  script: z.enum(['latin', 'cjk']),
  blocks: z.array(ocrBlockSchema),
});

export type OcrWord = z.infer<typeof ocrWordSchema>;
export type OcrLine = z.infer<typeof ocrLineSchema>;
export type OcrBlock = z.infer<typeof ocrBlockSchema>;
export type PageOcr = z.infer<typeof pageOcrSchema>;

/** How many words a page's OCR holds. */
export function countWords(ocr: PageOcr): number {
  return ocr.blocks.reduce((sum, block) => sum + block.lines.reduce((n, line) => n + line.words.length, 0), 0);
}
