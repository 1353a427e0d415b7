/** Staff accounts, for administrators: list, create, change roles / password / disable, API tokens. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { roleSchema, usernameSchema, type User } from '../domain/user.ts';
import { AppError } from '../errors.ts';
import type { Accounts } from '../services/accounts.ts';
import { requireRole } from './require-role.ts';
import { parseJsonBody } from './json-body.ts';

const newUserSchema = z.object({ username: usernameSchema, displayName: z.string().trim().min(1).max(100), roles: z.array(roleSchema).min(1), password: z.string() });
const userChangeSchema = z
  .object({ displayName: z.string().trim().min(1).max(100), roles: z.array(roleSchema).min(1), password: z.string(), disabled: z.boolean() })
  .partial()
  .strict();
const tokenRequestSchema = z.object({ label: z.string().trim().min(1).max(100) });

/** What is shown of an account: never its password hash. */
export function publicUser({ passwordHash: _hash, ...user }: User) {
  return user;
}

function accountsOf(accounts: Accounts | undefined): Accounts {
  if (!accounts) throw new AppError('not_implemented');
  return accounts;
}

export const userRoutes = new Hono<AppEnv>()
  .use('/api/users', requireRole('admin'))
  .use('/api/users/*', requireRole('admin'))
  .get('/api/users', async (c) => c.json({ users: (await accountsOf(c.var.deps.auth.accounts).listUsers()).map(publicUser) }))
  .post('/api/users', async (c) => {
    const input = await parseJsonBody(c, newUserSchema);
    const user = await accountsOf(c.var.deps.auth.accounts).createUser(input, c.var.principal!.username);
    c.var.deps.logger.log('info', 'users.created', { username: user.username, roles: user.roles, by: c.var.principal!.username });
    return c.json(publicUser(user), 201);
  })
  .patch('/api/users/:username', async (c) => {
    const change = await parseJsonBody(c, userChangeSchema);
    const user = await accountsOf(c.var.deps.auth.accounts).updateUser(c.req.param('username'), change, c.var.principal!.username);
    c.var.deps.logger.log('info', 'users.changed', { username: user.username, fields: Object.keys(change), by: c.var.principal!.username });
    return c.json(publicUser(user));
  })
  .post('/api/users/:username/tokens', async (c) => {
    const { label } = await parseJsonBody(c, tokenRequestSchema);
    const token = await accountsOf(c.var.deps.auth.accounts).createApiToken(c.req.param('username'), label);
    return c.json({ token, note: { 'zh-CN': '令牌只显示这一次，请妥善保存', en: 'the token is shown only this once' } }, 201);
  })
  .get('/api/users/:username/tokens', async (c) => c.json({ tokens: await accountsOf(c.var.deps.auth.accounts).listApiTokens(c.req.param('username')) }))
  .delete('/api/users/:username/tokens/:id', async (c) => {
    const username = c.req.param('username');
    const revoked = await accountsOf(c.var.deps.auth.accounts).revokeApiToken(username, c.req.param('id'));
    if (!revoked) throw new AppError('not_found');
    c.var.deps.logger.log('info', 'users.token_revoked', { username, token: c.req.param('id'), by: c.var.principal!.username });
    return c.body(null, 204);
  });
