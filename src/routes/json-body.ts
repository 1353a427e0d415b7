/** A JSON request body read through its schema; anything else is a 400 that says what is wrong, in both languages. */
import { invalidValueText } from '../domain/invalid-value.ts';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { AppError } from '../errors.ts';

export async function parseJsonBody<T>(c: Context<AppEnv>, schema: z.ZodType<T>): Promise<T> {
  const body: unknown = await c.req.json().catch(() => {
    throw new AppError('bad_request', { detail: { 'zh-CN': '请求体须为 JSON', en: 'the request body must be JSON' } });
  });
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new AppError('bad_request', { detail: invalidValueText(parsed.error, { 'zh-CN': '请求有误', en: 'bad request' }) });
  }
  return parsed.data;
}
