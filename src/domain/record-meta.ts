/** Fields every stored record carries so that writes can be checked and audited. */
import { z } from 'zod';

export const recordMetaSchema = z.object({
  /** Incremented by every saved change; a save naming an older version is refused. */
  version: z.number().int().min(1),
  updatedAt: z.iso.datetime({ offset: true }),
  /** Username of whoever made the change; absent for the ingest pipeline. */
  updatedBy: z.string().min(1).optional(),
});
export type RecordMeta = z.infer<typeof recordMetaSchema>;
