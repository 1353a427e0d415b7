/**
 * Slows password guessing without handing attackers a way to lock staff out:
 *  - one client that fails 5 times for one account waits until the oldest failure is 15 minutes
 *    old — the account's owner, signing in from elsewhere, is not affected;
 *  - one client that fails 20 times, whatever names it tries (spraying), waits likewise;
 *  - an existing account that fails 50 times from everywhere (a guess spread over many
 *    addresses) waits for everyone; those failures are kept in storage
 *    (signin-failures/{sha256 of the name}.json, conditional writes), so every difang process and
 *    every Workers isolate counts them — and only for accounts that exist, so a flood of made-up
 *    names writes nothing;
 *  - password checks (scrypt, ~60 ms of a thread each) run two at a time; a crowd of waiting
 *    checks beyond 64 is turned away at once, so a flood of sign-ins cannot take the threads
 *    readers' tiles need.
 * The per-client counts live in memory, bounded (the least recently failed are forgotten first).
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#login-throttling
 */
import { z } from 'zod';
import { StorageError } from '../errors.ts';
import type { ObjectStore } from '../ports.ts';
import { sha256Hex } from './accounts.ts';
import { parseStoredJson } from './record-store.ts';
import { bytesOf } from '../adapters/body.ts';
import { WorkGate } from './work-gate.ts';

export const failuresSchema = z.object({ failures: z.array(z.number()) });

export interface ThrottleLimits {
  /** Failures for one account from one client before that client waits. */
  perAccountFromClient: number;
  /** Failures from one client, whatever names it tries. */
  perClient: number;
  /** Failures for one existing account from every client together. */
  perAccount: number;
  windowMs: number;
  /** Clients and (account, client) pairs remembered in memory. */
  remembered: number;
  /** Password checks run at once, and how many may wait for a turn. */
  concurrentChecks: number;
  waitingChecks: number;
}

export const defaultThrottleLimits: ThrottleLimits = {
  perAccountFromClient: 5,
  perClient: 20,
  perAccount: 50,
  windowMs: 15 * 60_000,
  remembered: 20_000,
  concurrentChecks: 2,
  waitingChecks: 64,
};

/** A sign-in attempt: the account name tried and the client trying it (its address, or "unknown"). */
export interface Attempt {
  username: string;
  client: string;
}

export class LoginThrottle {
  private readonly limits: ThrottleLimits;
  private readonly byClient: RecentFailures;
  private readonly byAccountFromClient: RecentFailures;
  private readonly checks: WorkGate;

  constructor(
    private readonly store: ObjectStore,
    limits: Partial<ThrottleLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...defaultThrottleLimits, ...limits };
    this.byClient = new RecentFailures(this.limits.windowMs, this.limits.remembered);
    this.byAccountFromClient = new RecentFailures(this.limits.windowMs, this.limits.remembered);
    this.checks = new WorkGate(this.limits.concurrentChecks, this.limits.waitingChecks);
  }

  /** Seconds to wait before trying again, or 0 when an attempt may be made now. */
  async retryAfter(attempt: Attempt): Promise<number> {
    const now = this.now();
    const { windowMs } = this.limits;
    const waits = [
      waitFor(this.byClient.recent(attempt.client, now), this.limits.perClient, windowMs, now),
      waitFor(this.byAccountFromClient.recent(pairOf(attempt), now), this.limits.perAccountFromClient, windowMs, now),
    ];
    if (Math.max(...waits) === 0) waits.push(waitFor((await this.readStored(attempt.username)).recent, this.limits.perAccount, windowMs, now));
    return Math.max(...waits);
  }

  /** Counts a failed attempt; `accountExists` says whether to count it against the account everywhere. */
  async failed(attempt: Attempt, accountExists: boolean): Promise<void> {
    const now = this.now();
    this.byClient.add(attempt.client, now);
    this.byAccountFromClient.add(pairOf(attempt), now);
    if (accountExists) await this.addStored(attempt.username, now);
  }

  async succeeded(attempt: Attempt): Promise<void> {
    this.byAccountFromClient.clear(pairOf(attempt));
    await this.store.delete(await storedKey(attempt.username));
  }

  /** Runs a password check when a turn is free; null when too many are already waiting. */
  check<T>(work: () => Promise<T>): Promise<T | null> {
    return this.checks.run(work);
  }

  private async addStored(username: string, now: number): Promise<void> {
    const key = await storedKey(username);
    for (let attempt = 0; attempt < 8; attempt++) {
      const { recent, etag } = await this.readStored(username, key);
      try {
        await this.store.put(key, JSON.stringify({ failures: [...recent, now] }), etag ? { ifMatch: etag } : { ifAbsent: true });
        return;
      } catch (error) {
        if (!(error instanceof StorageError && error.code === 'precondition_failed')) throw error;
      }
    }
  }

  private async readStored(username: string, key?: string): Promise<{ recent: number[]; etag: string | null }> {
    const storageKey = key ?? (await storedKey(username));
    const object = await this.store.get(storageKey);
    if (!object) return { recent: [], etag: null };
    const since = this.now() - this.limits.windowMs;
    const { failures } = parseStoredJson(storageKey, await bytesOf(object), failuresSchema);
    return { recent: failures.filter((at) => at > since), etag: object.info.etag };
  }
}

const canonicalName = (username: string): string => username.normalize('NFC').trim().toLowerCase();
const pairOf = (attempt: Attempt): string => `${canonicalName(attempt.username)}\u0000${attempt.client}`;
export const signInFailuresPrefix = 'signin-failures/';
const storedKey = async (username: string): Promise<string> => `${signInFailuresPrefix}${await sha256Hex(canonicalName(username))}.json`;

function waitFor(recent: readonly number[], limit: number, windowMs: number, now: number): number {
  if (recent.length < limit) return 0;
  return Math.max(1, Math.ceil((recent[recent.length - limit]! + windowMs - now) / 1000));
}

/** Failure times per key within a window, in memory, for at most `capacity` keys. */
class RecentFailures {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly windowMs: number,
    private readonly capacity: number,
  ) {}

  recent(key: string, now: number): number[] {
    const times = this.times.get(key);
    if (!times) return [];
    const since = now - this.windowMs;
    const kept = times.filter((at) => at > since);
    if (kept.length === 0) this.times.delete(key);
    else if (kept.length < times.length) this.times.set(key, kept);
    return kept;
  }

  add(key: string, now: number): void {
    const kept = [...this.recent(key, now), now];
    // Re-inserted, so the map's order is least recently failed first; the oldest go when it is full.
    this.times.delete(key);
    this.times.set(key, kept.slice(-256));
    while (this.times.size > this.capacity) this.times.delete(this.times.keys().next().value!);
  }

  clear(key: string): void {
    this.times.delete(key);
  }
}
