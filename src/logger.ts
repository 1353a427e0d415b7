/** Structured logs: JSON lines for machines, one readable line per event on a terminal. */
import type { Logger, LogLevel } from './ports.ts';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level: LogLevel;
  format: 'json' | 'pretty';
  /** Where finished lines go (stdout on Node, console on Workers). */
  write: (line: string, level: LogLevel) => void;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions, bound: Record<string, unknown> = {}): Logger {
  const now = options.now ?? (() => new Date());
  return {
    log(level, event, fields = {}) {
      if (rank[level] < rank[options.level]) return;
      const entry = { time: now().toISOString(), level, event, ...bound, ...fields };
      options.write(options.format === 'json' ? JSON.stringify(entry, errorReplacer) : prettyLine(entry), level);
    },
    child(fields) {
      return createLogger(options, { ...bound, ...fields });
    },
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { log() {}, child: () => silentLogger };

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, ...(value.cause !== undefined ? { cause: value.cause } : {}), stack: value.stack };
  }
  return value;
}

function prettyLine(entry: Record<string, unknown>): string {
  const { time, level, event, ...rest } = entry;
  const clock = String(time).slice(11, 19);
  const tail = Object.entries(rest)
    .map(([key, value]) => `${key}=${value instanceof Error ? value.message : typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${clock} ${String(level).toUpperCase().padEnd(5)} ${String(event)}${tail ? ` ${tail}` : ''}`;
}
