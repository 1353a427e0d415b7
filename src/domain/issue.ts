/** Issue (期) of a newspaper, or volume (卷/册) of a local-history document. */
import { z } from 'zod';
import { issueKeySchema } from './natural-keys.ts';
import { recordMetaSchema } from './record-meta.ts';

export const issueSchema = recordMetaSchema.extend({
  key: issueKeySchema,
  /** The date as printed in the masthead, kept beside the normalized one (lunar dates, 民国纪年). */
  printedDate: z.string().trim().min(1).optional(),
  /** 期号 */
  issueNo: z.string().trim().min(1).optional(),
  /** 总期号 */
  totalIssueNo: z.string().trim().min(1).optional(),
  /** A volume's own label (卷三, 上册); newspapers rarely need one. */
  label: z.string().trim().min(1).optional(),
  /** The one file the whole issue or volume came in (a multi-page PDF), to notice a redelivery. */
  source: z.object({ name: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), pages: z.number().int().min(1) }).optional(),
  /** Publication date of a volume, possibly partial: 1937, 1937-05. */
  published: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'published: YYYY, YYYY-MM or YYYY-MM-DD')
    .optional(),
});
export type Issue = z.infer<typeof issueSchema>;
