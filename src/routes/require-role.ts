/**
 * Refuses a request unless its principal holds one of the roles: 401 when anonymous, 403 when not
 * allowed. A change made with a session cookie must also carry the session's CSRF token
 * (X-CSRF-Token, or _csrf in a form) and, when the browser says where it comes from, come from
 * difang's own origin; bearer tokens are never sent by a browser on its own, so they need neither.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import type { Title } from '../domain/title.ts';
import type { Role } from '../domain/user.ts';
import { AppError } from '../errors.ts';
import { sameSecret, type Principal } from '../services/authenticator.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function principalOf(c: Context<AppEnv>): Promise<Principal | null> {
  if (c.var.principal) return c.var.principal;
  const principal = await c.var.deps.auth.principalFor(c.req.raw);
  if (principal) c.set('principal', principal);
  return principal;
}

/**
 * A paper as this requester may see it: a public one to anyone, a hidden one (copyright) to staff
 * only — and then the answer is marked private so no shared cache keeps it. Null otherwise.
 */
export async function viewableTitle(c: Context<AppEnv>, id: string): Promise<Title | null> {
  const title = await c.var.services.titles.get(id);
  if (!title) return null;
  if (!title.hidden) return title;
  if (!(await principalOf(c))) return null;
  c.set('privateResponse', true);
  return title;
}

/**
 * Whether a browser says the request comes from another site: an Origin that is not difang's, or
 * Sec-Fetch-Site: cross-site. (Scripts send neither.) `opaqueIsForeign` counts Origin: null — a
 * sandboxed frame or a privacy-minded redirect — as foreign too.
 */
export function fromAnotherSite(c: Context<AppEnv>, opaqueIsForeign = false): boolean {
  const origin = c.req.header('Origin');
  const own = [new URL(c.req.url).origin, new URL(c.var.deps.publicBaseUrl).origin];
  if (c.req.header('Sec-Fetch-Site') === 'cross-site') return true;
  if (!origin) return false;
  if (origin === 'null') return opaqueIsForeign;
  return !own.includes(origin);
}

async function checkCsrf(c: Context<AppEnv>, principal: Principal): Promise<void> {
  if (principal.via !== 'session' || safeMethods.has(c.req.method)) return;
  const refused = { detail: { 'zh-CN': '请求缺少有效的防伪令牌（CSRF），请刷新页面后重试', en: 'the request lacks a valid CSRF token; reload the page and try again' } };
  if (fromAnotherSite(c)) throw new AppError('forbidden', refused);
  let sent = c.req.header('X-CSRF-Token');
  if (!sent && (c.req.header('Content-Type') ?? '').includes('application/x-www-form-urlencoded')) {
    const form = await c.req.parseBody();
    sent = typeof form._csrf === 'string' ? form._csrf : undefined;
  }
  if (!sent || !principal.csrf || !(await sameSecret(sent, principal.csrf))) throw new AppError('forbidden', refused);
}

export const requireRole = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const principal = await principalOf(c);
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer realm="difang"');
      throw new AppError('unauthorized', {
        detail: c.var.deps.auth.adminConfigured
          ? undefined
          : { 'zh-CN': '尚未配置管理员凭据：请设置 ADMIN_TOKEN', en: 'no administrator credential is configured: set ADMIN_TOKEN' },
      });
    }
    if (!roles.some((role) => principal.roles.includes(role))) throw new AppError('forbidden');
    await checkCsrf(c, principal);
    await next();
  });
