/** Messages for a value a schema refuses (issue 22: API errors repeated the field and mixed English into Chinese). */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { invalidValueText } from '../../src/domain/invalid-value.ts';
import { roleSchema, usernameSchema } from '../../src/domain/user.ts';

const text = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a refusal');
  return invalidValueText(parsed.error, { 'zh-CN': '请求有误', en: 'bad request' });
};

describe('invalidValueText', () => {
  const user = z.object({ username: usernameSchema, displayName: z.string().trim().min(1).max(100), roles: z.array(roleSchema).min(1) }).strict();

  it('names the field once and says why in Chinese with no English in it', () => {
    const bad = text(user, { username: 'Bad Name!', displayName: '李', roles: ['cataloguer'] });
    expect(bad['zh-CN']).toBe('请求有误：“username”：格式不对');
    expect(bad.en).toBe('bad request: username: 2–32 lowercase letters, digits, "_", "." or "-"');
    expect(text(user, { username: 'li', roles: ['cataloguer'] })['zh-CN']).toBe('请求有误：“displayName”：不能为空');
    expect(text(user, { username: 'li', displayName: '', roles: ['cataloguer'] })).toEqual({ 'zh-CN': '请求有误：“displayName”：至少 1 个字符', en: 'bad request: displayName: at least 1 character' });
    expect(text(user, { username: 'li', displayName: '李', roles: ['boss'] })['zh-CN']).toBe('请求有误：“roles.0”：须为 admin、cataloguer、reviewer、curator 之一');
    expect(text(user, { username: 'li', displayName: '李', roles: [], extra: 1 })['zh-CN']).toMatch(/^请求有误：(“roles”：至少 1 项|不认识的字段：extra)$/);
    for (const value of [{}, { username: 1 }, { username: 'li', displayName: 'x'.repeat(101), roles: ['admin'] }]) {
      expect(text(user, value)['zh-CN']).not.toMatch(/[A-Za-z]{4,}(?![^“]*”)/);
    }
  });

  it('takes a schema\'s own "中文 | English" message as it is', () => {
    const schema = z.object({ cn: z.string().regex(/^CN \d{2}-\d{4}$/, '须形如 CN 44-0043 | like CN 44-0043') });
    expect(text(schema, { cn: '44-43' })).toEqual({ 'zh-CN': '请求有误：“cn”：须形如 CN 44-0043', en: 'bad request: cn: like CN 44-0043' });
  });
});
