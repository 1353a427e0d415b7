/**
 * Slows password guessing: after `limit` failed sign-ins for one username within `windowMs`,
 * further attempts for it are refused until the oldest failure leaves the window; a success clears
 * them. Failures are kept in storage (signin-failures/{sha256 of the name}.json, conditional
 * writes), so every difang process — and every Workers isolate — counts the same attempts.
 */
import { z } from 'zod';
import { StorageError } from '../errors.ts';
import type { ObjectStore } from '../ports.ts';
import { sha256Hex } from './accounts.ts';
import { parseStoredJson } from './record-store.ts';
import { bytesOf } from '../adapters/body.ts';

const failuresSchema = z.object({ failures: z.array(z.number()) });

export class LoginThrottle {
  constructor(
    private readonly store: ObjectStore,
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before trying again, or 0 when an attempt may be made now. */
  async retryAfter(username: string): Promise<number> {
    const { recent } = await this.read(username);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - this.now()) / 1000));
  }

  async failed(username: string): Promise<void> {
    const key = await this.key(username);
    for (let attempt = 0; attempt < 8; attempt++) {
      const { recent, etag } = await this.read(username, key);
      try {
        await this.store.put(key, JSON.stringify({ failures: [...recent, this.now()] }), etag ? { ifMatch: etag } : { ifAbsent: true });
        return;
      } catch (error) {
        if (!(error instanceof StorageError && error.code === 'precondition_failed')) throw error;
      }
    }
  }

  async succeeded(username: string): Promise<void> {
    await this.store.delete(await this.key(username));
  }

  private async key(username: string): Promise<string> {
    return `signin-failures/${await sha256Hex(username.normalize('NFC').toLowerCase())}.json`;
  }

  private async read(username: string, key?: string): Promise<{ recent: number[]; etag: string | null }> {
    const storageKey = key ?? (await this.key(username));
    const object = await this.store.get(storageKey);
    if (!object) return { recent: [], etag: null };
    const since = this.now() - this.windowMs;
    const { failures } = parseStoredJson(storageKey, await bytesOf(object), failuresSchema);
    return { recent: failures.filter((at) => at > since), etag: object.info.etag };
  }
}
