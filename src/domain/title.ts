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

/** 国内统一刊号 as libraries write it (44-0043, CN44-0043, ＣＮ ４４－００４３/G0) in the form the record keeps, or null. */
export function normalizeCn(value: string): string | null {
  const ascii = value.normalize('NFKC').trim().toUpperCase();
  const match = /^(?:CN)?\s*(\d{2})\s*[-‐–—]\s*(\d{4})(\/[A-Z0-9.]+)?$/.exec(ascii);
  return match ? `CN ${match[1]}-${match[2]}${match[3] ?? ''}` : null;
}

/** An ISSN with or without its hyphen, checked by its check digit (ISO 3297), as 1234-5679; or null. */
export function normalizeIssn(value: string): string | null {
  const compact = value.normalize('NFKC').trim().toUpperCase().replace(/^ISSN\s*/, '').replace(/[-‐–—\s]/g, '');
  if (!/^\d{7}[\dX]$/.test(compact)) return null;
  const sum = [...compact.slice(0, 7)].reduce((total, digit, i) => total + Number(digit) * (8 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  if ((check === 10 ? 'X' : String(check)) !== compact[7]) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}
