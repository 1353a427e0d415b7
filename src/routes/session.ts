/**
 * Signing in and out. POST /api/session takes a username and password (JSON from scripts, or the
 * sign-in form, which then goes on to where the person was heading); it sets an HttpOnly session
 * cookie and answers with the CSRF token that changes must carry. Failed attempts are throttled
 * per client, per account from a client, and per account (services/login-throttle.ts). GET /api/session says who is signed in; DELETE /api/session signs out.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { AppError } from '../errors.ts';
import { sessionCookie, type Principal } from '../services/authenticator.ts';
import { fromAnotherSite, principalOf, requireRole } from './require-role.ts';

const credentialsSchema = z.object({ username: z.string().trim().toLowerCase().min(1).max(64), password: z.string().min(1).max(1024) });

/** Only a path on this site, never another site (an open redirect). */
export function safeNext(next: unknown, fallback = '/catalog'): string {
  if (typeof next !== 'string' || !/^\/(?![/\\])/.test(next) || next.length > 2000) return fallback;
  // Browsers drop tabs and line breaks from URLs ("/\t/evil.example" is "//evil.example") and read
  // "\" as "/": nothing of the kind, and the path must stay on this site once resolved.
  if (/[\u0000-\u001f\u007f\\\s]/.test(next)) return fallback;
  const here = 'http://difang.invalid';
  try {
    return new URL(next, here).origin === here ? next : fallback;
  } catch {
    return fallback;
  }
}

function whoAmI(principal: Principal) {
  return { username: principal.username, displayName: principal.displayName, roles: principal.roles, via: principal.via, csrf: principal.csrf ?? null };
}

const isForm = (c: Context<AppEnv>): boolean => /application\/x-www-form-urlencoded|multipart\/form-data/.test(c.req.header('Content-Type') ?? '');

export const sessionRoutes = new Hono<AppEnv>()
  .post('/api/session', async (c) => {
    const accounts = c.var.deps.auth.accounts;
    if (!accounts) throw new AppError('not_implemented');
    // A sign-in form posted from another site would sign the browser in as the attacker (login CSRF).
    if (fromAnotherSite(c, true)) throw new AppError('forbidden', { detail: { 'zh-CN': '登录请求来自其他网站，已拒绝', en: 'a sign-in sent from another site is refused' } });
    const form = isForm(c);
    const body: Record<string, unknown> = form ? await c.req.parseBody() : await c.req.json().catch(() => ({}));
    const next = safeNext(body.next);
    const failed = (reason: 'invalid' | 'throttled', retryAfter?: number): Response => {
      if (form) return c.redirect(`/catalog/login?error=${reason}&next=${encodeURIComponent(next)}`, 303);
      if (reason === 'throttled') throw new AppError('rate_limited', { retryAfter: retryAfter ?? 60 });
      throw new AppError('unauthorized', { detail: { 'zh-CN': '用户名或密码不正确', en: 'wrong username or password' } });
    };
    const credentials = credentialsSchema.safeParse(body);
    if (!credentials.success) return failed('invalid');
    const { username, password } = credentials.data;
    const throttle = c.var.services.loginThrottle;
    const attempt = { username, client: c.var.deps.clientAddress?.(c.req, c.env) ?? 'unknown' };
    const wait = await throttle.retryAfter(attempt);
    if (wait > 0) return failed('throttled', wait);
    const checked = await throttle.check(async () => ({ user: await accounts.verifyPassword(username, password) }));
    // Too many sign-ins waiting for a password check: turned away at once, without a check.
    if (!checked) return failed('throttled', 1);
    const { user } = checked;
    if (!user) {
      await throttle.failed(attempt, (await accounts.getUser(username)) !== null);
      c.var.deps.logger.log('warn', 'session.sign_in_failed', { username, client: attempt.client });
      return failed('invalid');
    }
    await throttle.succeeded(attempt);
    const { token, session } = await accounts.startSession(user);
    setCookie(c, sessionCookie, token, {
      path: '/',
      httpOnly: true,
      secure: c.var.deps.publicBaseUrl.startsWith('https:'),
      sameSite: 'Lax',
      expires: new Date(session.expiresAt),
    });
    c.var.deps.logger.log('info', 'session.signed_in', { username });
    if (form) return c.redirect(next, 303);
    return c.json({ username: user.username, displayName: user.displayName, roles: user.roles, csrf: session.csrf, expiresAt: session.expiresAt });
  })
  .get('/api/session', async (c) => {
    const principal = await principalOf(c);
    if (!principal) throw new AppError('unauthorized');
    c.header('Cache-Control', 'no-store');
    return c.json(whoAmI(principal));
  })
  .delete('/api/session', requireRole('admin', 'cataloguer', 'reviewer'), async (c) => {
    await endSession(c);
    return c.body(null, 204);
  })
  .post('/catalog/logout', requireRole('admin', 'cataloguer', 'reviewer'), async (c) => {
    await endSession(c);
    return c.redirect('/catalog/login', 303);
  });

async function endSession(c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, sessionCookie);
  if (token) await c.var.deps.auth.accounts?.endSession(token);
  deleteCookie(c, sessionCookie, { path: '/' });
}
