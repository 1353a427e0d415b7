import { describe, expect, it } from 'vitest';
import { assertValidKey, assertValidPrefix, contentTypeForKey } from '../../src/adapters/object-key.ts';
import { StorageError } from '../../src/errors.ts';

describe('object keys', () => {
  it('accepts the keys difang makes, Chinese included', () => {
    for (const key of ['records/qyrb/title.json', 'pages/qyrb/1995-03-01/ed-1/seq-3/original.tif', 'iiif/qyrb_1995-03-01_ed-1_seq-3/0,0,512,512/512,/0/default.jpg', 'imports/清远日报/1995年.csv']) {
      expect(assertValidKey(key)).toBe(key);
    }
  });

  it('explains what is wrong with a key', () => {
    const problem = (key: string): string => {
      try {
        assertValidKey(key);
        return 'accepted';
      } catch (error) {
        expect(error).toBeInstanceOf(StorageError);
        return (error as Error).message;
      }
    };
    expect(problem('../x')).toContain('".." segment');
    expect(problem('/x')).toContain('absolute');
    expect(problem('a\u0000b')).toContain('control character');
    expect(problem('a'.repeat(1025))).toContain('1024 bytes');
    expect(problem(`a/${'清'.repeat(86)}`)).toContain('255 bytes');
    expect(problem('.difang/locks/x')).toContain('reserved');
  });

  it('accepts prefixes that end in "/" or stop part way through a name, and the empty prefix', () => {
    expect(assertValidPrefix('')).toBe('');
    expect(assertValidPrefix('records/')).toBe('records/');
    expect(assertValidPrefix('records/qy')).toBe('records/qy');
    expect(() => assertValidPrefix('records//')).toThrow(StorageError);
  });

  it('derives content types from extensions', () => {
    expect(contentTypeForKey('a/info.json')).toBe('application/json');
    expect(contentTypeForKey('a/0/default.jpg')).toBe('image/jpeg');
    expect(contentTypeForKey('a/page.JP2')).toBe('image/jp2');
    expect(contentTypeForKey('a/unknown.xyz')).toBe('application/octet-stream');
  });
});
