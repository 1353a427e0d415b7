/** Page (版 / 页): one image of an issue, with what is known of its OCR. */
import { z } from 'zod';
import { pageKeySchema } from './natural-keys.ts';
import { recordMetaSchema } from './record-meta.ts';

export const imageFormatSchema = z.enum(['tiff', 'jpeg', 'png', 'jp2', 'pdf']);
export type ImageFormat = z.infer<typeof imageFormatSchema>;

export const ocrFormatSchema = z.enum(['alto', 'hocr', 'paddle', 'iarchives', 'pdf']);
export type OcrFormat = z.infer<typeof ocrFormatSchema>;

export const pageSchema = recordMetaSchema.extend({
  key: pageKeySchema,
  /** 版次 as printed: 第3版, A3. */
  label: z.string().trim().min(1).optional(),
  /** 版名: 要闻, 经济, 副刊. */
  section: z.string().trim().min(1).optional(),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  image: z.object({
    format: imageFormatSchema,
    /** sha256 of the original file, hex; the same file again is not ingested twice. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().min(1),
    /** The file name it was delivered under (a PDF page as "file.pdf#page=3"). */
    sourceName: z.string().min(1),
  }),
  ocr: z.object({
    /** none: no text yet; machine / vendor: OCR as delivered; corrected: a person fixed it. */
    status: z.enum(['none', 'machine', 'vendor', 'corrected']),
    format: ocrFormatSchema.optional(),
    words: z.number().int().min(0),
    /** sha256 of the OCR file as delivered, so a corrected delivery is noticed. */
    sourceSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  }),
  /** Layout analysis looked at the page and left it to a person: drafts would have misled more than helped. */
  layout: z.object({ uncertain: z.enum(['no_headlines', 'mostly_untitled']), checkedAt: z.iso.datetime({ offset: true }) }).optional(),
});
export type Page = z.infer<typeof pageSchema>;
