/** Title (报纸 / 文献): a newspaper, or a local-history document published in volumes. */
import { z } from 'zod';
import { titleIdSchema } from './natural-keys.ts';
import { recordMetaSchema } from './record-meta.ts';

export const titleKindSchema = z.enum(['newspaper', 'document']);

export const titleSchema = recordMetaSchema.extend({
  key: z.object({ title: titleIdSchema }),
  kind: titleKindSchema,
  /** 报纸名 / 文献名, as printed: 清远日报. */
  name: z.string().trim().min(1),
  /** Earlier or other names (e.g. 清远报 before a renaming). */
  otherNames: z.array(z.string().trim().min(1)).default([]),
  /** 国内统一连续出版物号, e.g. CN 44-0043. */
  cn: z
    .string()
    .regex(/^CN ?\d{2}-\d{4}(\/[A-Z0-9.]+)?$/, 'cn: like "CN 44-0043"')
    .optional(),
  issn: z
    .string()
    .regex(/^\d{4}-\d{3}[\dX]$/, 'issn: like "1234-567X"')
    .optional(),
  /** Library of Congress control number, for titles from US programmes (NDNP). */
  lccn: z.string().regex(/^[a-z]{0,3}\d{8,10}$/, 'lccn: like "sn85058233"').optional(),
  /** 出版地 */
  place: z.string().trim().min(1).optional(),
  publisher: z.string().trim().min(1).optional(),
  /** ISO 639-2 code of the main language. */
  language: z.string().regex(/^[a-z]{3}$/).default('chi'),
  description: z.string().optional(),
  /** 权限: the rights statement readers see and exports carry unless an article overrides it. */
  rights: z.string().trim().min(1),
  /** The same as a URI readers' software understands (rightsstatements.org or Creative Commons), for IIIF and exports. */
  rightsUri: z
    .url()
    .regex(/^https?:\/\/(rightsstatements\.org\/vocab\/|creativecommons\.org\/(licenses|publicdomain)\/)/, 'rightsUri: a rightsstatements.org or creativecommons.org URI')
    .optional(),
  /** Withheld from the public (e.g. still in copyright); cataloguers still see it. */
  hidden: z.boolean().default(false),
  /**
   * When `hidden` last changed. Its articles count as changed then (OAI-PMH reports them deleted
   * from that moment, or back again), so the time outlives a rebuild of the index.
   */
  visibilityChangedAt: z.iso.datetime({ offset: true }).optional(),
});
export type Title = z.infer<typeof titleSchema>;
