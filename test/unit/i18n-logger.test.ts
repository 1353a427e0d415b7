import { describe, expect, it } from 'vitest';
import { langFromAcceptLanguage, langFromEnvironment } from '../../src/i18n.ts';
import { createLogger } from '../../src/logger.ts';

describe('language choice', () => {
  it('prefers Chinese unless the client ranks English higher', () => {
    expect(langFromAcceptLanguage(undefined)).toBe('zh-CN');
    expect(langFromAcceptLanguage('zh-TW,zh;q=0.9')).toBe('zh-CN');
    expect(langFromAcceptLanguage('en-US,en;q=0.9')).toBe('en');
    expect(langFromAcceptLanguage('en;q=0.4, zh-CN;q=0.8')).toBe('zh-CN');
    expect(langFromAcceptLanguage('fr-FR, en;q=0.5')).toBe('en');
    expect(langFromAcceptLanguage('de')).toBe('zh-CN');
  });

  it('uses DIFANG_LANG for the console, not the server locale', () => {
    expect(langFromEnvironment({ LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(langFromEnvironment({ DIFANG_LANG: 'en' })).toBe('en');
  });
});

describe('logger', () => {
  it('writes JSON lines with time, level, event and fields, filtered by level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', format: 'json', write: (line) => lines.push(line), now: () => new Date('2026-11-23T00:00:00Z') });
    logger.log('debug', 'hidden');
    logger.child({ requestId: 'r1' }).log('warn', 'storage.slow', { ms: 1200, error: new Error('boom') });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ time: '2026-11-23T00:00:00.000Z', level: 'warn', event: 'storage.slow', requestId: 'r1', ms: 1200, error: { name: 'Error', message: 'boom' } });
  });

  it('writes one readable line per event for a terminal', () => {
    const lines: string[] = [];
    createLogger({ level: 'debug', format: 'pretty', write: (line) => lines.push(line), now: () => new Date('2026-11-23T08:30:05Z') }).log('info', 'server.started', { url: 'http://127.0.0.1:3000' });
    expect(lines).toEqual(['08:30:05 INFO  server.started url=http://127.0.0.1:3000']);
  });
});
