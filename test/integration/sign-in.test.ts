/**
 * Sign-in under attack (issue 22), on the Node server as deployed behind a proxy (TRUST_PROXY):
 * guessing is slowed per client and per account without locking the owner out, spraying many
 * names from one client is slowed, made-up names write nothing, cross-site sign-in forms are
 * refused, and a password reset ends the account's sessions and API tokens.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/env.ts';
import { silentLogger } from '../../src/logger.ts';
import { startDifang, type RunningDifang } from '../../src/node.ts';
import { meiliConnection, uniqueName } from '../helpers/services.ts';
import { temporaryFolders } from '../helpers/temp-files.ts';

const adminToken = 'an-administrator-token-for-tests-only';
const folder = temporaryFolders();
const alice = { username: 'alice', password: 'alice-password-1' };

describe('sign-in under attack', () => {
  let difang: RunningDifang;
  let dataDir: string;
  const signIn = (body: Record<string, string>, from: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${difang.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from, ...headers }, body: JSON.stringify(body) });
  const admin = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${difang.url}${path}`, { ...init, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}`, ...init.headers } });

  beforeAll(async () => {
    dataDir = await folder('sign-in');
    const { url, key } = meiliConnection();
    difang = await startDifang(
      parseEnv({ DATA_DIR: dataDir, PORT: '0', MEILI_URL: url, MEILI_MASTER_KEY: key, MEILI_INDEX_PREFIX: `${uniqueName('signin').replace(/-/g, '_')}_`, ADMIN_TOKEN: adminToken, DEMO_DATA: 'off', TRUST_PROXY: 'true' }),
      silentLogger,
    );
    const created = await admin('/api/users', { method: 'POST', body: JSON.stringify({ ...alice, displayName: '李爱丽', roles: ['cataloguer'] }) });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await difang?.close();
  });

  it('five wrong passwords from one address slow that address only: the owner still signs in from hers', async () => {
    for (const username of ['alice', 'ALICE', ' alice', 'Alice ', 'alice']) expect((await signIn({ username, password: 'wrong-password' }, '203.0.113.9')).status).toBe(401);
    const slowed = await signIn(alice, '203.0.113.9');
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('Retry-After'))).toBeGreaterThan(800);
    expect((await signIn(alice, '198.51.100.7')).status).toBe(200);
  });

  it('thirty names tried once each from one address are slowed after twenty, and made-up names write nothing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await signIn({ username: `spray${i}`, password: 'Winter2026!' }, '203.0.113.50')).status);
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
    // Nothing is kept in storage for names that are not accounts; a failure for alice, who exists, is.
    const kept = () => readdir(join(dataDir, 'objects', 'signin-failures')).catch(() => []);
    expect(await kept()).toHaveLength(0);
    expect((await signIn({ username: 'alice', password: 'wrong-password' }, '198.51.100.8')).status).toBe(401);
    expect(await kept()).toHaveLength(1);
  });

  it('refuses a sign-in form posted from another site (login CSRF), and sets no cookie', async () => {
    const form = new URLSearchParams({ username: alice.username, password: alice.password, next: '/catalog' });
    const foreign: Record<string, string>[] = [{ Origin: 'https://evil.example' }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'cross-site' }];
    for (const headers of foreign) {
      const response = await fetch(`${difang.url}/api/session`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '198.51.100.20', ...headers }, body: form });
      expect(response.status).toBe(403);
      expect(response.headers.get('Set-Cookie')).toBeNull();
    }
    const own = await fetch(`${difang.url}/api/session`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: difang.url, 'X-Forwarded-For': '198.51.100.20' }, body: form });
    expect(own.status).toBe(303);
    expect(own.headers.get('Location')).toBe('/catalog');
  });

  it("a new password ends the account's sessions and API tokens; one token can be revoked on its own", async () => {
    const cookieOf = (response: Response) => response.headers.get('Set-Cookie')!.split(';')[0]!;
    const session = cookieOf(await signIn(alice, '198.51.100.30'));
    const whoAmI = (headers: Record<string, string>) => fetch(`${difang.url}/api/session`, { headers });
    expect((await whoAmI({ Cookie: session })).status).toBe(200);
    const tokenOf = async (label: string) => ((await (await admin('/api/users/alice/tokens', { method: 'POST', body: JSON.stringify({ label }) })).json()) as { token: string }).token;
    const [first, second] = [await tokenOf('导出脚本'), await tokenOf('备份脚本')];
    expect((await whoAmI({ Authorization: `Bearer ${first}` })).status).toBe(200);

    // One token revoked by the id the list gives; the other still works.
    const listed = (await (await admin('/api/users/alice/tokens')).json()) as { tokens: { id: string; label: string; active: boolean }[] };
    expect(listed.tokens.map((t) => [t.label, t.active])).toEqual([
      ['导出脚本', true],
      ['备份脚本', true],
    ]);
    expect(JSON.stringify(listed)).not.toContain(first.slice(4));
    expect((await admin(`/api/users/alice/tokens/${listed.tokens[0]!.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin(`/api/users/alice/tokens/${listed.tokens[0]!.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await whoAmI({ Authorization: `Bearer ${first}` })).status).toBe(401);
    expect((await whoAmI({ Authorization: `Bearer ${second}` })).status).toBe(200);

    // The administrator resets the password: the session and the remaining token end with it.
    await new Promise((wait) => setTimeout(wait, 5));
    expect((await admin('/api/users/alice', { method: 'PATCH', body: JSON.stringify({ password: 'alice-new-password-2' }) })).status).toBe(200);
    expect((await whoAmI({ Cookie: session })).status).toBe(401);
    expect((await whoAmI({ Authorization: `Bearer ${second}` })).status).toBe(401);
    expect(((await (await admin('/api/users/alice/tokens')).json()) as { tokens: { active: boolean }[] }).tokens.map((t) => t.active)).toEqual([false]);
    expect((await signIn({ username: 'alice', password: 'alice-new-password-2' }, '198.51.100.30')).status).toBe(200);
  });
});
