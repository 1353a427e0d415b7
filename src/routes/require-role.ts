/** Refuses a request unless its principal holds one of the roles: 401 when anonymous, 403 when not allowed. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import type { Role } from '../domain/user.ts';
import { AppError } from '../errors.ts';

export const requireRole = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const principal = await c.var.deps.auth.principalFor(c.req.raw);
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer realm="difang"');
      throw new AppError('unauthorized', {
        detail: c.var.deps.auth.adminConfigured
          ? undefined
          : { 'zh-CN': '尚未配置管理员凭据：请设置 ADMIN_TOKEN', en: 'no administrator credential is configured: set ADMIN_TOKEN' },
      });
    }
    if (!roles.some((role) => principal.roles.includes(role))) throw new AppError('forbidden');
    c.set('principal', principal);
    await next();
  });
