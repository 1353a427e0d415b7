/**
 * What is wrong with a value, as people read it, from the first problem zod found: the field once,
 * then why, in Chinese and in English — never zod's English inside a Chinese sentence, never the
 * field named twice. Schemas that say more write their message as "中文 | English" (see env.ts).
 */
import type { z } from 'zod';
import type { Text } from '../i18n.ts';

type Issue = z.core.$ZodIssue;

/** "field: why" in both languages; `lead` ("请求有误" / "bad request") goes before it. */
export function invalidValueText(error: z.ZodError, lead?: Text): Text {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const why = issue ? reasonOf(issue, field) : { 'zh-CN': '取值无效', en: 'not valid' };
  const text = (lang: keyof Text, quote: (f: string) => string, colon: string, join: string): string =>
    [lead?.[lang], [field ? quote(field) : '', why[lang]].filter(Boolean).join(colon)].filter(Boolean).join(join);
  return { 'zh-CN': text('zh-CN', (f) => `“${f}”`, '：', '：'), en: text('en', (f) => f, ': ', ': ') };
}

function reasonOf(issue: Issue, field: string): Text {
  const own = ownMessage(issue, field);
  if (own) return own;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? { 'zh-CN': '不能为空', en: 'is required' } : { 'zh-CN': `类型不对（应为 ${typeName(issue.expected)}）`, en: `should be ${issue.expected}` };
    case 'too_small':
      return bound(issue.origin, Number(issue.minimum), 'min');
    case 'too_big':
      return bound(issue.origin, Number(issue.maximum), 'max');
    case 'invalid_value':
      return { 'zh-CN': `须为 ${issue.values.map(String).join('、')} 之一`, en: `must be one of ${issue.values.map(String).join(', ')}` };
    case 'unrecognized_keys':
      return { 'zh-CN': `不认识的字段：${issue.keys.join('、')}`, en: `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` };
    case 'invalid_format':
      return { 'zh-CN': '格式不对', en: 'is not in the expected format' };
    default:
      return { 'zh-CN': '取值无效', en: 'is not valid' };
  }
}

/** A message the schema wrote itself (not one of zod's), without the field repeated in front. */
function ownMessage(issue: Issue, field: string): Text | null {
  const message = issue.message.replace(new RegExp(`^${escapeRegExp(field)}\\s*:\\s*`), '');
  if (message.includes(' | ')) {
    const [zh, en] = message.split(' | ');
    return { 'zh-CN': zh!, en: en! };
  }
  // zod's own messages begin like these; anything else was written for this schema (in English).
  if (/^(Invalid|Too (small|big)|Unrecognized|Expected|Required)/.test(message)) return null;
  return { 'zh-CN': /\p{Script=Han}/u.test(message) ? message : '格式不对', en: message };
}

const bound = (origin: string, limit: number, side: 'min' | 'max'): Text => {
  const word = side === 'min' ? ['至少', 'at least'] : ['至多', 'at most'];
  if (origin === 'string') return { 'zh-CN': `${word[0]} ${limit} 个字符`, en: `${word[1]} ${limit} character${limit === 1 ? '' : 's'}` };
  if (origin === 'array' || origin === 'set') return { 'zh-CN': `${word[0]} ${limit} 项`, en: `${word[1]} ${limit} item${limit === 1 ? '' : 's'}` };
  return { 'zh-CN': side === 'min' ? `不能小于 ${limit}` : `不能大于 ${limit}`, en: `${word[1]} ${limit}` };
};

const typeName = (expected: string): string => ({ string: '文字', number: '数字', boolean: '是或否', array: '列表', object: '对象' })[expected] ?? expected;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
