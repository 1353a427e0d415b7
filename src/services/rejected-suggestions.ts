/**
 * Suggestions a cataloguer rejected, remembered per article so they are not offered again — to
 * them or to the reviewer after them. One object per article under catalog/rejected/, changed
 * with a conditional write (two people rejecting at once both keep theirs).
 */
import { z } from 'zod';
import { bytesOf } from '../adapters/body.ts';
import { fold } from '../domain/fold.ts';
import { StorageError } from '../errors.ts';
import type { ObjectStore } from '../ports.ts';
import { parseStoredJson } from './record-store.ts';

export const rejectedPrefix = 'catalog/rejected/';
export const suggestionKinds = ['keywords', 'subjects', 'persons', 'places', 'organizations', 'clc'] as const;
export const rejectedSuggestionsSchema = z.object({
  rejected: z.array(z.object({ kind: z.enum(suggestionKinds), name: z.string().min(1).max(200), by: z.string(), at: z.iso.datetime({ offset: true }) })),
});
type RejectedFile = z.infer<typeof rejectedSuggestionsSchema>;

const keyOf = (id: string) => `${rejectedPrefix}${id}.json`;
/** How a rejection is looked up: the kind and the folded name (遠 and 远 are one rejection). */
export const rejectionKey = (kind: string, name: string) => `${kind}:${fold(name)}`;

export class RejectedSuggestions {
  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async read(id: string): Promise<{ file: RejectedFile; etag: string } | null> {
    const object = await this.store.get(keyOf(id));
    return object ? { file: parseStoredJson(keyOf(id), await bytesOf(object), rejectedSuggestionsSchema), etag: object.info.etag } : null;
  }

  async of(id: string): Promise<Set<string>> {
    const stored = await this.read(id);
    return new Set((stored?.file.rejected ?? []).map((entry) => rejectionKey(entry.kind, entry.name)));
  }

  async add(id: string, kind: (typeof suggestionKinds)[number], name: string, by: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const stored = await this.read(id);
      const rejected = stored?.file.rejected ?? [];
      if (rejected.some((entry) => rejectionKey(entry.kind, entry.name) === rejectionKey(kind, name))) return;
      const next: RejectedFile = { rejected: [...rejected, { kind, name, by, at: this.now().toISOString() }] };
      try {
        await this.store.put(keyOf(id), JSON.stringify(next), stored ? { ifMatch: stored.etag } : { ifAbsent: true });
        return;
      } catch (error) {
        if (!(error instanceof StorageError && error.code === 'precondition_failed') || attempt >= 5) throw error;
      }
    }
  }
}
