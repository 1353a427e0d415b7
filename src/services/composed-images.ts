/**
 * Page images composed from tiles (a crop, a page at another size, the whole page at full size):
 * the expensive IIIF requests. Each is composed at most once at a time — readers asking for the
 * same image while it is being made wait for that one — only a few are composed at once (a
 * WorkGate; a crowd beyond its line is told "busy"), and the results are kept in memory, most
 * recently used first, up to a byte budget, so a page many readers download is made once. The key
 * names the image's stored version, so a page ingested again is never served from before.
 */
import { WorkGate } from './work-gate.ts';

export class ComposedImages {
  private readonly kept = new Map<string, Uint8Array<ArrayBuffer>>();
  private keptBytes = 0;
  private readonly inFlight = new Map<string, Promise<Uint8Array<ArrayBuffer> | null | 'busy'>>();

  constructor(
    private readonly gate: WorkGate,
    private readonly budgetBytes: number,
  ) {}

  /** The image for `key`: kept, joined in flight, or composed when a turn is free; 'busy' when the line is full. */
  async get(key: string, compose: () => Promise<Uint8Array<ArrayBuffer> | null>): Promise<Uint8Array<ArrayBuffer> | null | 'busy'> {
    const kept = this.kept.get(key);
    if (kept) {
      // Used again: to the back of the line of what is forgotten first.
      this.kept.delete(key);
      this.kept.set(key, kept);
      return kept;
    }
    let making = this.inFlight.get(key);
    if (!making) {
      making = (async () => {
        const turn = await this.gate.run(async () => ({ image: await compose() }));
        if (turn === null) return 'busy' as const;
        if (turn.image) this.keep(key, turn.image);
        return turn.image;
      })().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, making);
    }
    return making;
  }

  private keep(key: string, image: Uint8Array<ArrayBuffer>): void {
    if (image.byteLength > this.budgetBytes / 4) return;
    this.kept.set(key, image);
    this.keptBytes += image.byteLength;
    for (const [oldKey, old] of this.kept) {
      if (this.keptBytes <= this.budgetBytes) break;
      this.kept.delete(oldKey);
      this.keptBytes -= old.byteLength;
    }
  }
}
