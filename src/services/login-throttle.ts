/**
 * Slows password guessing: after `limit` failed sign-ins for one username within `windowMs`,
 * further attempts for it are refused until the oldest failure leaves the window. Kept in memory
 * (per process); a success clears the username's failures.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before trying again, or 0 when an attempt may be made now. */
  retryAfter(username: string): number {
    const recent = this.recent(username);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - this.now()) / 1000));
  }

  failed(username: string): void {
    this.failures.set(username, [...this.recent(username), this.now()]);
  }

  succeeded(username: string): void {
    this.failures.delete(username);
  }

  private recent(username: string): number[] {
    const since = this.now() - this.windowMs;
    const recent = (this.failures.get(username) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.failures.delete(username);
    else this.failures.set(username, recent);
    return recent;
  }
}
