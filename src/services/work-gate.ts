/**
 * At most `concurrent` pieces of expensive work at once, and at most `waiting` more in line; work
 * that finds the line full is turned away at once (the caller answers "busy"), so a crowd asking
 * for expensive things (page images composed from tiles, password checks) cannot starve cheap
 * requests (stored tiles, search) of the CPU and the I/O threads they share.
 */
export class WorkGate {
  private running = 0;
  private readonly line: (() => void)[] = [];

  constructor(
    readonly concurrent: number,
    readonly waiting: number,
  ) {}

  /** Runs `work` when a turn is free; null, without running it, when the line is full. */
  async run<T>(work: () => Promise<T>): Promise<T | null> {
    if (this.running >= this.concurrent) {
      if (this.line.length >= this.waiting) return null;
      await new Promise<void>((turn) => this.line.push(turn));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // The turn passes straight to the next in line (running stays the same), or is given back.
      const next = this.line.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** How much is running and waiting, for metrics. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.line.length };
  }
}
